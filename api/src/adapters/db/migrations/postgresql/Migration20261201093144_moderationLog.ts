import { Migration } from '@mikro-orm/migrations';

export class Migration20261201093144_moderationLog extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "moderation_action" ("id" serial primary key, "at" bigint not null, "moderator" varchar(40) not null, "action" varchar(32) not null, "scene_id" varchar(36) null, "proposal_id" varchar(36) null, "message_id" varchar(20) null, "reason" varchar(200) null, "detail" varchar(400) null);`);
    this.addSql(`create index "moderation_action_scene_id_id_index" on "moderation_action" ("scene_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "moderation_action" cascade;`);
  }

}
