import { Migration } from '@mikro-orm/migrations';

export class Migration20261207170000_heldLines extends Migration {

  override async up(): Promise<void> {
    // Issue 22 parts 2 and 4: a model line the screen flags is held (stored hidden) until a moderator approves or rejects it.
    this.addSql(`alter table \`message\` add column \`held_at\` bigint null;`);
    this.addSql(`alter table \`message\` add column \`held_reasons\` json null;`);
    this.addSql(`alter table \`message\` add column \`held_decision\` text null;`);
    this.addSql(`create index \`message_scene_id_held_at_index\` on \`message\` (\`scene_id\`, \`held_at\`);`);
  }

}
