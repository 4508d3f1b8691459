import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity } from '../../src/adapters/db/entities.js';
import { apiError } from '../support/fakeOpenAi.js';
import { waitFor } from '../support/collect.js';
import { testRedis } from '../support/services.js';
import { createCluster, modelReply, requester, type Cluster } from './cluster.js';

const MAX = 3;
const WINDOW_MS = 1_000;
/** The window's default guard (2% of the window, at most 20 ms): how long a slot stays taken past WINDOW_MS. */
const SPAN_MS = WINDOW_MS + 20;
const RETRY_AFTER_MS = 1_500;

/** The most stamps within any window of `windowMs` (every window starting at a stamp). */
function busiestWindow(stamps: number[], windowMs: number): number {
  const at = stamps.slice().sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (j < at.length && at[j]! < at[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/** One look at the window, atomically with Redis' clock: every slot's stamp and the 429 block's TTL. */
const LOOK = `
local t = redis.call('TIME')
return {tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), redis.call('PTTL', KEYS[2]), redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')}
`;

/**
 * Watches the workers' shared call window in Redis and keeps the stamp of every call it held,
 * on Redis' clock: where the limit is enforced. The fake server's arrival times measured the
 * window through an HTTP client and three busy event loops, so on a loaded machine a call
 * delayed in flight landed beside the next window's calls (a flake of 4 > 3). A slot stays in
 * the set for at least the window after its last stamp, so looks closer together than that
 * miss none (checked: `maxGapMs`).
 */
function watchCallWindow(prefix: string) {
  const redis = testRedis();
  const key = `${prefix}:llm-calls`;
  const stamps = new Map<string, number>();
  const blocks: { until: number }[] = [];
  let last = 0;
  let maxGapMs = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const [now, blockedMs, flat] = (await redis.eval(LOOK, 2, key, `${key}:blocked`)) as [number, number, string[]];
      if (last) maxGapMs = Math.max(maxGapMs, now - last);
      last = now;
      for (let i = 0; i + 1 < flat.length; i += 2) stamps.set(flat[i]!, Number(flat[i + 1]));
      if (blockedMs > 0 && !blocks.some((b) => b.until > now)) blocks.push({ until: now + blockedMs });
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    /** Stamps of the calls, in order, from `since` (Redis time) on. */
    stamps: (since = 0) => [...stamps.values()].filter((t) => t >= since).sort((a, b) => a - b),
    blocks,
    now: () => last,
    maxGapMs: () => maxGapMs,
    async stop() {
      stopped = true;
      await loop;
      redis.disconnect();
    },
  };
}

/**
 * Three workers share one model-call budget: LLM_RATE_MAX calls per LLM_RATE_WINDOW_MS over
 * a backlog of scenes (RUN_WITHOUT_VIEWERS, eight scenes wanting a turn every few hundred ms).
 */
export function rateLimitSuite(): void {
  describe('scaled rate limit', { timeout: 90_000 }, () => {
    let cluster: Cluster;
    let window: ReturnType<typeof watchCallWindow>;
    let answered = 0;
    /** Requests that get a 429 instead of an answer. */
    const throttle = new Set<number>();

    beforeAll(async () => {
      cluster = await createCluster('ratelimit', {
        extraScenes: 4,
        model: (_req, index) =>
          throttle.has(index) ? apiError(429, 'Rate limit reached', { 'retry-after-ms': String(RETRY_AFTER_MS) }) : modelReply(++answered),
        env: { RUN_WITHOUT_VIEWERS: 'true', LLM_RATE_MAX: String(MAX), LLM_RATE_WINDOW_MS: String(WINDOW_MS), QUEUE_CONCURRENCY: '4' },
      });
      window = watchCallWindow(cluster.prefix);
      await Promise.all(['w1', 'w2', 'w3'].map((name) => cluster.start(name, 'worker')));
    }, 120_000);
    afterAll(async () => {
      await window?.stop();
      await cluster?.stop();
    }, 60_000);

    it('never exceeds LLM_RATE_MAX in any sliding window, while using the budget', async () => {
      const from = cluster.fake.requests.length;
      await new Promise((r) => setTimeout(r, 6_000));
      const seen = cluster.fake.requests.slice(from);
      const stamps = window.stamps();
      console.info(
        `rate limit: ${seen.length} calls in 6 s, ${stamps.length} stamps, busiest ${WINDOW_MS} ms window: ${busiestWindow(stamps, WINDOW_MS)}`,
      );
      expect(window.maxGapMs()).toBeLessThan(SPAN_MS);
      expect(busiestWindow(stamps, WINDOW_MS)).toBeLessThanOrEqual(MAX);
      // The backlog keeps the budget in use (18 is the most six seconds allow).
      expect(seen.length).toBeGreaterThanOrEqual(MAX * 2);
      expect(stamps.length).toBeGreaterThanOrEqual(seen.length);
      expect(new Set(seen.map(requester)).size).toBeGreaterThanOrEqual(2);
    });

    it('a 429 holds every worker back for its Retry-After, and no turn fails', async () => {
      const index = cluster.fake.requests.length + 1;
      throttle.add(index);
      await waitFor(() => cluster.fake.requests.length > index, 15_000);
      await waitFor(() => window.blocks.length > 0, 15_000);
      const block = window.blocks[0]!;
      await waitFor(() => window.now() > block.until + 2_000, 15_000);
      // On Redis' clock: the block began RETRY_AFTER_MS before it ends.
      const blockedFrom = block.until - RETRY_AFTER_MS;
      const sent = window.stamps(blockedFrom);
      // A call whose slot was taken before the block may still leave at its start; after that,
      // nothing until the block ends, then the budget is used again.
      expect(sent.filter((t) => t > blockedFrom + 250 && t < block.until)).toEqual([]);
      expect(sent.filter((t) => t >= block.until).length).toBeGreaterThan(0);
      expect(window.maxGapMs()).toBeLessThan(SPAN_MS);
      expect(busiestWindow(window.stamps(), WINDOW_MS)).toBeLessThanOrEqual(MAX);
      // The throttled turn was retried, not replaced by a fallback line or dropped.
      const messages = await cluster.orm.em.fork().find(MessageEntity, {}, { orderBy: { sceneId: 'asc', epoch: 'asc', turn: 'asc' } });
      expect(messages.filter((m) => m.fallback)).toEqual([]);
      const byScene = new Map<string, number[]>();
      for (const m of messages) byScene.set(`${m.sceneId}/${m.epoch}`, [...(byScene.get(`${m.sceneId}/${m.epoch}`) ?? []), m.turn]);
      for (const turns of byScene.values()) expect(turns).toEqual(turns.map((_, i) => i + 1));
      const failed = cluster.procs.flatMap((p) => p.logs.filter((l) => l.msg === 'job failed'));
      expect(failed).toEqual([]);
    });
  });
}
