import { Migration } from '@mikro-orm/migrations';

export class Migration20261202090000_memorySources extends Migration {

  override async up(): Promise<void> {
    // Provenance (issue 22): the conversations a memory or a view line was derived from, so hiding a line can drop what came of it.
    this.addSql(`alter table "memory" add column "source_epochs" jsonb null;`);
    this.addSql(`alter table "relationship" add column "source_epochs" jsonb null;`);
    // An episode is about its own conversation; reflections and views stay null (every conversation up to theirs).
    this.addSql(`update "memory" set "source_epochs" = jsonb_build_array("epoch") where "kind" = 'EPISODE';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "memory" drop column "source_epochs";`);
    this.addSql(`alter table "relationship" drop column "source_epochs";`);
  }

}
