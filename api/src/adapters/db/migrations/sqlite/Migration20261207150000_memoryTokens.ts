import { Migration } from '@mikro-orm/migrations';

export class Migration20261207150000_memoryTokens extends Migration {

  override async up(): Promise<void> {
    // Issue 24.5: memory writes and reflections are model calls too; their tokens count in usage, stats and budgets.
    // Earlier memory calls were only logged, so there is nothing to backfill.
    this.addSql(`create table \`memory_call\` (\`id\` integer not null primary key autoincrement, \`scene_id\` text not null, \`character_id\` text not null, \`epoch\` integer not null, \`kind\` text not null, \`model\` text not null, \`prompt_tokens\` integer not null, \`completion_tokens\` integer not null, \`created_at\` bigint not null);`);
    this.addSql(`create index \`memory_call_scene_id_created_at_index\` on \`memory_call\` (\`scene_id\`, \`created_at\`);`);
    this.addSql(`create index \`memory_call_created_at_index\` on \`memory_call\` (\`created_at\`);`);
    this.addSql(`alter table \`character_minute\` add column \`memory_prompt_tokens\` integer not null default 0;`);
    this.addSql(`alter table \`character_minute\` add column \`memory_completion_tokens\` integer not null default 0;`);
    this.addSql(`alter table \`usage_minute\` add column \`memory_calls\` integer not null default 0;`);
    this.addSql(`alter table \`usage_minute\` add column \`memory_prompt_tokens\` integer not null default 0;`);
    this.addSql(`alter table \`usage_minute\` add column \`memory_completion_tokens\` integer not null default 0;`);
    this.addSql(`alter table \`usage_total\` add column \`memory_calls\` integer not null default 0;`);
    this.addSql(`alter table \`usage_total\` add column \`memory_prompt_tokens\` bigint not null default 0;`);
    this.addSql(`alter table \`usage_total\` add column \`memory_completion_tokens\` bigint not null default 0;`);
  }

}
