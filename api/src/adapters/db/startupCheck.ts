import type { MikroORM } from '@mikro-orm/core';
import { knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { knexLog } from './pgLogging.js';

/** Why start-up refused a database; stable codes for logs and exit statuses. */
export type DatabaseProblem = 'DB_MISSING' | 'DB_UNREACHABLE' | 'DB_AUTH' | 'DB_FOREIGN' | 'DB_UNUSABLE';

/** A database this process must not use. `message` says which one and what to do. */
export class DatabaseStartupError extends Error {
  constructor(
    readonly code: DatabaseProblem,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'DatabaseStartupError';
  }

  /** sysexits: 69 (unavailable, may pass on its own) for an unreachable server, else 78 (configuration). */
  get exitCode(): number {
    return this.code === 'DB_UNREACHABLE' ? 69 : 78;
  }
}

/** Host, port and database name of a `postgres://` URL, read the way MikroORM reads it. */
export function postgresTarget(url: string): { host: string; port: number; database: string; user: string; password: string } {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: Number(u.port) || 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/** Errors that may pass: the server is starting, restarting or not reachable yet. */
const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  '57P03',
  '53300',
]);

const errorCode = (err: unknown): string => {
  const e = err as { code?: unknown; errors?: unknown[] };
  if (typeof e?.code === 'string') return e.code;
  // Node reports a host with several addresses as an AggregateError of per-address errors.
  if (Array.isArray(e?.errors)) return errorCode(e.errors[0]);
  return /timeout/i.test(String((err as Error)?.message)) ? 'ETIMEDOUT' : 'UNKNOWN';
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Before MikroORM or the migrator touch anything: connect once to the configured database
 * and run `select 1`. The database is never created. A missing database, bad credentials or
 * any other refusal ends start-up at once; a server that does not answer is retried with
 * back-off until `waitMs` has passed. Throws {@link DatabaseStartupError}.
 */
export async function probePostgres(url: string, options: { waitMs: number; logger?: Logger }): Promise<void> {
  const target = postgresTarget(url);
  const where = `${target.host}:${target.port}`;
  const deadline = Date.now() + options.waitMs;
  let attempt = 0;
  let delay = 250;
  for (;;) {
    attempt++;
    const remaining = Math.max(250, deadline - Date.now());
    const db = knex({
      client: 'pg',
      connection: { ...target, connectionTimeoutMillis: Math.min(2_000, remaining), statement_timeout: 5_000 },
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: remaining + 500,
      log: knexLog(where, options.logger),
    });
    try {
      await db.raw('select 1');
      return;
    } catch (err) {
      const code = errorCode(err);
      const reason = (err as Error)?.message ?? String(err);
      if (code === '3D000') {
        throw new DatabaseStartupError(
          'DB_MISSING',
          `PostgreSQL database "${target.database}" does not exist on ${where}. PixelTales never creates ` +
            `databases: create it (createdb -h ${target.host} -p ${target.port} ${target.database}) or fix DATABASE_URL.`,
        );
      }
      if (code === '28P01' || code === '28000') {
        throw new DatabaseStartupError(
          'DB_AUTH',
          `PostgreSQL on ${where} refused user "${target.user}" for database "${target.database}": ${reason}`,
        );
      }
      if (!TRANSIENT.has(code)) {
        throw new DatabaseStartupError('DB_UNUSABLE', `PostgreSQL database "${target.database}" on ${where} cannot be used: ${reason}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new DatabaseStartupError(
          'DB_UNREACHABLE',
          `PostgreSQL at ${where} is unreachable (${code}) after ${attempt} attempts over ${options.waitMs} ms; ` +
            `check DATABASE_URL and that the server is running (DB_CONNECT_TIMEOUT_MS sets how long to wait).`,
        );
      }
      options.logger?.warn(
        { dependency: 'postgres', target: where, host: target.host, port: target.port, attempt, code },
        'PostgreSQL unreachable; retrying',
      );
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, 1_000);
    } finally {
      await db.destroy().catch(() => undefined);
    }
  }
}

/** The tables in the database's current schema, and the migrations recorded there. */
async function inventory(orm: MikroORM, dialect: 'sqlite' | 'postgresql'): Promise<{ tables: string[]; applied: string[] }> {
  const connection = orm.em.getConnection();
  const listing =
    dialect === 'postgresql'
      ? 'select table_name as name from information_schema.tables where table_schema = current_schema()'
      : "select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%'";
  const tables = ((await connection.execute(listing)) as { name: string }[]).map((r) => r.name).sort();
  if (!tables.includes('mikro_orm_migrations')) return { tables, applied: [] };
  const rows = (await connection.execute('select name from mikro_orm_migrations')) as { name: string }[];
  return { tables, applied: rows.map((r) => String(r.name).replace(/\.[jt]s$/, '')) };
}

/**
 * Refuse a database that holds someone else's tables: migrating into it would mix our
 * schema with theirs (and the wrong database would look like ours). Ours means empty, or a
 * migrations table that records at least one PixelTales migration. A database with more
 * migrations than this build knows is a newer PixelTales: allowed, with a warning.
 */
export async function checkOwnership(
  orm: MikroORM,
  dialect: 'sqlite' | 'postgresql',
  known: readonly string[],
  describe: string,
  logger?: Logger,
): Promise<void> {
  const { tables, applied } = await inventory(orm, dialect);
  if (tables.length === 0) return;
  const ours = applied.some((name) => known.includes(name));
  const onlyEmptyLedger = tables.length === 1 && tables[0] === 'mikro_orm_migrations' && applied.length === 0;
  if (!ours && !onlyEmptyLedger) {
    const shown = tables.slice(0, 8).join(', ') + (tables.length > 8 ? `, … (${tables.length} in all)` : '');
    throw new DatabaseStartupError(
      'DB_FOREIGN',
      `${describe} holds tables that are not PixelTales's (${shown}) and no PixelTales migration. ` +
        `Refusing to migrate into it: point DATABASE_URL at PixelTales's database or an empty one.`,
    );
  }
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length) logger?.warn({ unknown }, 'the database has migrations this build does not know (a newer version?)');
}
