import { Migration } from '@mikro-orm/migrations';

export class Migration20261201105258_usageMinute extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`usage_minute\` (\`id\` integer not null primary key autoincrement, \`scene_id\` text not null, \`model\` text not null, \`minute\` bigint not null, \`turns\` integer not null, \`prompt_tokens\` integer not null, \`completion_tokens\` integer not null);`);
    this.addSql(`create index \`usage_minute_minute_index\` on \`usage_minute\` (\`minute\`);`);
    this.addSql(`create unique index \`usage_minute_scene_id_model_minute_unique\` on \`usage_minute\` (\`scene_id\`, \`model\`, \`minute\`);`);
    // Lines stored before this table existed are counted too, so `usage` covers all history.
    this.addSql(`insert into \`usage_minute\` (\`scene_id\`, \`model\`, \`minute\`, \`turns\`, \`prompt_tokens\`, \`completion_tokens\`) select \`scene_id\`, \`model\`, (\`created_at\` / 60000) * 60000, count(*), sum(\`prompt_tokens\`), sum(\`completion_tokens\`) from \`message\` group by \`scene_id\`, \`model\`, (\`created_at\` / 60000) * 60000;`);
  }

}
