import { afterAll, describe } from 'vitest';
import type { Redis } from 'ioredis';
import { createMemoryPresence } from '../../src/adapters/presence/memoryPresence.js';
import { createRedisPresence } from '../../src/adapters/presence/redisPresence.js';
import { createRedisPrefix, requireServices, testRedis } from '../support/services.js';
import { presenceContract } from './presence.contract.js';

presenceContract(
  'memory',
  async () => {
    const p = createMemoryPresence();
    return { a: p, b: p, replicas: false };
  },
  false,
);

const redisUp = await requireServices('redis', 'Presence contract on Redis');

describe.skipIf(!redisUp.ok)('Redis presence', () => {
  const clients: Redis[] = [];
  const prefixes: ReturnType<typeof createRedisPrefix>[] = [];
  afterAll(async () => {
    await Promise.all(prefixes.map((p) => p.clean()));
    for (const c of clients) c.disconnect();
  });

  const ttlMs = 400;
  presenceContract(
    'redis',
    async () => {
      const space = createRedisPrefix();
      prefixes.push(space);
      const [ca, cb] = [testRedis(), testRedis()];
      clients.push(ca, cb);
      const a = createRedisPresence({ redis: ca, prefix: space.prefix, ttlMs });
      const b = createRedisPresence({ redis: cb, prefix: space.prefix, ttlMs });
      return {
        a,
        b,
        replicas: true,
        ttlMs,
        // The replica loses Redis for good: no clean-up, no more heartbeats.
        crashA: async () => ca.disconnect(),
      };
    },
    true,
  );
});
