import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createContainer } from '../../src/container.js';
import { createWorker } from '../../src/services/worker.js';
import { createRedisPrefix, createTestDatabase, REDIS_URL, requireServices, testRedis } from '../support/services.js';

const services = await requireServices('postgres', 'redis', 'scaled container shutdown');

/** Names of this prefix's open Redis connections. */
async function connections(prefix: string): Promise<string[]> {
  const admin = testRedis();
  try {
    const list = (await admin.client('LIST')) as string;
    return list.split('\n').flatMap((line) => {
      const name = / name=(\S*)/.exec(line)?.[1] ?? '';
      return name.startsWith(`${prefix}:`) ? [name] : [];
    });
  } finally {
    admin.disconnect();
  }
}

describe.skipIf(!services.ok)('scaled container', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    await redis.clean();
  });

  it('picks the Redis adapters from config and closes every Redis client on stop', async () => {
    const config = loadConfig({
      DATABASE_URL: db.url,
      QUEUE: 'bullmq',
      PUBSUB: 'redis',
      REDIS_URL,
      REDIS_PREFIX: redis.prefix,
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      LOG_LEVEL: 'silent',
    });
    const container = await createContainer(config, { logger: pino({ level: 'silent' }) });
    expect([container.queue.kind, container.presence.kind, container.rateLimiter.kind]).toEqual(['bullmq', 'redis', 'redis']);
    const worker = createWorker(container);
    await worker.start();
    await container.presence.join('some-scene');
    const open = await connections(redis.prefix);
    // producer, worker (+ BullMQ's two blocking duplicates), publish, subscribe, presence, call window
    expect(open.length).toBeGreaterThanOrEqual(6);
    await worker.stop();
    await container.stop();
    await container.stop();
    expect(await connections(redis.prefix)).toEqual([]);
    // A clean stop also takes this replica's viewers away at once.
    const probe = testRedis();
    expect(await probe.keys(`${redis.prefix}:presence:*`)).toEqual([]);
    probe.disconnect();
  });
});
