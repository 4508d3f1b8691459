import { Migration } from '@mikro-orm/migrations';

export class Migration20261128074549_moderation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "proposal_comment" ("id" serial primary key, "proposal_id" varchar(36) not null, "author" varchar(30) not null, "text" text not null, "created_at" bigint not null);`);
    this.addSql(`create index "proposal_comment_proposal_id_index" on "proposal_comment" ("proposal_id");`);

    this.addSql(`create table "proposal_vote" ("id" serial primary key, "proposal_id" varchar(36) not null, "client_id" varchar(64) not null, "ip" varchar(64) not null, "value" int not null, "created_at" bigint not null);`);
    this.addSql(`alter table "proposal_vote" add constraint "proposal_vote_proposal_id_client_id_unique" unique ("proposal_id", "client_id");`);

    this.addSql(`create index "message_scene_id_created_at_index" on "message" ("scene_id", "created_at");`);
    this.addSql(`create index "message_created_at_index" on "message" ("created_at");`);

    this.addSql(`alter table "proposal" add column "decision_reason" varchar(200) null;`);

    this.addSql(`alter table "scene" add column "pending_narration" text null, add column "successor_scene_id" varchar(36) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "proposal_comment" cascade;`);

    this.addSql(`drop table if exists "proposal_vote" cascade;`);

    this.addSql(`drop index "message_scene_id_created_at_index";`);
    this.addSql(`drop index "message_created_at_index";`);

    this.addSql(`alter table "proposal" drop column "decision_reason";`);

    this.addSql(`alter table "scene" drop column "pending_narration", drop column "successor_scene_id";`);
  }

}
