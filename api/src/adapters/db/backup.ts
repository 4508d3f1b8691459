import { knex as pgKnex } from '@mikro-orm/postgresql';
import { knex as sqliteKnex } from '@mikro-orm/sqlite';
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { postgresTarget } from './startupCheck.js';

/**
 * Online backups and restores. SQLite: `VACUUM INTO` copies the database inside one read
 * transaction, so the copy is consistent while the server keeps writing (WAL lets both run).
 * PostgreSQL: `pg_dump` (one repeatable-read snapshot) in its custom format, `pg_restore` back.
 * A restore only ever goes into an empty database: it never merges into or overwrites data.
 */

/** Why a backup or restore did not happen; `exitCode` follows sysexits (64 usage … 78 config). */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const PG_CUSTOM_MAGIC = 'PGDMP';

/** The first bytes of a file, as latin1 text (to recognise its format). */
function headOf(file: string, bytes = 16): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

const sqliteFile = (url: string) => resolve(url.slice('sqlite:'.length));
/** A one-connection SQLite handle (callers check the file exists first: opening creates it). */
const sqliteDb = (file: string) =>
  sqliteKnex({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { run(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) =>
        conn.run('pragma busy_timeout = 5000', (err) => done(err, conn)),
    },
  });

async function sqliteTables(file: string): Promise<string[]> {
  const db = sqliteDb(file);
  try {
    const rows = await db.raw<{ name: string }[]>(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`);
    return rows.map((r) => r.name);
  } finally {
    await db.destroy();
  }
}

/** Refuse to write over an existing file; create its directory. */
function prepareTarget(file: string): void {
  if (existsSync(file)) throw new BackupError(`${file} already exists: choose a new file name (a backup never overwrites one)`, 73);
  mkdirSync(dirname(resolve(file)), { recursive: true });
}

/** Run a PostgreSQL client tool with the password in the environment (never on its command line). */
function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const target = postgresTarget(url);
  const env = {
    ...process.env,
    PGHOST: target.host,
    PGPORT: String(target.port),
    PGUSER: target.user,
    PGDATABASE: target.database,
    ...(target.password ? { PGPASSWORD: target.password } : {}),
  };
  return new Promise((done, fail) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', (err: NodeJS.ErrnoException) => {
      fail(
        err.code === 'ENOENT'
          ? new BackupError(
              `${tool} is not installed: install the PostgreSQL client tools of your server's major version (Debian/Ubuntu: apt-get install postgresql-client), then run this again`,
              69,
            )
          : err,
      );
    });
    child.on('exit', (code) => {
      if (code === 0) return done();
      const hint = /version mismatch/i.test(stderr) ? ` (${tool} must be at least the server's major version)` : '';
      fail(new BackupError(`${tool} failed${hint}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, 70));
    });
  });
}

/** Write a consistent copy of the database at `url` to `file` (a new file) while the server runs. */
export async function backupDatabase(url: string, file: string): Promise<{ bytes: number; format: 'sqlite' | 'pg_dump' }> {
  prepareTarget(file);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    if (url.startsWith('sqlite:')) {
      const source = sqliteFile(url);
      if (!existsSync(source)) throw new BackupError(`SQLite database ${source} does not exist`, 66);
      const db = sqliteDb(source);
      try {
        // VACUUM takes no bound parameters: the path goes in as a quoted SQL string literal.
        await db.raw(`vacuum into '${resolve(partial).replaceAll("'", "''")}'`);
      } finally {
        await db.destroy();
      }
      renameSync(partial, file);
      return { bytes: statSync(file).size, format: 'sqlite' };
    }
    await runPgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`], url);
    renameSync(partial, file);
    return { bytes: statSync(file).size, format: 'pg_dump' };
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Restore `file` (a backup from {@link backupDatabase}) into the empty database at `url`. */
export async function restoreDatabase(url: string, file: string): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`${file} does not exist`, 66);
  const head = headOf(file);
  if (url.startsWith('sqlite:')) {
    if (!head.startsWith(SQLITE_MAGIC)) {
      throw new BackupError(
        `${file} is not a SQLite backup${head.startsWith(PG_CUSTOM_MAGIC) ? ' (it is a pg_dump archive: restore it into a postgres:// DATABASE_URL)' : ''}`,
        65,
      );
    }
    const tables = await sqliteTables(file);
    if (!tables.includes('scene') || !tables.includes('mikro_orm_migrations'))
      throw new BackupError(`${file} is a SQLite file but not a PixelTales backup`, 65);
    const target = sqliteFile(url);
    if (existsSync(target) && statSync(target).size > 0 && (await sqliteTables(target)).length > 0) {
      throw new BackupError(
        `${target} is not empty: restore into a new database (stop the server, move the old file away, then restore)`,
        73,
      );
    }
    mkdirSync(dirname(target), { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    copyFileSync(file, `${target}.partial`);
    renameSync(`${target}.partial`, target);
    return;
  }
  if (!head.startsWith(PG_CUSTOM_MAGIC)) {
    throw new BackupError(
      `${file} is not a pg_dump archive${head.startsWith(SQLITE_MAGIC) ? ' (it is a SQLite backup: restore it into a sqlite: DATABASE_URL)' : ''}`,
      65,
    );
  }
  const db = pgKnex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    const rows = await db.raw<{ rows: { n: number }[] }>(
      `select count(*)::int as n from information_schema.tables where table_schema = current_schema()`,
    );
    if ((rows.rows[0]?.n ?? 0) > 0) {
      const { database } = postgresTarget(url);
      throw new BackupError(`PostgreSQL database "${database}" is not empty: restore into a new one (createdb …)`, 73);
    }
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`cannot reach the PostgreSQL database: ${(err as Error).message}`, 69);
  } finally {
    await db.destroy();
  }
  await runPgTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${postgresTarget(url).database}`, file],
    url,
  );
}
