import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120000_memories extends Migration {

  override async up(): Promise<void> {
    // Memories and relationships (issue 11); the character remembers conversations from memory_from_epoch on.
    this.addSql(`create table \`memory\` (\`id\` integer not null primary key autoincrement, \`character_id\` text not null, \`scene_id\` text not null, \`epoch\` integer not null, \`kind\` text not null, \`ordinal\` integer not null, \`text\` text not null, \`about\` json not null, \`importance\` integer not null, \`created_at\` bigint not null, \`embedding\` json null);`);
    this.addSql(`create index \`memory_character_id_id_index\` on \`memory\` (\`character_id\`, \`id\`);`);
    this.addSql(`create unique index \`memory_character_id_epoch_kind_ordinal_unique\` on \`memory\` (\`character_id\`, \`epoch\`, \`kind\`, \`ordinal\`);`);

    this.addSql(`create table \`relationship\` (\`id\` integer not null primary key autoincrement, \`character_id\` text not null, \`other_id\` text not null, \`scene_id\` text not null, \`affinity\` real not null, \`familiarity\` real not null, \`view\` text not null, \`last_epoch\` integer not null, \`updated_at\` bigint not null);`);
    this.addSql(`create unique index \`relationship_character_id_other_id_unique\` on \`relationship\` (\`character_id\`, \`other_id\`);`);

    this.addSql(`alter table \`character\` add column \`memory_from_epoch\` integer not null default 0;`);
  }

}
