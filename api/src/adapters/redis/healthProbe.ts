import type { Redis } from 'ioredis';
import type { HealthProbe } from '../../ports/health.js';
import { urlTarget } from '../dependencyErrors.js';

/** PING on the queue's producer client (the one that hands jobs back and schedules the next steps). */
export function redisProbe(client: Redis, url: string): HealthProbe {
  return {
    dependency: 'redis',
    target: urlTarget(url, 6379),
    async check() {
      await client.ping();
    },
  };
}
