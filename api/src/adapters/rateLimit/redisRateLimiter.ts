import type { Redis } from 'ioredis';
import type { RateLimiter } from '../../ports/rateLimiter.js';

/**
 * Take ARGV[2] units from the window's counter when they fit under ARGV[3], setting its expiry
 * (ARGV[1] ms) on first use, atomically; return whether they were taken and the time left. A
 * refused call takes nothing, so one expensive refusal does not block cheap calls. One round trip decides.
 */
const CONSUME = `
local cost = tonumber(ARGV[2])
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local allowed = 0
if count + cost <= tonumber(ARGV[3]) then
  count = redis.call('INCRBY', KEYS[1], cost)
  allowed = 1
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 and allowed == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if ttl < 0 then ttl = tonumber(ARGV[1]) end
return { allowed, ttl }
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
