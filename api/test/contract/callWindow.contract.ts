import { describe, expect, it } from 'vitest';
import { createCallGate, type CallWindow, type CallWindowLimits } from '../../src/adapters/rateLimit/callWindow.js';
import type { TurnContext, TurnResult } from '../../src/ports/llm.js';

/** Two handles on one window (two workers), the same object for in-process windows. */
export type CallWindowFactory = (limits: CallWindowLimits) => Promise<{ a: CallWindow; b: CallWindow }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const admitted = (r: { slot: string } | { waitMs: number }) => 'slot' in r;

/** The model-call window's contract: at most `max` calls in any sliding `windowMs`. */
export function callWindowContract(adapter: string, create: CallWindowFactory): void {
  describe(`Model call window contract: ${adapter}`, () => {
    it('admits max calls, then says how long to wait', async () => {
      const { a, b } = await create({ max: 3, windowMs: 400, guardMs: 0 });
      const t0 = Date.now();
      expect([await a.acquire(), await b.acquire(), await a.acquire()].map(admitted)).toEqual([true, true, true]);
      const refused = await b.acquire();
      // The first slot was taken at most this long before the refusal (one clock, 1 ms rounding).
      const elapsed = Date.now() - t0 + 1;
      expect('waitMs' in refused && refused.waitMs).toBeGreaterThanOrEqual(400 - elapsed);
      expect('waitMs' in refused && refused.waitMs).toBeLessThanOrEqual(400);
      await sleep(('waitMs' in refused ? refused.waitMs : 0) + 20);
      expect(admitted(await b.acquire())).toBe(true);
    });

    it('counts a call from when it is sent, not when its slot was reserved', async () => {
      const { a, b } = await create({ max: 1, windowMs: 1_000, guardMs: 0 });
      const reserved = await a.acquire();
      if (!('slot' in reserved)) throw new Error('first call refused');
      await sleep(300);
      const sentAt = await a.sent(reserved.slot);
      if (sentAt === null) throw new Error('the reservation lapsed within 300 ms of a 1,000 ms window');
      expect(sentAt).toBeGreaterThanOrEqual(reserved.at + 300);
      const refused = await b.acquire();
      const now = Date.now();
      if (!('waitMs' in refused)) throw new Error('a second call was admitted inside the window');
      // Counted from the send: a wait counted from the reservation would be 300 ms shorter.
      expect(refused.waitMs).toBeGreaterThanOrEqual(sentAt + 1_000 - now - 1);
      await sleep(refused.waitMs + 20);
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
            // The window's own stamp: where the limit is enforced, not when this loop got to run.
            if ('slot' in got) times.push(got.at);
            else await sleep(Math.min(got.waitMs, 37));
          }
        }),
      );
      times.sort((x, y) => x - y);
      expect(times.length).toBeGreaterThanOrEqual(4 * 4);
      for (let i = 0; i + limits.max < times.length; i++) {
        expect(times[i + limits.max]! - times[i]!).toBeGreaterThanOrEqual(limits.windowMs);
      }
    });

    it('a reservation that lapsed before its call was sent no longer counts', async () => {
      const { a, b } = await create({ max: 2, windowMs: 300, guardMs: 0 });
      const first = await a.acquire();
      if (!('slot' in first)) throw new Error('first call refused');
      await sleep(400);
      expect(admitted(await b.acquire())).toBe(true);
      // Re-stamping the lapsed slot now would put it back beside b's call, filling the window.
      const lapsed = await a.sent(first.slot);
      expect(admitted(await b.acquire())).toBe(true);
      expect(lapsed).toBeNull();
    });

    it('a turn whose reservation lapsed waits for a new slot before its request leaves', async () => {
      const { a, b } = await create({ max: 1, windowMs: 300, guardMs: 0 });
      const gate = createCallGate(a);
      const seen: { takenFrom?: number; leftAt?: number } = {};
      const slowTurn = {
        defaultModel: 'slow',
        async generateTurn(): Promise<TurnResult> {
          await sleep(350); // longer than the window: the turn's reservation lapses meanwhile
          seen.takenFrom = Date.now();
          const got = await b.acquire(); // another worker takes the only slot
          if (!('slot' in got)) throw new Error('the lapsed reservation still held the window');
          await gate.fetch('data:,ok');
          seen.leftAt = Date.now();
          return {} as TurnResult;
        },
      };
      await gate.wrap(slowTurn).generateTurn({} as TurnContext);
      if (seen.takenFrom === undefined || seen.leftAt === undefined) throw new Error('the turn did not run');
      // b's slot was stamped no earlier than takenFrom (one clock; the window is in whole ms).
      expect(seen.leftAt + 1).toBeGreaterThanOrEqual(seen.takenFrom + 300);
    });
  });
}
