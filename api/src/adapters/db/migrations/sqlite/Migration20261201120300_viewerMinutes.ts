import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120300_viewerMinutes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`usage_total\` (\`id\` integer not null primary key autoincrement, \`scene_id\` text not null, \`model\` text not null, \`turns\` integer not null, \`prompt_tokens\` bigint not null, \`completion_tokens\` bigint not null, \`latency_ms\` bigint not null);`);
    this.addSql(`create unique index \`usage_total_scene_id_model_unique\` on \`usage_total\` (\`scene_id\`, \`model\`);`);

    this.addSql(`create table \`viewer_minute\` (\`id\` integer not null primary key autoincrement, \`scene_id\` text not null, \`minute\` bigint not null, \`peak\` integer not null, \`sum\` bigint not null, \`samples\` integer not null);`);
    this.addSql(`create index \`viewer_minute_minute_index\` on \`viewer_minute\` (\`minute\`);`);
    this.addSql(`create unique index \`viewer_minute_scene_id_minute_unique\` on \`viewer_minute\` (\`scene_id\`, \`minute\`);`);

    this.addSql(`create table \`character_minute\` (\`id\` integer not null primary key autoincrement, \`scene_id\` text not null, \`character_id\` text not null, \`name\` text not null, \`minute\` bigint not null, \`lines\` integer not null, \`rating_sum\` integer not null);`);
    this.addSql(`create index \`character_minute_minute_index\` on \`character_minute\` (\`minute\`);`);
    this.addSql(`create unique index \`character_minute_character_id_minute_unique\` on \`character_minute\` (\`character_id\`, \`minute\`);`);

    this.addSql(`create table \`character_tally_minute\` (\`id\` integer not null primary key autoincrement, \`scene_id\` text not null, \`character_id\` text not null, \`minute\` bigint not null, \`kind\` text not null, \`label\` text not null, \`emoji\` text not null, \`count\` integer not null);`);
    this.addSql(`create index \`character_tally_minute_minute_index\` on \`character_tally_minute\` (\`minute\`);`);
    this.addSql(`create unique index \`character_tally_minute_key_unique\` on \`character_tally_minute\` (\`character_id\`, \`minute\`, \`kind\`, \`label\`, \`emoji\`);`);

    // Lines stored before these tables existed are counted too, so `stats` and `characterStats` cover all history.
    this.addSql(`insert into \`usage_total\` (\`scene_id\`, \`model\`, \`turns\`, \`prompt_tokens\`, \`completion_tokens\`, \`latency_ms\`) select \`scene_id\`, \`model\`, count(*), sum(\`prompt_tokens\`), sum(\`completion_tokens\`), sum(\`latency_ms\`) from \`message\` group by \`scene_id\`, \`model\`;`);
    this.addSql(`insert into \`character_minute\` (\`scene_id\`, \`character_id\`, \`name\`, \`minute\`, \`lines\`, \`rating_sum\`) select max(\`scene_id\`), \`speaker_id\`, max(\`speaker_name\`), (\`created_at\` / 60000) * 60000, count(*), sum(\`rating\`) from \`message\` group by \`speaker_id\`, (\`created_at\` / 60000) * 60000;`);
    this.addSql(`insert into \`character_tally_minute\` (\`scene_id\`, \`character_id\`, \`minute\`, \`kind\`, \`label\`, \`emoji\`, \`count\`) select max(\`scene_id\`), \`speaker_id\`, (\`created_at\` / 60000) * 60000, 'mood', \`mood\`, \`mood_emoji\`, count(*) from \`message\` group by \`speaker_id\`, (\`created_at\` / 60000) * 60000, \`mood\`, \`mood_emoji\`;`);
    this.addSql(`insert into \`character_tally_minute\` (\`scene_id\`, \`character_id\`, \`minute\`, \`kind\`, \`label\`, \`emoji\`, \`count\`) select max(\`scene_id\`), \`speaker_id\`, (\`created_at\` / 60000) * 60000, 'to', \`recipient_name\`, '', count(*) from \`message\` where \`recipient_name\` is not null group by \`speaker_id\`, (\`created_at\` / 60000) * 60000, \`recipient_name\`;`);
  }

}
