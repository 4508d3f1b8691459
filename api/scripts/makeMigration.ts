/**
 * Developer tool: write a migration for each dialect from the entity definitions.
 *   npx tsx api/scripts/makeMigration.ts <name> [--initial]
 * Needs a local PostgreSQL (DATABASE_URL_PG, default postgres://postgres@127.0.0.1:5432/postgres).
 * Review the generated files, then add them to migrations/<dialect>/index.ts.
 */
import { MikroORM } from '@mikro-orm/core';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ormOptions } from '../src/adapters/db/orm.js';

const name = process.argv[2] ?? 'change';
const initial = process.argv.includes('--initial');
const base = resolve(import.meta.dirname, '../src/adapters/db/migrations');
const tmp = resolve(base, '.scratch.db');
rmSync(tmp, { force: true });
const targets = [
  { dialect: 'sqlite', url: `sqlite:${tmp}` },
  { dialect: 'postgresql', url: process.env.DATABASE_URL_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
];
for (const t of targets) {
  const orm = await MikroORM.init(ormOptions({ url: t.url }));
  if (!initial) await orm.getMigrator().up();
  const result = await orm.getMigrator().createMigration(resolve(base, t.dialect), false, initial, name);
  console.log(t.dialect, result.fileName || '(no changes)');
  await orm.close();
}
rmSync(tmp, { force: true });
