import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedError } from '../ports/errors.js';
import { createReplayGate } from './replayGate.js';

describe('replay gate', () => {
  afterEach(() => void vi.useRealTimers());

  it('lets `concurrency` readers in, queues the rest in arrival order', async () => {
    const gate = createReplayGate({ concurrency: 2, maxWaiting: 10, maxWaitMs: 10_000 });
    const first = await gate.acquire();
    const second = await gate.acquire();
    const order: number[] = [];
    const third = gate.acquire().then((release) => (order.push(3), release));
    const fourth = gate.acquire().then((release) => (order.push(4), release));
    expect(gate.stats()).toEqual({ active: 2, waiting: 2, rejected: 0 });
    first();
    first(); // releasing twice frees one slot, not two
    const releaseThird = await third;
    expect(order).toEqual([3]);
    expect(gate.stats()).toMatchObject({ active: 2, waiting: 1 });
    second();
    (await fourth)();
    releaseThird();
    expect(order).toEqual([3, 4]);
    expect(gate.stats()).toEqual({ active: 0, waiting: 0, rejected: 0 });
  });

  it('turns a reader away at once when the queue is full, with a retry delay', async () => {
    const gate = createReplayGate({ concurrency: 1, maxWaiting: 1, maxWaitMs: 10_000 });
    const held = await gate.acquire();
    const waiting = gate.acquire();
    const refused = await gate.acquire().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(500);
    expect((refused as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(45_000);
    expect(gate.stats().rejected).toBe(1);
    held();
    (await waiting)();
  });

  it('turns a reader away after waiting maxWaitMs, and the queue moves on', async () => {
    vi.useFakeTimers();
    const gate = createReplayGate({ concurrency: 1, maxWaiting: 5, maxWaitMs: 1_000 });
    const held = await gate.acquire();
    const late = gate.acquire().catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(await late).toBeInstanceOf(RateLimitedError);
    expect(gate.stats()).toEqual({ active: 1, waiting: 0, rejected: 1 });
    held();
    expect(gate.stats().active).toBe(0);
    (await gate.acquire())();
  });
});
