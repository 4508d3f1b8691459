import { Migration } from '@mikro-orm/migrations';

export class Migration20261207170000_eventEpochIndex extends Migration {

  override async up(): Promise<void> {
    // Issue 23.1: history and replay read the room changes of one conversation's lines.
    this.addSql(`create index \`scene_event_scene_id_epoch_seq_index\` on \`scene_event\` (\`scene_id\`, \`epoch\`, \`seq\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index \`scene_event_scene_id_epoch_seq_index\`;`);
  }

}
