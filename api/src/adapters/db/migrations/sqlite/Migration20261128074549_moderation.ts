import { Migration } from '@mikro-orm/migrations';

export class Migration20261128074549_moderation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`proposal_comment\` (\`id\` integer not null primary key autoincrement, \`proposal_id\` text not null, \`author\` text not null, \`text\` text not null, \`created_at\` bigint not null);`);
    this.addSql(`create index \`proposal_comment_proposal_id_index\` on \`proposal_comment\` (\`proposal_id\`);`);

    this.addSql(`create table \`proposal_vote\` (\`id\` integer not null primary key autoincrement, \`proposal_id\` text not null, \`client_id\` text not null, \`ip\` text not null, \`value\` integer not null, \`created_at\` bigint not null);`);
    this.addSql(`create unique index \`proposal_vote_proposal_id_client_id_unique\` on \`proposal_vote\` (\`proposal_id\`, \`client_id\`);`);

    this.addSql(`create index \`message_scene_id_created_at_index\` on \`message\` (\`scene_id\`, \`created_at\`);`);
    this.addSql(`create index \`message_created_at_index\` on \`message\` (\`created_at\`);`);

    this.addSql(`alter table \`proposal\` add column \`decision_reason\` text null;`);

    this.addSql(`alter table \`scene\` add column \`pending_narration\` text null;`);
    this.addSql(`alter table \`scene\` add column \`successor_scene_id\` text null;`);
  }

}
