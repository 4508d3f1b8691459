import { describe, expect, it } from 'vitest';
import type { CallWindow, CallWindowLimits } from '../../src/adapters/rateLimit/callWindow.js';

/** Two handles on one window (two workers), the same object for in-process windows. */
export type CallWindowFactory = (limits: CallWindowLimits) => Promise<{ a: CallWindow; b: CallWindow }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const admitted = (r: { slot: string } | { waitMs: number }) => 'slot' in r;

/** The model-call window's contract: at most `max` calls in any sliding `windowMs`. */
export function callWindowContract(adapter: string, create: CallWindowFactory): void {
  describe(`Model call window contract: ${adapter}`, () => {
    it('admits max calls, then says how long to wait', async () => {
      const { a, b } = await create({ max: 3, windowMs: 400, guardMs: 0 });
      expect([await a.acquire(), await b.acquire(), await a.acquire()].map(admitted)).toEqual([true, true, true]);
      const refused = await b.acquire();
      expect('waitMs' in refused && refused.waitMs).toBeGreaterThan(300);
      expect('waitMs' in refused && refused.waitMs).toBeLessThanOrEqual(400);
      await sleep(('waitMs' in refused ? refused.waitMs : 0) + 20);
      expect(admitted(await b.acquire())).toBe(true);
    });

    it('counts a call from when it is sent, not when its slot was reserved', async () => {
      const { a, b } = await create({ max: 1, windowMs: 300, guardMs: 0 });
      const reserved = await a.acquire();
      if (!('slot' in reserved)) throw new Error('first call refused');
      await sleep(200);
      await a.sent(reserved.slot);
      await sleep(150); // 350 ms after the reservation, 150 ms after the send
      expect(admitted(await b.acquire())).toBe(false);
      await sleep(200);
      expect(admitted(await b.acquire())).toBe(true);
    });

    it('a block (a 429) stops every handle for its time, and a shorter one never cuts it short', async () => {
      const { a, b } = await create({ max: 10, windowMs: 1_000, guardMs: 0 });
      await a.block(500);
      await b.block(50);
      const refused = await b.acquire();
      expect('waitMs' in refused && refused.waitMs).toBeGreaterThan(400);
      await sleep(200);
      expect(admitted(await a.acquire())).toBe(false);
      await sleep(350);
      expect(admitted(await a.acquire())).toBe(true);
    });

    it('never admits more than max in any sliding window under contention', async () => {
      const limits = { max: 4, windowMs: 300, guardMs: 0 };
      const { a, b } = await create(limits);
      const times: number[] = [];
      const until = Date.now() + 1_300;
      await Promise.all(
        [a, b, a, b].map(async (w) => {
          while (Date.now() < until) {
            const got = await w.acquire();
            if ('slot' in got) times.push(Date.now());
            else await sleep(Math.min(got.waitMs, 37));
          }
        }),
      );
      times.sort((x, y) => x - y);
      expect(times.length).toBeGreaterThanOrEqual(4 * 4);
      // Timestamps are taken just after admission, so allow a few ms of measuring jitter.
      for (let i = 0; i + limits.max < times.length; i++) {
        expect(times[i + limits.max]! - times[i]!).toBeGreaterThanOrEqual(limits.windowMs - 15);
      }
    });
  });
}
