import { RateLimitedError } from '../ports/errors.js';

/** How many replay page reads may hit the database at once, and how long the rest may wait. */
export interface ReplayGateOptions {
  /** Page reads in flight at once, per process. */
  concurrency: number;
  /** Readers allowed to wait for a slot; one more is turned away at once. */
  maxWaiting: number;
  /** A reader still waiting after this long is turned away. */
  maxWaitMs: number;
}

export interface ReplayGateStats {
  active: number;
  waiting: number;
  /** Readers turned away (queue full or waited too long) since start. */
  rejected: number;
}

/**
 * A per-process cap on concurrent replay reads. A reconnect storm (hundreds of viewers
 * resuming from `afterSeq: 0` at once) would otherwise open as many reads as there are
 * subscribers, drain the database pool and starve the live path. Readers queue in arrival
 * order; when the queue is full, or a reader waited `maxWaitMs`, it gets a
 * `RateLimitedError` whose `retryAfterMs` estimates when the queue will have room, so the
 * client backs off instead of hammering.
 */
export function createReplayGate(options: ReplayGateOptions) {
  const { concurrency, maxWaiting, maxWaitMs } = options;
  const queue: { grant: () => void; timer: NodeJS.Timeout }[] = [];
  let active = 0;
  let rejected = 0;
  // Mean time a slot is held, so retryAfterMs tracks what this process really manages.
  let meanHoldMs = 20;

  const retryAfterMs = () => {
    const estimate = ((queue.length + active) / concurrency) * meanHoldMs;
    // Jitter spreads the retries of a storm over time instead of bringing them back together.
    return Math.round(Math.min(30_000, Math.max(500, estimate)) * (1 + Math.random() * 0.5));
  };
  const refuse = (why: string) => {
    rejected++;
    return new RateLimitedError(`Too many replays at once (${why}); retry after the given delay and resume with afterSeq`, retryAfterMs());
  };

  const release = (startedAt: number) => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      meanHoldMs = meanHoldMs * 0.9 + (Date.now() - startedAt) * 0.1;
      const next = queue.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant();
      } else active--;
    };
  };

  return {
    /** Wait for a slot; resolves to its release function (safe to call twice). */
    acquire(): Promise<() => void> {
      if (active < concurrency) {
        active++;
        return Promise.resolve(release(Date.now()));
      }
      if (queue.length >= maxWaiting) return Promise.reject(refuse('queue full'));
      return new Promise((resolve, reject) => {
        const entry = {
          // The slot passes straight from the releaser to the next waiter: `active` stays put.
          grant: () => resolve(release(Date.now())),
          timer: setTimeout(() => {
            queue.splice(queue.indexOf(entry), 1);
            reject(refuse('waited too long'));
          }, maxWaitMs),
        };
        queue.push(entry);
      });
    },
    stats: (): ReplayGateStats => ({ active, waiting: queue.length, rejected }),
  };
}

export type ReplayGate = ReturnType<typeof createReplayGate>;

/**
 * Defaults: a few reads at a time keep the pool free for the live path and for mutations. The
 * queue is long enough for a reconnect storm of 10,000 viewers who are each a few events
 * behind (each read is short); the wait limit is what turns a real overload away.
 */
export const REPLAY_GATE_DEFAULTS: ReplayGateOptions = { concurrency: 2, maxWaiting: 20_000, maxWaitMs: 30_000 };
