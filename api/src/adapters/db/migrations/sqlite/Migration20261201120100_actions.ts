import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120100_actions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`character\` add column \`holding\` text null;`);
  }

}
