import { Migration } from '@mikro-orm/migrations';

export class Migration20261201093144_moderationLog extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`moderation_action\` (\`id\` integer not null primary key autoincrement, \`at\` bigint not null, \`moderator\` text not null, \`action\` text not null, \`scene_id\` text null, \`proposal_id\` text null, \`message_id\` text null, \`reason\` text null, \`detail\` text null);`);
    this.addSql(`create index \`moderation_action_scene_id_id_index\` on \`moderation_action\` (\`scene_id\`, \`id\`);`);
  }

}
