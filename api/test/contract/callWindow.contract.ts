import { describe, expect, it } from 'vitest';
import type { CallWindow, CallWindowLimits } from '../../src/adapters/rateLimit/callWindow.js';

/** Two handles on one window (two workers), the same object for in-process windows. */
export type CallWindowFactory = (limits: CallWindowLimits) => Promise<{ a: CallWindow; b: CallWindow }>;

/** The model-call window's contract: at most `max` admitted in any sliding `windowMs`. */
export function callWindowContract(adapter: string, create: CallWindowFactory): void {
  describe(`Model call window contract: ${adapter}`, () => {
    it('admits max calls, then says how long to wait', async () => {
      const { a, b } = await create({ max: 3, windowMs: 400, guardMs: 0 });
      expect([await a.acquire(), await b.acquire(), await a.acquire()]).toEqual([0, 0, 0]);
      const wait = await b.acquire();
      expect(wait).toBeGreaterThan(300);
      expect(wait).toBeLessThanOrEqual(400);
      await new Promise((r) => setTimeout(r, wait + 20));
      expect(await b.acquire()).toBe(0);
    });

    it('never admits more than max in any sliding window under contention', async () => {
      const limits = { max: 4, windowMs: 300, guardMs: 0 };
      const { a, b } = await create(limits);
      const admitted: number[] = [];
      const until = Date.now() + 1_300;
      await Promise.all(
        [a, b, a, b].map(async (w) => {
          while (Date.now() < until) {
            const wait = await w.acquire();
            if (wait === 0) admitted.push(Date.now());
            else await new Promise((r) => setTimeout(r, Math.min(wait, 37)));
          }
        }),
      );
      admitted.sort((x, y) => x - y);
      expect(admitted.length).toBeGreaterThanOrEqual(4 * 4);
      // Timestamps are taken just after admission, so allow a few ms of measuring jitter.
      for (let i = 0; i + limits.max < admitted.length; i++) {
        expect(admitted[i + limits.max]! - admitted[i]!).toBeGreaterThanOrEqual(limits.windowMs - 15);
      }
    });
  });
}
