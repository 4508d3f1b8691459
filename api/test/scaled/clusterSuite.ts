import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/collect.js';
import { createCluster, modelReply, requester, type Cluster, type Proc } from './cluster.js';
import { follow, gaps, sceneIdBySlug, storedTurns } from './follow.js';

/**
 * The scaled deployment as real processes on loopback: PostgreSQL, BullMQ + Redis pub/sub +
 * Redis presence, two API replicas and two workers, the model behind a fake OpenAI server.
 * The tests run in order on one cluster (starting processes is the slow part).
 */
export function clusterSuite(): void {
  describe('scaled cluster', { timeout: 90_000 }, () => {
    let cluster: Cluster;
    let apiA: Proc;
    let apiB: Proc;
    let workers: Proc[];
    let sceneId: string;
    /** Model answers take this long (the crash test makes them slow). */
    let modelDelayMs = 0;
    let answered = 0;

    beforeAll(async () => {
      cluster = await createCluster('cluster', {
        model: () => ({ ...modelReply(++answered), delayMs: modelDelayMs }),
        env: { MAX_MESSAGES: '500' },
      });
      [apiA, apiB] = await Promise.all([cluster.start('api-a', 'api'), cluster.start('api-b', 'api')]);
      workers = await Promise.all([cluster.start('w1', 'worker'), cluster.start('w2', 'worker')]);
      sceneId = await sceneIdBySlug(cluster.orm, 'ice-cream-shop');
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('viewers on API A and API B get the same events in the same order, with no gap', async () => {
      // Nobody watched yet, so nothing ran: presence is cluster-wide and the workers waited.
      expect(cluster.fake.requests).toHaveLength(0);
      const onA = follow(cluster.ws(apiA), sceneId, 0);
      const onB = follow(cluster.ws(apiB), sceneId, 0);
      await waitFor(() => onA.messages().length >= 6 && onB.messages().length >= 6, 60_000, 50);
      const lastA = onA.events.at(-1)!.seq;
      await waitFor(() => onB.events.at(-1)!.seq >= lastA, 10_000);
      await onA.stop();
      await onB.stop();
      expect([...onA.errors, ...onB.errors]).toEqual([]);
      expect(gaps(onA.events, 1)).toEqual([]);
      expect(gaps(onB.events, 1)).toEqual([]);
      // Either may have heard one more event between the last check and stopping: compare what both heard.
      const common = Math.min(onA.events.length, onB.events.length);
      expect(onB.events.at(common - 1)!.seq).toBeGreaterThanOrEqual(lastA);
      expect(onB.events.slice(0, common)).toEqual(onA.events.slice(0, common));
      const turns = onA.messages().map((e) => e.message!.turn);
      expect(turns).toEqual(turns.map((_, i) => i + 1));
      // Both workers took part.
      const who = new Set(cluster.fake.requests.map(requester));
      expect(who).toEqual(new Set(['w1', 'w2']));
    });

    it('a worker killed (-9) mid model call: the other one finishes that turn, no duplicate or missing turn', async () => {
      const watcher = follow(cluster.ws(apiA), sceneId);
      const before = cluster.fake.requests.length;
      modelDelayMs = 4_000;
      await waitFor(() => cluster.fake.requests.length > before, 20_000);
      const inFlight = cluster.fake.requests[before]!;
      const victim = workers.find((w) => w.name === requester(inFlight))!;
      const survivor = workers.find((w) => w !== victim)!;
      const { turns: doneBefore } = await storedTurns(cluster.orm, sceneId);
      const interrupted = doneBefore.length + 1;
      victim.signal('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
      modelDelayMs = 20;
      // BullMQ notices the dead worker's lock expired (QUEUE_LOCK_MS=2000) and the survivor retries the turn.
      await waitFor(async () => (await storedTurns(cluster.orm, sceneId)).turns.length >= interrupted + 2, 30_000, 100);
      const after = await storedTurns(cluster.orm, sceneId);
      expect(after.turns).toEqual(after.turns.map((_, i) => i + 1));
      expect(after.fallbacks).toBe(0);
      const retried = cluster.fake.requests.slice(before + 1);
      expect(retried.length).toBeGreaterThan(0);
      expect(new Set(retried.map(requester))).toEqual(new Set([survivor.name]));
      await waitFor(() => watcher.messages().some((m) => m.message!.turn === interrupted + 1), 10_000);
      await watcher.stop();
      expect(gaps(watcher.events)).toEqual([]);
      expect(watcher.messages().filter((m) => m.message!.turn === interrupted)).toHaveLength(1);
      // Replace the dead worker for the next tests.
      const replacement = await cluster.start('w3', 'worker');
      workers = [survivor, replacement];
    });

    it('an API process restarted: the client resumes by afterSeq with no gap', async () => {
      const reference = follow(cluster.ws(apiA), sceneId);
      const onB = follow(cluster.ws(apiB), sceneId);
      await waitFor(() => onB.messages().length >= 2, 30_000, 50);
      apiB.signal('SIGTERM');
      expect(await apiB.exited).toBe(0);
      await waitFor(() => onB.ended, 10_000);
      const lastSeen = onB.events.at(-1)!.seq;
      apiB = await cluster.start('api-b2', 'api', {}, apiB.port!);
      const resumed = follow(cluster.ws(apiB), sceneId, lastSeen);
      await waitFor(() => resumed.messages().length >= 2, 30_000, 50);
      await resumed.stop();
      await waitFor(() => reference.events.at(-1)!.seq >= resumed.events.at(-1)!.seq, 10_000);
      await reference.stop();
      expect(resumed.errors).toEqual([]);
      expect(gaps(resumed.events, lastSeen + 1)).toEqual([]);
      const fromRef = reference.events.filter((e) => e.seq > lastSeen && e.seq <= resumed.events.at(-1)!.seq);
      expect(resumed.events).toEqual(fromRef);
    });

    it('Redis connections killed: every process heals without a restart, viewers miss nothing', async () => {
      const onA = follow(cluster.ws(apiA), sceneId);
      const onB = follow(cluster.ws(apiB), sceneId);
      await waitFor(() => onA.messages().length >= 1 && onB.messages().length >= 1, 30_000, 50);
      const killed = await cluster.killRedisConnections();
      expect(killed).toBeGreaterThanOrEqual(8);
      const mark = onA.events.at(-1)!.seq;
      await waitFor(() => onA.events.filter((e) => e.seq > mark && e.__typename === 'MessagePosted').length >= 3, 45_000, 100);
      const lastA = onA.events.at(-1)!.seq;
      await waitFor(() => onB.events.at(-1)!.seq >= lastA, 15_000);
      await onA.stop();
      await onB.stop();
      expect([...onA.errors, ...onB.errors]).toEqual([]);
      expect(gaps(onA.events)).toEqual([]);
      expect(gaps(onB.events)).toEqual([]);
      const common = onA.events.filter((e) => e.seq >= onB.events[0]!.seq && e.seq <= lastA);
      expect(onB.events.filter((e) => e.seq >= common[0]!.seq && e.seq <= lastA)).toEqual(common);
      for (const p of [apiA, apiB, ...workers]) expect(p.child.exitCode).toBeNull();
      const after = await storedTurns(cluster.orm, sceneId);
      expect(after.turns).toEqual(after.turns.map((_, i) => i + 1));
    });

    it('a worker stopped with SIGTERM exits cleanly and promptly', async () => {
      const worker = workers[1]!;
      const started = Date.now();
      worker.signal('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(worker.logs.some((l) => l.msg === 'bye')).toBe(true);
    });
  });
}
