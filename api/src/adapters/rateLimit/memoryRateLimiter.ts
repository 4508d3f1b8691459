import type { Clock } from '../../ports/clock.js';
import type { RateLimiter } from '../../ports/rateLimiter.js';

/**
 * Per-process fixed-window rate limiting (the embedded setup). Old windows are swept lazily.
 * A counter belongs to a key and a window length, as in Redis (`<key>:<windowMs>`), so one key
 * limited over two windows keeps two counts in both adapters.
 */
export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, { start: number; count: number; windowMs: number }>();
  let lastSweep = clock.now();
  const sweep = (now: number) => {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [key, w] of windows) if (now - w.start >= w.windowMs) windows.delete(key);
  };
  return {
    kind: 'memory',
    async consume(key, max, windowMs, cost = 1) {
      const now = clock.now();
      sweep(now);
      let w = windows.get(`${key}:${windowMs}`);
      if (!w || now - w.start >= windowMs) {
        w = { start: now, count: 0, windowMs };
        windows.set(`${key}:${windowMs}`, w);
      }
      if (w.count + cost > max) return { allowed: false, retryAfterMs: w.start + windowMs - now };
      w.count += cost;
      return { allowed: true, retryAfterMs: 0 };
    },
    async peek(key, max, windowMs) {
      const now = clock.now();
      const w = windows.get(`${key}:${windowMs}`);
      if (!w || now - w.start >= windowMs || w.count < max) return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: w.start + windowMs - now };
    },
    async stop() {
      windows.clear();
    },
  };
}
