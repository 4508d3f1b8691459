import { afterAll, describe } from 'vitest';
import type { Redis } from 'ioredis';
import { createMemoryCallWindow, createRedisCallWindow } from '../../src/adapters/rateLimit/callWindow.js';
import { createRedisPrefix, requireServices, testRedis } from '../support/services.js';
import { callWindowContract } from './callWindow.contract.js';

callWindowContract('memory', async (limits) => {
  const w = createMemoryCallWindow(limits);
  return { a: w, b: w };
});

const redisUp = await requireServices('redis', 'Model call window contract on Redis');

describe.skipIf(!redisUp.ok)('Redis call window', () => {
  const clients: Redis[] = [];
  const prefixes: ReturnType<typeof createRedisPrefix>[] = [];
  afterAll(async () => {
    await Promise.all(prefixes.map((p) => p.clean()));
    for (const c of clients) c.disconnect();
  });
  callWindowContract('redis', async (limits) => {
    const space = createRedisPrefix();
    prefixes.push(space);
    const [ca, cb] = [testRedis(), testRedis()];
    clients.push(ca, cb);
    const key = `${space.prefix}:llm-calls`;
    return { a: createRedisCallWindow(ca, key, limits), b: createRedisCallWindow(cb, key, limits) };
  });
});
