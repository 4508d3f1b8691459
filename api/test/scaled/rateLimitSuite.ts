import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity } from '../../src/adapters/db/entities.js';
import type { FakeRequest } from '../support/fakeOpenAi.js';
import { apiError } from '../support/fakeOpenAi.js';
import { waitFor } from '../support/collect.js';
import { createCluster, modelReply, requester, type Cluster } from './cluster.js';

const MAX = 3;
const WINDOW_MS = 1_000;
/**
 * Calls are stamped on Redis' clock as they leave a worker; the fake server stamps them on
 * arrival, after the HTTP client and two busy event loops on a 2-core machine. Windows are
 * checked this much shorter than LLM_RATE_WINDOW_MS so that scheduling noise cannot fail the
 * run; BullMQ's fixed-window limiter alone (up to 2×MAX around a window edge) fails it.
 */
const ARRIVAL_JITTER_MS = 50;

/** The most requests that arrived within any window of `windowMs` (every window starting at a request). */
function busiestWindow(requests: FakeRequest[], windowMs: number): number {
  const at = requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (j < at.length && at[j]! < at[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/**
 * Three workers share one model-call budget: LLM_RATE_MAX calls per LLM_RATE_WINDOW_MS over
 * a backlog of scenes (RUN_WITHOUT_VIEWERS, eight scenes wanting a turn every few hundred ms).
 */
export function rateLimitSuite(): void {
  describe('scaled rate limit', { timeout: 90_000 }, () => {
    let cluster: Cluster;
    let answered = 0;
    /** Requests that get a 429 instead of an answer. */
    const throttle = new Set<number>();

    beforeAll(async () => {
      cluster = await createCluster('ratelimit', {
        extraScenes: 4,
        model: (_req, index) =>
          throttle.has(index) ? apiError(429, 'Rate limit reached', { 'retry-after-ms': '1500' }) : modelReply(++answered),
        env: { RUN_WITHOUT_VIEWERS: 'true', LLM_RATE_MAX: String(MAX), LLM_RATE_WINDOW_MS: String(WINDOW_MS), QUEUE_CONCURRENCY: '4' },
      });
      await Promise.all(['w1', 'w2', 'w3'].map((name) => cluster.start(name, 'worker')));
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('never exceeds LLM_RATE_MAX in any sliding window, while using the budget', async () => {
      const from = cluster.fake.requests.length;
      await new Promise((r) => setTimeout(r, 6_000));
      const seen = cluster.fake.requests.slice(from);
      console.info(`rate limit: ${seen.length} calls in 6 s, busiest exact ${WINDOW_MS} ms window: ${busiestWindow(seen, WINDOW_MS)}`);
      expect(busiestWindow(seen, WINDOW_MS - ARRIVAL_JITTER_MS)).toBeLessThanOrEqual(MAX);
      // The backlog keeps the budget in use (18 is the most six seconds allow).
      expect(seen.length).toBeGreaterThanOrEqual(MAX * 2);
      expect(new Set(seen.map(requester)).size).toBeGreaterThanOrEqual(2);
    });

    it('a 429 holds every worker back for its Retry-After, and no turn fails', async () => {
      const index = cluster.fake.requests.length + 1;
      throttle.add(index);
      await waitFor(() => cluster.fake.requests.length > index, 15_000);
      const limitedAt = cluster.fake.requests[index]!.at;
      await new Promise((r) => setTimeout(r, 3_500));
      const after = cluster.fake.requests.slice(index + 1);
      // Requests admitted just before the 429 landed may still arrive; after that, quiet until Retry-After.
      const during = after.filter((r) => r.at > limitedAt + 250 && r.at < limitedAt + 1_400);
      expect(during).toEqual([]);
      expect(after.filter((r) => r.at >= limitedAt + 1_400).length).toBeGreaterThan(0);
      expect(busiestWindow(cluster.fake.requests, WINDOW_MS - ARRIVAL_JITTER_MS)).toBeLessThanOrEqual(MAX);
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
