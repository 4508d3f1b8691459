import { Migration } from '@mikro-orm/migrations';

export class Migration20261207150000_memoryTokens extends Migration {

  override async up(): Promise<void> {
    // Issue 24.5: memory writes and reflections are model calls too; their tokens count in usage, stats and budgets.
    // Earlier memory calls were only logged, so there is nothing to backfill.
    this.addSql(`create table "memory_call" ("id" serial primary key, "scene_id" varchar(36) not null, "character_id" varchar(36) not null, "epoch" int not null, "kind" varchar(12) not null, "model" varchar(80) not null, "prompt_tokens" int not null, "completion_tokens" int not null, "created_at" bigint not null);`);
    this.addSql(`create index "memory_call_scene_id_created_at_index" on "memory_call" ("scene_id", "created_at");`);
    this.addSql(`create index "memory_call_created_at_index" on "memory_call" ("created_at");`);
    this.addSql(`alter table "character_minute" add column "memory_prompt_tokens" int not null default 0, add column "memory_completion_tokens" int not null default 0;`);
    this.addSql(`alter table "usage_minute" add column "memory_calls" int not null default 0, add column "memory_prompt_tokens" int not null default 0, add column "memory_completion_tokens" int not null default 0;`);
    this.addSql(`alter table "usage_total" add column "memory_calls" int not null default 0, add column "memory_prompt_tokens" bigint not null default 0, add column "memory_completion_tokens" bigint not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "memory_call" cascade;`);
    this.addSql(`alter table "character_minute" drop column "memory_prompt_tokens", drop column "memory_completion_tokens";`);
    this.addSql(`alter table "usage_minute" drop column "memory_calls", drop column "memory_prompt_tokens", drop column "memory_completion_tokens";`);
    this.addSql(`alter table "usage_total" drop column "memory_calls", drop column "memory_prompt_tokens", drop column "memory_completion_tokens";`);
  }

}
