import { knex } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

/**
 * Real PostgreSQL and Redis for the service-backed suites. Locally a suite whose service is
 * down is skipped with a printed reason; in CI (`CI` set to anything) it fails instead, so a
 * missing service can never pass silently. Point at other servers with TEST_POSTGRES_URL / TEST_REDIS_URL.
 */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type ServiceName = 'postgres' | 'redis';

async function reachPostgres(): Promise<string | null> {
  const db = knex({ client: 'pg', connection: POSTGRES_ADMIN_URL, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3_000 });
  try {
    await db.raw('select 1');
    return null;
  } catch (err) {
    return `PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable (${(err as Error).message})`;
  } finally {
    await db.destroy();
  }
}

async function reachRedis(): Promise<string | null> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    return `Redis at ${REDIS_URL} is unreachable (${(err as Error).message})`;
  } finally {
    client.disconnect();
  }
}

const checks: Record<ServiceName, () => Promise<string | null>> = { postgres: reachPostgres, redis: reachRedis };

/**
 * Whether this run is CI, where a missing service or browser is a failure, never a skip.
 * Any non-empty `CI` counts: runners set `true`, `1` or their own name, and a check for one
 * spelling let the others skip silently. (web/test/e2e/support.ts applies the same rule.)
 */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.CI ?? '') !== '';
}

/**
 * Whether the suite can run. Use at the top of a test file:
 * `const services = await requireServices('postgres', 'redis', 'scaled cluster');` then
 * `describe.skipIf(!services.ok)(…)`. Throws in CI when a service is missing.
 */
export async function requireServices(...args: [...ServiceName[], string]): Promise<{ ok: boolean; reason: string | null }> {
  const suite = args.at(-1) as string;
  const names = args.slice(0, -1) as ServiceName[];
  const problems = (await Promise.all(names.map((n) => checks[n]()))).filter((p): p is string => p !== null);
  if (!problems.length) return { ok: true, reason: null };
  const reason = problems.join('; ');
  if (inCi()) throw new Error(`[${suite}] needs ${names.join(' + ')} in CI, but: ${reason}`);
  console.warn(`\n[skipped] ${suite}: ${reason}. Start the services (scripts/ci-services.sh) to run it.\n`);
  return { ok: false, reason };
}

/** A fresh, empty PostgreSQL database; `drop()` removes it (closing leftover connections). */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `pt_test_${randomBytes(5).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: POSTGRES_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      const db = knex({ client: 'pg', connection: POSTGRES_ADMIN_URL, pool: { min: 0, max: 1 } });
      try {
        await db.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await db.destroy();
      }
    },
  };
}

/** A Redis key/channel prefix unique to this run; `clean()` deletes every key under it. */
export function createRedisPrefix(label = 'pt_test'): { prefix: string; clean(): Promise<void> } {
  const prefix = `${label}_${randomBytes(5).toString('hex')}`;
  return {
    prefix,
    async clean() {
      const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
          cursor = next;
          if (keys.length) await client.unlink(...keys);
        } while (cursor !== '0');
      } finally {
        client.disconnect();
      }
    },
  };
}

/** A plain client for tests (inspecting keys, killing connections). Disconnect it when done. */
export function testRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
}
