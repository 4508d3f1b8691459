import type { Redis } from 'ioredis';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { RateLimitedError } from '../../ports/errors.js';
import type { Llm } from '../../ports/llm.js';
import { abortableSleep } from '../llm/retry.js';
import { luaScript } from './lua.js';

/**
 * A sliding-window cap on model calls: at most `max` requests in any `windowMs`, counted
 * when they leave for the provider. BullMQ's limiter counts job starts in fixed windows,
 * which lets up to twice the limit through around a window edge, and a job starts well
 * before its request is sent; this window is exact.
 *
 * A slot is reserved before the turn commits to calling the model (so a full window costs
 * nothing but a `RateLimitedError`), then re-stamped with the moment the request is really
 * sent (`sent`), so a call that was slow to leave still counts where the provider sees it.
 * A reservation that lapsed before its request left (a turn that took longer than the window
 * to build its prompt) is gone: its slot may already be someone else's, so re-stamping it
 * would put one call too many in the window. `sent` then says so and the caller takes a new slot.
 *
 * Times (`at`, the result of `sent`) are on the window's own clock (Redis' for the shared
 * window), so a test can check the limit where it is enforced, free of client scheduling noise.
 */
export interface CallWindow {
  readonly kind: string;
  /** Reserve a slot: its id and stamp when the call may go now, or the ms until a slot frees. */
  acquire(): Promise<{ slot: string; at: number } | { waitMs: number }>;
  /**
   * The reserved call is being sent now: it counts from this moment, the stamp returned.
   * Null when the reservation lapsed first: the call does not count and needs a new slot.
   */
  sent(slot: string): Promise<number | null>;
  /** The provider said "slow down" (429): admit nothing for `ms` (never shortens a longer block). */
  block(ms: number): Promise<void>;
}

export interface CallWindowLimits {
  max: number;
  windowMs: number;
  /**
   * Extra time a slot stays taken, for the last stretch between our stamp and the provider's
   * clock (network, the provider's own queueing). Default: 2% of the window, at most 20 ms.
   */
  guardMs?: number;
}

const spanOf = (limits: CallWindowLimits) => limits.windowMs + (limits.guardMs ?? Math.min(20, Math.round(limits.windowMs * 0.02)));
const slotIds = () => {
  const me = randomBytes(4).toString('hex');
  let n = 0;
  return () => `${me}-${++n}`;
};

/** One process's window (the embedded setup, where one process makes every call). */
export function createMemoryCallWindow(limits: CallWindowLimits, now: () => number = Date.now): CallWindow {
  const span = spanOf(limits);
  const slots = new Map<string, number>();
  const nextId = slotIds();
  let blockedUntil = 0;
  return {
    kind: 'memory',
    async acquire() {
      const t = now();
      if (blockedUntil > t) return { waitMs: blockedUntil - t };
      for (const [id, at] of slots) if (at <= t - span) slots.delete(id);
      if (slots.size < limits.max) {
        const slot = nextId();
        slots.set(slot, t);
        return { slot, at: t };
      }
      return { waitMs: Math.max(1, Math.min(...slots.values()) + span - t) };
    },
    async sent(slot) {
      const t = now();
      const at = slots.get(slot);
      if (at === undefined || at <= t - span) {
        slots.delete(slot);
        return null;
      }
      slots.set(slot, t);
      return t;
    },
    async block(ms) {
      blockedUntil = Math.max(blockedUntil, now() + ms);
    },
  };
}

/** Check and take a slot atomically, on Redis' clock (`lua/callWindowAcquire.lua`). */
const ACQUIRE = luaScript('callWindowAcquire');
/** Re-stamp a reserved slot when its request leaves, unless it lapsed (`lua/callWindowSent.lua`). */
const SENT = luaScript('callWindowSent');
/** Block admissions unless a longer block is in place (`lua/callWindowBlock.lua`). */
const BLOCK = luaScript('callWindowBlock');

/** The cluster-wide window: a sorted set of calls shared by every worker. */
export function createRedisCallWindow(redis: Redis, key: string, limits: CallWindowLimits): CallWindow {
  const span = spanOf(limits);
  const nextId = slotIds();
  return {
    kind: 'redis',
    async acquire() {
      const slot = nextId();
      const [admitted, value] = (await redis.eval(ACQUIRE, 2, key, `${key}:blocked`, limits.max, span, slot)) as [number, number];
      return admitted === 1 ? { slot, at: Number(value) } : { waitMs: Number(value) };
    },
    async sent(slot) {
      const at = Number(await redis.eval(SENT, 1, key, slot, span));
      return at < 0 ? null : at;
    },
    async block(ms) {
      await redis.eval(BLOCK, 1, `${key}:blocked`, Math.max(1, Math.round(ms)));
    },
  };
}

/**
 * The window in front of a model: `wrap` makes the turn reserve a slot (or fail fast with
 * `RateLimitedError`, so the queue holds every worker back; a provider's 429 blocks the
 * window for its Retry-After), and `fetch` — given to the
 * model's HTTP client — stamps the slot when the request leaves. A second request within the
 * same turn (a retry or the repair attempt) takes a new slot, waiting for one if need be.
 */
export function createCallGate(window: CallWindow) {
  const turn = new AsyncLocalStorage<{ slot: string | null }>();

  const gatedFetch: typeof fetch = async (input, init) => {
    const state = turn.getStore();
    const reserved = state?.slot ?? null;
    if (state) state.slot = null;
    // The turn's own reservation, if it has not lapsed; otherwise a new slot, waiting for one.
    if (reserved === null || (await window.sent(reserved)) === null) {
      for (;;) {
        const got = await window.acquire();
        if ('slot' in got && (await window.sent(got.slot)) !== null) break;
        await abortableSleep('waitMs' in got ? got.waitMs : 1, init?.signal ?? undefined);
      }
    }
    return fetch(input, init);
  };

  const wrap = (llm: Llm): Llm => ({
    defaultModel: llm.defaultModel,
    // Memory requests take their slots in `fetch`, waiting for one rather than failing a finished conversation's job.
    ...(llm.writeMemories ? { writeMemories: llm.writeMemories.bind(llm) } : {}),
    ...(llm.reflect ? { reflect: llm.reflect.bind(llm) } : {}),
    async generateTurn(context, signal) {
      const got = await window.acquire();
      if ('waitMs' in got) throw new RateLimitedError(`model call limit reached; next slot in ${got.waitMs} ms`, got.waitMs);
      try {
        return await turn.run({ slot: got.slot }, () => llm.generateTurn(context, signal));
      } catch (err) {
        // A 429 from the provider holds back every caller sharing this window, not just this turn.
        if (err instanceof RateLimitedError) await window.block(err.retryAfterMs);
        throw err;
      }
    },
  });

  return { fetch: gatedFetch, wrap, kind: window.kind };
}
