import { createPubSub } from 'graphql-yoga';
import { describe } from 'vitest';
import type { Redis } from 'ioredis';
import { createPrefixedRedisEventTarget } from '../../src/adapters/pubsub/redisEventTarget.js';
import type { Topics } from '../../src/graphql/topics.js';
import { requireServices, testRedis, createRedisPrefix } from '../support/services.js';
import { pubSubContract } from './pubsub.contract.js';

pubSubContract(
  'memory',
  async () => {
    const p = createPubSub<Topics>();
    return { a: p, b: p, close: async () => {} };
  },
  false,
);

const redisUp = await requireServices('redis', 'PubSub contract on Redis');

describe.skipIf(!redisUp.ok)('Redis pub/sub', () => {
  pubSubContract(
    'redis',
    async () => {
      const { prefix } = createRedisPrefix();
      const replica = (name: string) => {
        const publishClient = testRedis();
        const subscribeClient = testRedis();
        subscribeClient.options.maxRetriesPerRequest = null;
        publishClient.options.connectionName = `${prefix}:${name}-publish`;
        subscribeClient.options.connectionName = `${prefix}:${name}-subscribe`;
        const pubsub = createPubSub<Topics>({ eventTarget: createPrefixedRedisEventTarget({ publishClient, subscribeClient, prefix }) });
        return { pubsub, clients: [publishClient, subscribeClient] };
      };
      const a = replica('a');
      const b = replica('b');
      const clients: Redis[] = [...a.clients, ...b.clients];
      return {
        a: a.pubsub,
        b: b.pubsub,
        async interrupt() {
          const admin = testRedis();
          try {
            // Kill every connection of both replicas, subscribers included, as a failover would.
            const list = (await admin.client('LIST')) as string;
            const ids = list
              .split('\n')
              .filter((line) => line.includes(` name=${prefix}:`))
              .map((line) => /id=(\d+)/.exec(line)![1]!);
            for (const id of ids) await admin.client('KILL', 'ID', id);
            if (!ids.length) throw new Error('no connections found to kill');
          } finally {
            admin.disconnect();
          }
        },
        async close() {
          for (const c of clients) await c.quit().catch(() => c.disconnect());
        },
      };
    },
    true,
  );
});
