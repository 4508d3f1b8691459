import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RateLimitedError } from '../../ports/errors.js';
import type { Llm } from '../../ports/llm.js';

/**
 * A sliding-window cap on model calls: at most `max` calls admitted in any `windowMs`.
 * BullMQ's limiter counts job starts in fixed windows, which lets up to twice the limit
 * through around a window edge; this window is exact and sits right in front of the call.
 */
export interface CallWindow {
  readonly kind: string;
  /** Take a slot: resolves to 0 when the call may go now, else the ms until a slot frees. */
  acquire(): Promise<number>;
}

export interface CallWindowLimits {
  max: number;
  windowMs: number;
  /**
   * Extra time a slot stays taken, because the provider sees a call a little after we admit
   * it (prompt building, connection set-up). Default: 5% of the window, at most 50 ms.
   */
  guardMs?: number;
}

const guardOf = (limits: CallWindowLimits) => limits.guardMs ?? Math.min(50, Math.round(limits.windowMs * 0.05));

/** One process's window (the embedded setup, where one process makes every call). */
export function createMemoryCallWindow(limits: CallWindowLimits, now: () => number = Date.now): CallWindow {
  const span = limits.windowMs + guardOf(limits);
  const admitted: number[] = [];
  return {
    kind: 'memory',
    async acquire() {
      const t = now();
      while (admitted.length && admitted[0]! <= t - span) admitted.shift();
      if (admitted.length < limits.max) {
        admitted.push(t);
        return 0;
      }
      return Math.max(1, admitted[0]! + span - t);
    },
  };
}

/** Check and take a slot atomically, on Redis' clock so workers' clocks need not agree. */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], span)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + span - now)
`;

/** The cluster-wide window: a sorted set of admitted calls shared by every worker. */
export function createRedisCallWindow(redis: Redis, key: string, limits: CallWindowLimits): CallWindow {
  const span = limits.windowMs + guardOf(limits);
  let seq = 0;
  const me = randomBytes(4).toString('hex');
  return {
    kind: 'redis',
    async acquire() {
      const member = `${me}-${++seq}-${Date.now()}`;
      return Number(await redis.eval(ACQUIRE, 1, key, limits.max, span, member));
    },
  };
}

/**
 * The Llm with the window in front: when no slot is free the call is not made and
 * `RateLimitedError` tells the queue how long to hold back (BullMQ then pauses every worker).
 */
export function rateLimitedLlm(llm: Llm, window: CallWindow): Llm {
  return {
    defaultModel: llm.defaultModel,
    async generateTurn(context, signal) {
      const waitMs = await window.acquire();
      if (waitMs > 0) throw new RateLimitedError(`model call limit reached; next slot in ${waitMs} ms`, waitMs);
      return llm.generateTurn(context, signal);
    },
  };
}
