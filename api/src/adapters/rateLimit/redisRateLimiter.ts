import type { Redis } from 'ioredis';
import type { RateLimiter } from '../../ports/rateLimiter.js';
import { luaScript } from './lua.js';

/** Take units from a window when they fit, atomically (`lua/consume.lua`). */
const CONSUME = luaScript('consume');
/** A window's count and time left, changing nothing (`lua/peek.lua`). */
const PEEK = luaScript('peek');

/**
 * Fixed-window rate limiting shared by every replica: one Redis key per caller and window
 * (`<prefix>:rl:<key>:<windowMs>`), living exactly one window. The Redis client belongs to
 * the caller (the container closes it); `stop` does not.
 */
export function createRedisRateLimiter(redis: Redis, prefix: string): RateLimiter {
  return {
    kind: 'redis',
    async consume(key, max, windowMs, cost = 1) {
      const [allowed, ttl] = (await redis.eval(
        CONSUME,
        1,
        `${prefix}:rl:${key}:${windowMs}`,
        String(windowMs),
        String(cost),
        String(max),
      )) as [number, number];
      if (allowed === 1) return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: Math.max(1, ttl) };
    },
    async peek(key, max, windowMs) {
      const [count, ttl] = (await redis.eval(PEEK, 1, `${prefix}:rl:${key}:${windowMs}`)) as [number, number];
      if (count < max) return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: Math.max(1, ttl) };
    },
    async stop() {
      // Nothing of its own to release.
    },
  };
}
