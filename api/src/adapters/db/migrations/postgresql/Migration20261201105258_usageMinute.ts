import { Migration } from '@mikro-orm/migrations';

export class Migration20261201105258_usageMinute extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "usage_minute" ("id" serial primary key, "scene_id" varchar(36) not null, "model" varchar(80) not null, "minute" bigint not null, "turns" int not null, "prompt_tokens" int not null, "completion_tokens" int not null);`);
    this.addSql(`create index "usage_minute_minute_index" on "usage_minute" ("minute");`);
    this.addSql(`alter table "usage_minute" add constraint "usage_minute_scene_id_model_minute_unique" unique ("scene_id", "model", "minute");`);
    // Lines stored before this table existed are counted too, so `usage` covers all history.
    this.addSql(`insert into "usage_minute" ("scene_id", "model", "minute", "turns", "prompt_tokens", "completion_tokens") select "scene_id", "model", ("created_at" / 60000) * 60000, count(*), sum("prompt_tokens"), sum("completion_tokens") from "message" group by "scene_id", "model", ("created_at" / 60000) * 60000;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "usage_minute" cascade;`);
  }

}
