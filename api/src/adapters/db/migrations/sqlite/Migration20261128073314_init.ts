import { Migration } from '@mikro-orm/migrations';

export class Migration20261128073314_init extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`character\` (\`id\` text not null, \`scene_id\` text not null, \`sort_order\` integer not null default 0, \`name\` text not null, \`colour\` text not null, \`persona\` text not null, \`appearance\` text not null, \`model\` text null, \`temperature\` real null, \`talkativeness\` real not null default 1, \`home_spot\` text not null, \`base_mood\` text not null, \`base_mood_emoji\` text not null, \`spot\` text not null, \`facing\` text not null default 'down', \`action\` text not null default 'IDLE', \`action_started_at\` bigint not null, \`action_duration_ms\` integer not null default 0, \`mood\` text not null, \`mood_emoji\` text not null, \`end_requested_at\` bigint null, primary key (\`id\`));`);
    this.addSql(`create index \`character_scene_id_index\` on \`character\` (\`scene_id\`);`);

    this.addSql(`create table \`message\` (\`id\` integer not null primary key autoincrement, \`scene_id\` text not null, \`epoch\` integer not null, \`turn\` integer not null, \`speaker_id\` text not null, \`speaker_name\` text not null, \`recipient_id\` text null, \`recipient_name\` text null, \`content\` text not null, \`thoughts\` text not null, \`mood\` text not null, \`mood_emoji\` text not null, \`reaction\` text not null, \`rating\` integer not null, \`end_conversation\` integer not null, \`move_to\` text null, \`speaking_ms\` integer not null, \`model\` text not null, \`prompt_tokens\` integer not null, \`completion_tokens\` integer not null, \`latency_ms\` integer not null, \`fallback\` integer not null default false, \`hidden\` integer not null default false, \`hidden_reason\` text null, \`created_at\` bigint not null);`);
    this.addSql(`create unique index \`message_scene_id_epoch_turn_unique\` on \`message\` (\`scene_id\`, \`epoch\`, \`turn\`);`);

    this.addSql(`create table \`proposal\` (\`id\` text not null, \`name\` text not null, \`description\` text not null, \`room\` text not null, \`characters\` json not null, \`proposer\` text not null, \`status\` text not null default 'PROPOSED', \`score\` integer not null default 0, \`played_scene_id\` text null, \`created_at\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create index \`proposal_status_index\` on \`proposal\` (\`status\`);`);

    this.addSql(`create table \`scene\` (\`id\` text not null, \`slug\` text not null, \`name\` text not null, \`description\` text not null, \`room\` text not null, \`built_in\` integer not null default false, \`sort_order\` integer not null default 0, \`status\` text not null default 'RUNNING', \`status_reason\` text null, \`epoch\` integer not null default 1, \`next_turn\` integer not null default 1, \`last_seq\` integer not null default 0, \`pace\` real not null default 1, \`start_character_id\` text null, \`started_at\` bigint not null, \`ended_at\` bigint null, \`next_turn_at\` bigint not null, \`max_messages\` integer null, \`token_budget_per_hour\` integer null, \`summary\` text not null default '', \`summary_through_turn\` integer not null default 0, \`proposal_id\` text null, \`created_at\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`scene_slug_unique\` on \`scene\` (\`slug\`);`);

    this.addSql(`create table \`scene_event\` (\`id\` integer not null primary key autoincrement, \`scene_id\` text not null, \`seq\` integer not null, \`epoch\` integer not null, \`type\` text not null, \`payload\` json not null, \`at\` bigint not null);`);
    this.addSql(`create unique index \`scene_event_scene_id_seq_unique\` on \`scene_event\` (\`scene_id\`, \`seq\`);`);
  }

}
