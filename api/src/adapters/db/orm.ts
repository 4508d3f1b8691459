import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { entities } from './entities.js';
import { postgresqlMigrations } from './migrations/postgresql/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

/** The ORM type every service uses; the SQL drivers share the same API. */
export type Orm = MikroORM;

export interface DbOptions {
  url: string;
  logger?: Logger;
  /** Pool size for PostgreSQL. */
  poolMax?: number;
}

/** MikroORM options for a `sqlite:<path>` or `postgres://` URL, with this dialect's migrations. */
export function ormOptions(options: DbOptions): Options {
  const common = {
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: false,
    ensureDatabase: false,
  } satisfies Partial<Options>;
  if (options.url.startsWith('sqlite:')) {
    const file = options.url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    return {
      ...common,
      driver: SqliteDriver,
      dbName: file,
      migrations: { migrationsList: sqliteMigrations, transactional: true, snapshot: false, silent: true },
    } as Options;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    pool: { min: 0, max: options.poolMax ?? 10 },
    migrations: { migrationsList: postgresqlMigrations, transactional: true, snapshot: false, silent: true },
  } as Options;
}

/** Connect and apply pending migrations (never schema sync). */
export async function openDatabase(options: DbOptions): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(options));
  if (options.url.startsWith('sqlite:')) {
    // WAL lets readers (subscriptions catching up) run while the turn loop writes.
    await orm.em.getConnection().execute('pragma journal_mode = wal');
    await orm.em.getConnection().execute('pragma busy_timeout = 5000');
    await orm.em.getConnection().execute('pragma foreign_keys = on');
  }
  const applied = await orm.getMigrator().up();
  if (applied.length) options.logger?.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  return orm;
}
