import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120300_viewerMinutes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "usage_total" ("id" serial primary key, "scene_id" varchar(36) not null, "model" varchar(80) not null, "turns" int not null, "prompt_tokens" bigint not null, "completion_tokens" bigint not null, "latency_ms" bigint not null);`);
    this.addSql(`alter table "usage_total" add constraint "usage_total_scene_id_model_unique" unique ("scene_id", "model");`);

    this.addSql(`create table "viewer_minute" ("id" serial primary key, "scene_id" varchar(36) not null, "minute" bigint not null, "peak" int not null, "sum" bigint not null, "samples" int not null);`);
    this.addSql(`create index "viewer_minute_minute_index" on "viewer_minute" ("minute");`);
    this.addSql(`alter table "viewer_minute" add constraint "viewer_minute_scene_id_minute_unique" unique ("scene_id", "minute");`);

    this.addSql(`create table "character_minute" ("id" serial primary key, "scene_id" varchar(36) not null, "character_id" varchar(36) not null, "name" varchar(40) not null, "minute" bigint not null, "lines" int not null, "rating_sum" int not null);`);
    this.addSql(`create index "character_minute_minute_index" on "character_minute" ("minute");`);
    this.addSql(`alter table "character_minute" add constraint "character_minute_character_id_minute_unique" unique ("character_id", "minute");`);

    this.addSql(`create table "character_tally_minute" ("id" serial primary key, "scene_id" varchar(36) not null, "character_id" varchar(36) not null, "minute" bigint not null, "kind" varchar(4) not null, "label" varchar(40) not null, "emoji" varchar(16) not null, "count" int not null);`);
    this.addSql(`create index "character_tally_minute_minute_index" on "character_tally_minute" ("minute");`);
    this.addSql(`alter table "character_tally_minute" add constraint "character_tally_minute_key_unique" unique ("character_id", "minute", "kind", "label", "emoji");`);

    // Lines stored before these tables existed are counted too, so `stats` and `characterStats` cover all history.
    this.addSql(`insert into "usage_total" ("scene_id", "model", "turns", "prompt_tokens", "completion_tokens", "latency_ms") select "scene_id", "model", count(*), sum("prompt_tokens"), sum("completion_tokens"), sum("latency_ms") from "message" group by "scene_id", "model";`);
    this.addSql(`insert into "character_minute" ("scene_id", "character_id", "name", "minute", "lines", "rating_sum") select max("scene_id"), "speaker_id", max("speaker_name"), ("created_at" / 60000) * 60000, count(*), sum("rating") from "message" group by "speaker_id", ("created_at" / 60000) * 60000;`);
    this.addSql(`insert into "character_tally_minute" ("scene_id", "character_id", "minute", "kind", "label", "emoji", "count") select max("scene_id"), "speaker_id", ("created_at" / 60000) * 60000, 'mood', "mood", "mood_emoji", count(*) from "message" group by "speaker_id", ("created_at" / 60000) * 60000, "mood", "mood_emoji";`);
    this.addSql(`insert into "character_tally_minute" ("scene_id", "character_id", "minute", "kind", "label", "emoji", "count") select max("scene_id"), "speaker_id", ("created_at" / 60000) * 60000, 'to', "recipient_name", '', count(*) from "message" where "recipient_name" is not null group by "speaker_id", ("created_at" / 60000) * 60000, "recipient_name";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "usage_total" cascade;`);
    this.addSql(`drop table if exists "viewer_minute" cascade;`);
    this.addSql(`drop table if exists "character_minute" cascade;`);
    this.addSql(`drop table if exists "character_tally_minute" cascade;`);
  }

}
