import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/orm.js';
import { createTestDatabase, requireServices } from './support/services.js';

/** Throws in CI when PostgreSQL is missing; locally the PostgreSQL case is reported as skipped. */
const pg = await requireServices('postgres', 'migrations on PostgreSQL');

/**
 * The committed migrations must build exactly the schema the entities describe, on both
 * dialects: after applying them, the schema generator has nothing left to change.
 */
describe('migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-migrations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('SQLite: applied at start, no drift from the entities, idempotent', async () => {
    const url = `sqlite:${join(dir, 'drift.db')}`;
    const orm = await openDatabase({ url });
    expect((await orm.getSchemaGenerator().getUpdateSchemaSQL()).trim()).toBe('');
    await orm.close();
    const again = await openDatabase({ url });
    expect(await again.getMigrator().getPendingMigrations()).toEqual([]);
    await again.close();
  });

  it.skipIf(!pg.ok)('PostgreSQL: applied at start, no drift from the entities', async () => {
    const db = await createTestDatabase();
    try {
      const orm = await openDatabase({ url: db.url });
      expect((await orm.getSchemaGenerator().getUpdateSchemaSQL()).trim()).toBe('');
      await orm.close();
    } finally {
      await db.drop();
    }
  });
});
