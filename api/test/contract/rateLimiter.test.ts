import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import fc from 'fast-check';
import { createMemoryRateLimiter } from '../../src/adapters/rateLimit/memoryRateLimiter.js';
import { createRedisRateLimiter } from '../../src/adapters/rateLimit/redisRateLimiter.js';
import type { RateLimiter } from '../../src/ports/rateLimiter.js';
import { createRedisPrefix, requireServices, testRedis } from '../support/services.js';

/** Build a limiter; `peer` is a second instance sharing its state (another replica), when the adapter has one. */
type Harness = () => { limiter: RateLimiter; peer?: RateLimiter };

/** The RateLimiter port's contract, run on every adapter (real time, short windows). */
function rateLimiterContract(name: string, make: Harness, crossProcess: boolean): void {
  describe(`RateLimiter contract: ${name}`, () => {
    /** Tests that need two processes' worth of one adapter: registered only where it has them. */
    const acrossProcesses = (name: string, fn: () => Promise<void>) => {
      if (crossProcess) it(name, fn);
    };
    it('allows max calls per window, then refuses with the time left', async () => {
      const { limiter } = make();
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await limiter.consume('k', 3, 1_000));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
      expect(results[0]!.retryAfterMs).toBe(0);
      expect(results[3]!.retryAfterMs).toBeGreaterThan(0);
      expect(results[3]!.retryAfterMs).toBeLessThanOrEqual(1_000);
    });

    it('takes a cost in units; a refused costly call takes nothing, so cheaper ones still fit', async () => {
      const { limiter } = make();
      expect((await limiter.consume('c', 10, 1_000, 6)).allowed).toBe(true);
      const refused = await limiter.consume('c', 10, 1_000, 5);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
      expect((await limiter.consume('c', 10, 1_000, 4)).allowed).toBe(true);
      expect((await limiter.consume('c', 10, 1_000)).allowed).toBe(false);
      expect((await limiter.consume('fresh', 10, 1_000, 11)).allowed).toBe(false);
    });

    it('peeks without taking: allowed until max are used, then refused with the time left', async () => {
      const { limiter } = make();
      expect(await limiter.peek('p', 2, 1_000)).toEqual({ allowed: true, retryAfterMs: 0 });
      expect((await limiter.consume('p', 2, 1_000)).allowed).toBe(true);
      expect((await limiter.peek('p', 2, 1_000)).allowed).toBe(true);
      expect((await limiter.peek('p', 2, 1_000)).allowed).toBe(true);
      expect((await limiter.consume('p', 2, 1_000)).allowed).toBe(true);
      const refused = await limiter.peek('p', 2, 1_000);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
      expect((await limiter.peek('other', 2, 1_000)).allowed).toBe(true);
    });

    it('keeps keys apart', async () => {
      const { limiter } = make();
      expect((await limiter.consume('a', 1, 1_000)).allowed).toBe(true);
      expect((await limiter.consume('a', 1, 1_000)).allowed).toBe(false);
      expect((await limiter.consume('b', 1, 1_000)).allowed).toBe(true);
    });

    it('allows again once the window has passed', async () => {
      const { limiter } = make();
      expect((await limiter.consume('w', 1, 150)).allowed).toBe(true);
      const refused = await limiter.consume('w', 1, 150);
      expect(refused.allowed).toBe(false);
      await new Promise((r) => setTimeout(r, refused.retryAfterMs + 30));
      expect((await limiter.consume('w', 1, 150)).allowed).toBe(true);
    });

    it('counts concurrent calls exactly', async () => {
      const { limiter } = make();
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter.consume('burst', 10, 5_000)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
    });

    acrossProcesses('shares the count between instances on the same store', async () => {
      const { limiter, peer: other } = make();
      const peer = other!;
      expect((await limiter.consume('shared', 2, 1_000)).allowed).toBe(true);
      expect((await peer.consume('shared', 2, 1_000)).allowed).toBe(true);
      expect((await limiter.consume('shared', 2, 1_000)).allowed).toBe(false);
      expect((await peer.consume('shared', 2, 1_000)).allowed).toBe(false);
    });

    it('stop is safe to call twice', async () => {
      const { limiter } = make();
      await limiter.stop();
      await limiter.stop();
    });
  });
}

rateLimiterContract('memory', () => ({ limiter: createMemoryRateLimiter({ now: () => Date.now() }) }), false);

const redisUp = await requireServices('redis', 'RateLimiter contract on Redis');

describe.skipIf(!redisUp.ok)('Redis', () => {
  const clients: Redis[] = [];
  const spaces: ReturnType<typeof createRedisPrefix>[] = [];
  afterAll(async () => {
    await Promise.all(spaces.map((s) => s.clean()));
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  });
  const client = () => {
    const c = testRedis();
    clients.push(c);
    return c;
  };

  rateLimiterContract(
    'redis',
    () => {
      const space = createRedisPrefix();
      spaces.push(space);
      return {
        limiter: createRedisRateLimiter(client(), space.prefix),
        peer: createRedisRateLimiter(client(), space.prefix),
      };
    },
    true,
  );

  it('writes only under its prefix and lets keys expire with the window', async () => {
    const space = createRedisPrefix();
    spaces.push(space);
    const redis = client();
    await createRedisRateLimiter(redis, space.prefix).consume('mut:client:abc', 5, 10_000);
    const keys = await redis.keys(`${space.prefix}:*`);
    expect(keys).toEqual([`${space.prefix}:rl:mut:client:abc:10000`]);
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_000);
  });
});

/**
 * Memory and Redis must decide alike: for random sequences of consumes and peeks (keys shared
 * across window lengths, costs up to past the max, limits that change between calls) both
 * adapters allow and refuse the same calls. Windows are long, so none ends during a run, and
 * refusals carry a wait within the window on both.
 */
describe.skipIf(!redisUp.ok)('RateLimiter: memory and Redis agree (fast-check)', () => {
  const redis = testRedis();
  const spaces: ReturnType<typeof createRedisPrefix>[] = [];
  afterAll(async () => {
    await Promise.all(spaces.map((s) => s.clean()));
    await redis.quit().catch(() => redis.disconnect());
  });

  const op = fc.record({
    kind: fc.constantFrom('consume', 'peek'),
    key: fc.constantFrom('a', 'b'),
    max: fc.integer({ min: 1, max: 5 }),
    windowMs: fc.constantFrom(60_000, 120_000),
    cost: fc.integer({ min: 1, max: 6 }),
  });

  it('allow and refuse the same calls', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const space = createRedisPrefix();
        spaces.push(space);
        const memory = createMemoryRateLimiter({ now: () => Date.now() });
        const shared = createRedisRateLimiter(redis, space.prefix);
        for (const o of ops) {
          const call = (l: RateLimiter) =>
            o.kind === 'consume' ? l.consume(o.key, o.max, o.windowMs, o.cost) : l.peek(o.key, o.max, o.windowMs);
          const [m, r] = [await call(memory), await call(shared)];
          expect(r.allowed, JSON.stringify(o)).toBe(m.allowed);
          for (const d of [m, r]) {
            if (d.allowed) expect(d.retryAfterMs).toBe(0);
            else {
              expect(d.retryAfterMs).toBeGreaterThan(0);
              expect(d.retryAfterMs).toBeLessThanOrEqual(o.windowMs);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
