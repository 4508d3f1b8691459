import { Migration } from '@mikro-orm/migrations';

export class Migration20261128073314_init extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "character" ("id" varchar(36) not null, "scene_id" varchar(36) not null, "sort_order" int not null default 0, "name" varchar(40) not null, "colour" varchar(7) not null, "persona" text not null, "appearance" text not null, "model" varchar(80) null, "temperature" real null, "talkativeness" real not null default 1, "home_spot" varchar(40) not null, "base_mood" varchar(24) not null, "base_mood_emoji" varchar(16) not null, "spot" varchar(40) not null, "facing" varchar(8) not null default 'down', "action" varchar(16) not null default 'IDLE', "action_started_at" bigint not null, "action_duration_ms" int not null default 0, "mood" varchar(24) not null, "mood_emoji" varchar(16) not null, "end_requested_at" bigint null, constraint "character_pkey" primary key ("id"));`);
    this.addSql(`create index "character_scene_id_index" on "character" ("scene_id");`);

    this.addSql(`create table "message" ("id" serial primary key, "scene_id" varchar(36) not null, "epoch" int not null, "turn" int not null, "speaker_id" varchar(36) not null, "speaker_name" varchar(40) not null, "recipient_id" varchar(36) null, "recipient_name" varchar(40) null, "content" text not null, "thoughts" text not null, "mood" varchar(24) not null, "mood_emoji" varchar(16) not null, "reaction" varchar(16) not null, "rating" int not null, "end_conversation" boolean not null, "move_to" varchar(40) null, "speaking_ms" int not null, "model" varchar(80) not null, "prompt_tokens" int not null, "completion_tokens" int not null, "latency_ms" int not null, "fallback" boolean not null default false, "hidden" boolean not null default false, "hidden_reason" varchar(200) null, "created_at" bigint not null);`);
    this.addSql(`alter table "message" add constraint "message_scene_id_epoch_turn_unique" unique ("scene_id", "epoch", "turn");`);

    this.addSql(`create table "proposal" ("id" varchar(36) not null, "name" varchar(80) not null, "description" text not null, "room" varchar(40) not null, "characters" jsonb not null, "proposer" varchar(40) not null, "status" varchar(16) not null default 'PROPOSED', "score" int not null default 0, "played_scene_id" varchar(36) null, "created_at" bigint not null, constraint "proposal_pkey" primary key ("id"));`);
    this.addSql(`create index "proposal_status_index" on "proposal" ("status");`);

    this.addSql(`create table "scene" ("id" varchar(36) not null, "slug" varchar(64) not null, "name" varchar(80) not null, "description" text not null, "room" varchar(40) not null, "built_in" boolean not null default false, "sort_order" int not null default 0, "status" varchar(16) not null default 'RUNNING', "status_reason" varchar(200) null, "epoch" int not null default 1, "next_turn" int not null default 1, "last_seq" int not null default 0, "pace" real not null default 1, "start_character_id" varchar(36) null, "started_at" bigint not null, "ended_at" bigint null, "next_turn_at" bigint not null, "max_messages" int null, "token_budget_per_hour" int null, "summary" text not null default '', "summary_through_turn" int not null default 0, "proposal_id" varchar(36) null, "created_at" bigint not null, constraint "scene_pkey" primary key ("id"));`);
    this.addSql(`alter table "scene" add constraint "scene_slug_unique" unique ("slug");`);

    this.addSql(`create table "scene_event" ("id" serial primary key, "scene_id" varchar(36) not null, "seq" int not null, "epoch" int not null, "type" varchar(32) not null, "payload" jsonb not null, "at" bigint not null);`);
    this.addSql(`alter table "scene_event" add constraint "scene_event_scene_id_seq_unique" unique ("scene_id", "seq");`);
  }

}
