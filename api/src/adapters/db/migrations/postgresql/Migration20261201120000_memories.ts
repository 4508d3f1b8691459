import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120000_memories extends Migration {

  override async up(): Promise<void> {
    // Memories and relationships (issue 11); the character remembers conversations from memory_from_epoch on.
    this.addSql(`create table "memory" ("id" serial primary key, "character_id" varchar(36) not null, "scene_id" varchar(36) not null, "epoch" int not null, "kind" varchar(16) not null, "ordinal" int not null, "text" varchar(300) not null, "about" jsonb not null, "importance" int not null, "created_at" bigint not null, "embedding" jsonb null);`);
    this.addSql(`create index "memory_character_id_id_index" on "memory" ("character_id", "id");`);
    this.addSql(`alter table "memory" add constraint "memory_character_id_epoch_kind_ordinal_unique" unique ("character_id", "epoch", "kind", "ordinal");`);

    this.addSql(`create table "relationship" ("id" serial primary key, "character_id" varchar(36) not null, "other_id" varchar(36) not null, "scene_id" varchar(36) not null, "affinity" real not null, "familiarity" real not null, "view" varchar(200) not null, "last_epoch" int not null, "updated_at" bigint not null);`);
    this.addSql(`alter table "relationship" add constraint "relationship_character_id_other_id_unique" unique ("character_id", "other_id");`);

    this.addSql(`alter table "character" add column "memory_from_epoch" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "memory" cascade;`);

    this.addSql(`drop table if exists "relationship" cascade;`);

    this.addSql(`alter table "character" drop column "memory_from_epoch";`);
  }

}
