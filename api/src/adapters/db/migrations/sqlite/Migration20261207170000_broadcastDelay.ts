import { Migration } from '@mikro-orm/migrations';

export class Migration20261207170000_broadcastDelay extends Migration {

  override async up(): Promise<void> {
    // Issue 22.3: a per-scene broadcast delay. Null delay = BROADCAST_DELAY_SECONDS. `airs_at` is when a
    // row reaches viewers (null: at once); `last_airs_at` keeps it non-decreasing in seq. Old rows aired long ago.
    this.addSql(`alter table \`scene\` add column \`broadcast_delay_seconds\` integer null;`);
    this.addSql(`alter table \`scene\` add column \`last_airs_at\` bigint not null default 0;`);
    this.addSql(`alter table \`scene_event\` add column \`airs_at\` bigint null;`);
    this.addSql(`alter table \`message\` add column \`airs_at\` bigint null;`);
  }

}
