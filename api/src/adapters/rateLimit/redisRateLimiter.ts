import type { Redis } from 'ioredis';
import type { RateLimiter } from '../../ports/rateLimiter.js';

/**
 * INCR the window's counter and set its expiry on first use, atomically; return the count
 * and the time left. Over the limit the count still grows (harmless: the key expires with
 * the window), so one round trip decides.
 */
const CONSUME = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

/** The window's count and time left, changing nothing (a missing key: nothing used). */
const PEEK = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
return { count, redis.call('PTTL', KEYS[1]) }
`;

/**
 * Fixed-window rate limiting shared by every replica: one Redis key per caller and window
 * (`<prefix>:rl:<key>:<windowMs>`), living exactly one window. The Redis client belongs to
 * the caller (the container closes it); `stop` does not.
 */
export function createRedisRateLimiter(redis: Redis, prefix: string): RateLimiter {
  return {
    kind: 'redis',
    async consume(key, max, windowMs) {
      const [count, ttl] = (await redis.eval(CONSUME, 1, `${prefix}:rl:${key}:${windowMs}`, String(windowMs))) as [number, number];
      if (count <= max) return { allowed: true, retryAfterMs: 0 };
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
