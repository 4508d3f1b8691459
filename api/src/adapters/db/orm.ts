import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { DEFAULT_SESSION_TIMEOUTS } from '../../config.js';
import { entities } from './entities.js';
import { postgresqlMigrations } from './migrations/postgresql/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';
import { clientReplyTimeoutMs, destroyWhenSilent, sessionStartupOptions, type SessionTimeouts } from './session.js';
import { checkOwnership, postgresTarget, probePostgres } from './startupCheck.js';
import { urlTarget } from '../dependencyErrors.js';
import { knexLog, logPgClientErrors, type PgEventSource } from './pgLogging.js';

/** The ORM type every service uses; the SQL drivers share the same API. */
export type Orm = MikroORM;

export interface DbOptions {
  url: string;
  logger?: Logger;
  /** Pool size for PostgreSQL. */
  poolMax?: number;
  /** PostgreSQL session limits; defaults in ./session. */
  timeouts?: SessionTimeouts;
  /** How long to retry a PostgreSQL server that does not answer, at start and per new connection. */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** MikroORM options for a `sqlite:<path>` or `postgres://` URL, with this dialect's migrations. */
export function ormOptions(options: DbOptions): Options {
  const common = {
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: false,
    ensureDatabase: false,
    // MikroORM's own messages (deprecations, debug) go to pino, never to the console.
    logger: (message: string) => options.logger?.warn({ component: 'mikro-orm' }, message),
  } satisfies Partial<Options>;
  if (options.url.startsWith('sqlite:')) {
    const file = options.url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    return {
      ...common,
      driver: SqliteDriver,
      dbName: file,
      migrations: { migrationsList: sqliteMigrations, transactional: true, snapshot: false, silent: true },
    };
  }
  const timeouts = options.timeouts ?? DEFAULT_SESSION_TIMEOUTS;
  const replyTimeoutMs = clientReplyTimeoutMs(timeouts.statementMs);
  const target = urlTarget(options.url, 5432);
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      afterCreate: (
        client: Parameters<typeof destroyWhenSilent>[0] & PgEventSource,
        done: (err: Error | null, client: unknown) => void,
      ) => {
        logPgClientErrors(client, target, options.logger);
        if (replyTimeoutMs !== null) {
          destroyWhenSilent(client, replyTimeoutMs, () =>
            options.logger?.warn(
              { dependency: 'postgres', target, code: 'NO_REPLY', timeoutMs: replyTimeoutMs },
              'PostgreSQL connection silent past the statement timeout; dropping it',
            ),
          );
        }
        done(null, client);
      },
    },
    driverOptions: {
      // knex prints to the console unless given hooks: its messages go to pino instead.
      log: knexLog(target, options.logger),
      // Merged into every pg connection's settings: the session limits travel in the startup packet.
      connection: {
        options: sessionStartupOptions(timeouts),
        connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      },
    },
    migrations: { migrationsList: postgresqlMigrations, transactional: true, snapshot: false, silent: true },
  };
}

/**
 * MikroORM's migrator creates a missing database before migrating (its `ensureDatabase`
 * ignores the ORM's `ensureDatabase: false`). A mistyped name must never become a new,
 * empty database that a worker then seeds, so its schema generator's hook is replaced by
 * one that creates nothing; the database was already verified by {@link probePostgres}.
 */
export function neverCreateDatabase(migrator: unknown): void {
  const generator = (migrator as { schemaGenerator?: { ensureDatabase?: unknown } }).schemaGenerator;
  if (!generator || typeof generator.ensureDatabase !== 'function') {
    // Fail loudly rather than risk creating databases after an upgrade changed the internals.
    throw new Error('MikroORM migrator internals changed: cannot turn off its database creation');
  }
  generator.ensureDatabase = async () => false;
}

/**
 * Verify the database, connect and apply pending migrations (never schema sync, never
 * creating a database). Throws `DatabaseStartupError` (./startupCheck) when the database is
 * missing, unreachable past `connectTimeoutMs`, or holds another application's tables.
 */
export async function openDatabase(options: DbOptions): Promise<Orm> {
  const sqlite = options.url.startsWith('sqlite:');
  if (!sqlite) {
    await probePostgres(options.url, { waitMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, logger: options.logger });
  }
  const orm = await MikroORM.init(ormOptions(options));
  try {
    await prepare(orm, options, sqlite);
  } catch (err) {
    await orm.close(true).catch(() => undefined);
    throw err;
  }
  return orm;
}

async function prepare(orm: Orm, options: DbOptions, sqlite: boolean): Promise<void> {
  if (sqlite) {
    // WAL lets readers (subscriptions catching up) run while the turn loop writes.
    await orm.em.getConnection().execute('pragma journal_mode = wal');
    await orm.em.getConnection().execute('pragma busy_timeout = 5000');
    await orm.em.getConnection().execute('pragma foreign_keys = on');
  }
  const known = (sqlite ? sqliteMigrations : postgresqlMigrations).map((m) => m.name);
  await checkOwnership(orm, sqlite ? 'sqlite' : 'postgresql', known, describeDatabase(options.url), options.logger);
  const migrator = orm.getMigrator();
  neverCreateDatabase(migrator);
  const applied = await migrator.up();
  if (applied.length) options.logger?.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
}

/** The database a URL names, for messages (never the password). */
function describeDatabase(url: string): string {
  if (url.startsWith('sqlite:')) return `SQLite database ${url.slice('sqlite:'.length)}`;
  const { database, host, port } = postgresTarget(url);
  return `PostgreSQL database "${database}" on ${host}:${port}`;
}
