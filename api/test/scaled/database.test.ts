import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { knex } from '@mikro-orm/postgresql';
import { afterAll, describe, expect, it } from 'vitest';
import { neverCreateDatabase, ormOptions } from '../../src/adapters/db/orm.js';
import { createRedisPrefix, createTestDatabase, POSTGRES_ADMIN_URL, REDIS_URL, requireServices, testRedis } from '../support/services.js';
import { freePort, NODE_ARGS, ROOT } from './cluster.js';

const services = await requireServices('postgres', 'redis', 'database start-up checks (the real entry point against PostgreSQL)');

interface Exit {
  code: number | null;
  signal: string | null;
  ms: number;
  output: string;
}

/** Start `api/src/main.ts` as a scaled worker would be, and wait (at most 20 s) for it to end. */
function runMain(databaseUrl: string, prefix: string, env: Record<string, string> = {}): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ROLES: 'worker',
      QUEUE: 'bullmq',
      PUBSUB: 'redis',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal, ms: Date.now() - started, output });
    }),
  );
}

async function admin<T>(work: (db: ReturnType<typeof knex>) => Promise<T>): Promise<T> {
  const db = knex({ client: 'pg', connection: POSTGRES_ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

const databaseExists = (name: string) =>
  admin(async (db) => (await db.raw('select 1 from pg_database where datname = ?', [name])).rows.length > 0);

const urlFor = (name: string, port?: number) => {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  if (port) url.port = String(port);
  return url.toString();
};

/** Keys the process left under its Redis prefix: any at all means it joined the queue. */
async function redisKeys(prefix: string): Promise<string[]> {
  const client = testRedis();
  try {
    return await client.keys(`${prefix}:*`);
  } finally {
    client.disconnect();
  }
}

describe.skipIf(!services.ok)('database start-up: never create, never hang', { timeout: 40_000 }, () => {
  const prefixes: ReturnType<typeof createRedisPrefix>[] = [];
  const prefix = () => {
    const p = createRedisPrefix('pt_dbcheck');
    prefixes.push(p);
    return p.prefix;
  };
  afterAll(async () => {
    for (const p of prefixes) await p.clean();
  });

  it('a missing database: exits non-zero within 10 s naming it, creates nothing, never joins the queue', async () => {
    const name = `pt_missing_${randomBytes(4).toString('hex')}`;
    const p = prefix();
    try {
      const exit = await runMain(urlFor(name), p);
      expect(exit.signal, exit.output).toBeNull();
      expect(exit.code).not.toBe(0);
      expect(exit.ms).toBeLessThan(10_000);
      expect(exit.output).toContain(`PostgreSQL database "${name}" does not exist on 127.0.0.1:`);
      expect(exit.output).toContain('DB_MISSING');
      expect(await databaseExists(name)).toBe(false);
      expect(await redisKeys(p)).toEqual([]);
    } finally {
      // If an old build created it, do not leave it behind.
      await admin((db) => db.raw(`drop database if exists ${name} with (force)`));
    }
  });

  it('an unreachable server: names host and port, retries a bounded time (default), exits non-zero within 10 s', async () => {
    const port = await freePort();
    const p = prefix();
    const exit = await runMain(urlFor('test', port), p);
    expect(exit.signal, exit.output).toBeNull();
    expect(exit.code).not.toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    expect(exit.output).toMatch(
      new RegExp(`DB_UNREACHABLE: PostgreSQL at 127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED\\) after [2-9]\\d* attempts`),
    );
    expect(exit.output).toMatch(/PostgreSQL unreachable; retrying/);
    expect(await redisKeys(p)).toEqual([]);
  });

  it('a database holding another application’s tables: refuses and writes nothing into it', async () => {
    const foreign = await createTestDatabase();
    const p = prefix();
    try {
      const db = knex({ client: 'pg', connection: foreign.url, pool: { min: 0, max: 1 } });
      try {
        await db.raw('create table invoices (id serial primary key, total numeric not null)');
        await db.raw('insert into invoices (total) values (12.5)');
      } finally {
        await db.destroy();
      }
      const exit = await runMain(foreign.url, p);
      expect(exit.signal, exit.output).toBeNull();
      expect(exit.code).not.toBe(0);
      expect(exit.ms).toBeLessThan(10_000);
      expect(exit.output).toContain(`DB_FOREIGN: PostgreSQL database "${foreign.name}" on 127.0.0.1:`);
      expect(exit.output).toContain('invoices');
      const check = knex({ client: 'pg', connection: foreign.url, pool: { min: 0, max: 1 } });
      try {
        const tables = await check.raw("select table_name from information_schema.tables where table_schema = 'public' order by 1");
        expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(['invoices']);
      } finally {
        await check.destroy();
      }
      expect(await redisKeys(p)).toEqual([]);
    } finally {
      await foreign.drop();
    }
  });

  it('the migrator itself can no longer create a database (its ensureDatabase is disarmed)', async () => {
    const name = `pt_missing_${randomBytes(4).toString('hex')}`;
    const orm = await MikroORM.init({ ...ormOptions({ url: urlFor(name) }), connect: false });
    try {
      const migrator = orm.getMigrator();
      neverCreateDatabase(migrator);
      await expect(migrator.up()).rejects.toThrow(/does not exist/);
      expect(await databaseExists(name)).toBe(false);
    } finally {
      await orm.close(true);
      await admin((db) => db.raw(`drop database if exists ${name} with (force)`));
    }
  });

  it('a fresh empty database is ours: migrated, and the worker starts', async () => {
    const fresh = await createTestDatabase();
    const p = prefix();
    try {
      const child = spawn(process.execPath, NODE_ARGS, {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'test',
          ROLES: 'worker',
          QUEUE: 'bullmq',
          PUBSUB: 'redis',
          REDIS_URL,
          REDIS_PREFIX: p,
          DATABASE_URL: fresh.url,
          HOST: '127.0.0.1',
          PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
      const exited = new Promise((r) => child.once('exit', r));
      const until = Date.now() + 20_000;
      while (!output.includes('"worker started"') && Date.now() < until && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('"worker started"');
      child.kill('SIGTERM');
      await exited;
    } finally {
      await fresh.drop();
    }
  });
});
