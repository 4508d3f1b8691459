import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/collect.js';
import { startStallingProxy, type StallingProxy } from '../support/stallingProxy.js';
import { createCluster, requester, type Cluster, type Proc } from './cluster.js';
import { follow, sceneIdBySlug, storedTurns } from './follow.js';

/** The promise: a scene whose worker lost its database goes on, on another worker, within this long. */
const GO_ON_WITHIN_MS = 10_000;

/**
 * Two workers, one of which reaches PostgreSQL through a TCP proxy. The proxy stalls (open
 * connections freeze, new ones hang, as a dead network or a paused VM does): the sick worker
 * must notice by its health check, stop taking jobs and hand back what it holds, so the scene
 * goes on on the healthy worker; when the network comes back it takes jobs again by itself.
 * Before, the sick worker kept pulling jobs from the shared queue and holding each one for its
 * connection timeouts (5–17 s), freezing every scene it touched.
 */
export function sickWorkerSuite(): void {
  describe('a worker whose database stalls', { timeout: 120_000 }, () => {
    let cluster: Cluster;
    let proxy: StallingProxy;
    let api: Proc;
    let sick: Proc;
    let sceneId: string;

    beforeAll(async () => {
      cluster = await createCluster('sick', { env: { MAX_MESSAGES: '500' } });
      const direct = new URL(cluster.db.url);
      proxy = await startStallingProxy({ host: direct.hostname, port: Number(direct.port) || 5432 });
      const proxied = new URL(cluster.db.url);
      proxied.port = String(proxy.port);
      api = await cluster.start('api', 'api');
      // A transaction caught by the stall holds its scene's row until the server ends the session;
      // a short idle-in-transaction limit keeps that case inside the test's bound (15 s by default).
      [, sick] = await Promise.all([
        cluster.start('w-ok', 'worker'),
        cluster.start('w-sick', 'worker', { DATABASE_URL: proxied.toString(), DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '3000' }),
      ]);
      sceneId = await sceneIdBySlug(cluster.orm, 'ice-cream-shop');
    }, 400_000);
    afterAll(async () => {
      proxy?.unstall();
      await cluster?.stop();
      await proxy?.close();
    }, 60_000);

    it(`the scene goes on on the healthy worker within ${GO_ON_WITHIN_MS / 1000} s; the sick one resumes by itself`, async () => {
      const watcher = follow(cluster.ws(api), sceneId);
      // Both workers take part before the fault.
      await waitFor(() => new Set(cluster.fake.requests.map(requester)).size === 2 && watcher.messages().length >= 4, 60_000, 50);

      const before = (await storedTurns(cluster.orm, sceneId)).turns.length;
      const stalledAt = Date.now();
      proxy.stall();
      await waitFor(async () => (await storedTurns(cluster.orm, sceneId)).turns.length >= before + 3, GO_ON_WITHIN_MS, 100);
      console.info(`[sick worker] 3 turns stored ${Date.now() - stalledAt} ms after its database stalled`);
      // It paused itself (a warning, not an error) and handed its jobs back.
      const paused = () => sick.logs.find((l) => l.msg === 'dependency unhealthy: worker paused, its jobs handed back');
      await waitFor(() => paused() !== undefined, 5_000);
      expect(paused()).toMatchObject({ level: 40, dependency: 'postgres' });
      // From its pause on, every model request comes from the healthy worker.
      const pausedAt = paused()!.time as number;
      const afterPauseOf = () => cluster.fake.requests.filter((r) => r.at > pausedAt + 500);
      // The healthy worker's turns may all have come before the pause was logged: wait for one after it.
      await waitFor(() => afterPauseOf().length > 0, GO_ON_WITHIN_MS, 50);
      const afterPause = afterPauseOf();
      expect(new Set(afterPause.map(requester))).toEqual(new Set(['w-ok']));

      // The network comes back: the sick worker takes jobs again without a restart.
      const unstalledAt = Date.now();
      proxy.unstall();
      await waitFor(() => sick.logs.some((l) => l.msg === 'dependencies healthy again: worker takes jobs'), 20_000, 50);
      await waitFor(() => cluster.fake.requests.some((r) => r.at > unstalledAt && requester(r) === 'w-sick'), 30_000, 50);
      console.info(`[sick worker] took a turn again ${Date.now() - unstalledAt} ms after its database came back`);

      await watcher.stop();
      const after = await storedTurns(cluster.orm, sceneId);
      expect(after.turns).toEqual(after.turns.map((_, i) => i + 1));
      expect(sick.child.exitCode).toBeNull();
      expect(sick.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    });
  });
}
