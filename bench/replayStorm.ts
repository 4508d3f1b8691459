/**
 * The replay-storm row: scenes with a long history (written straight into the event log),
 * then `sockets × perSocket` full replays (`afterSeq: 0`) at once, while live viewers on the
 * same process follow other scenes receiving injected narration. Measures what an operator
 * and a viewer feel: the API's RSS growth, `/healthz` latency, the live viewers' delivery
 * latency and losses, and how every replay ended (bench/stormClient.ts).
 *
 * Alone: `npm run bench -- --replay-storm-only` (add `--quick` for a small one,
 * `--no-services` for SQLite instead of PostgreSQL, `--storm-fanout=stock`).
 */
import { join } from 'node:path';
import { ask, finalsOf, forkChild, type LoadReport } from './ipc.js';
import { inject, pauseAll, percentile, round, scenesWithSeq, sleep, waitViewers } from './ops.js';
import { seedHistory } from './seedHistory.js';
import { rssBytes, startApi, type ApiProcess } from './server.js';
import type { StormReport } from './stormClient.js';

export interface StormPlan {
  scenes: number;
  eventsPerScene: number;
  sockets: number;
  perSocket: number;
  liveViewers: number;
  liveScenes: number;
  /** Injected narration per second, over all live scenes. */
  liveRate: number;
  /** Replays not settled by then are reported as still replaying or silent. */
  deadlineSeconds: number;
}

/** The storm: 800 full replays of 2,000-event scenes. */
export const FULL_STORM: StormPlan = {
  scenes: 10,
  eventsPerScene: 2_000,
  sockets: 40,
  perSocket: 20,
  liveViewers: 100,
  liveScenes: 2,
  liveRate: 20,
  deadlineSeconds: 300,
};
/** Small enough for `npm test`'s smoke run. */
export const QUICK_STORM: StormPlan = {
  scenes: 2,
  eventsPerScene: 300,
  sockets: 4,
  perSocket: 5,
  liveViewers: 10,
  liveScenes: 1,
  liveRate: 10,
  deadlineSeconds: 30,
};

/** The targets for this row. */
export const STORM_TARGETS = { rssGrowthMb: 500, healthzMaxMs: 2_000, liveP99Ms: 250 };

const HEALTHZ_TIMEOUT_MS = 10_000;

/** Poll `/healthz` one request at a time; every answer's latency (a timeout counts as its limit). */
function watchHealth(api: ApiProcess) {
  const url = api.url.replace(/\/graphql$/, '/healthz');
  const latencies: number[] = [];
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(HEALTHZ_TIMEOUT_MS) });
        await res.text();
        if (!res.ok) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
      await sleep(100);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const sorted = latencies.slice().sort((a, b) => a - b);
      return {
        samples: sorted.length,
        failures,
        maxMs: round(sorted.at(-1) ?? Number.NaN),
        p99Ms: round(percentile(sorted, 99)),
        over2s: sorted.filter((l) => l > 2_000).length,
      };
    },
  };
}

/** Sample the API's RSS every 250 ms; the maximum seen. */
function watchRss(api: ApiProcess) {
  let max = 0;
  const sample = () => {
    try {
      max = Math.max(max, rssBytes(api.pid));
    } catch {
      /* the process is gone: its last samples stand */
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}

export async function replayStorm(plan: StormPlan, db: { url: string; label: string }, fanout: 'broadcast' | 'stock') {
  const totalScenes = plan.scenes + plan.liveScenes;
  const api = await startApi({
    FANOUT: fanout,
    DATABASE_URL: db.url,
    SEED_EXTRA_SCENES: String(Math.max(0, totalScenes - 4)),
    SWEEP_INTERVAL_MS: '600000',
  });
  const fate: { died: string | null } = { died: null };
  api.child.once('exit', (code, signal) => (fate.died = `exited with ${signal ?? code}`));
  const live = forkChild('loadClient.ts');
  const storm = forkChild('stormClient.ts');
  try {
    await pauseAll(api);
    const scenes = await scenesWithSeq(api, totalScenes);
    const stormIds = scenes.slice(0, plan.scenes).map((s) => s.id);
    const liveScenes = scenes.slice(plan.scenes);
    const seedStart = performance.now();
    await seedHistory(db.url, stormIds, plan.eventsPerScene);
    console.log(
      `replay storm: ${plan.scenes} scenes × ${plan.eventsPerScene} events written in ${round((performance.now() - seedStart) / 1000, 1)} s`,
    );
    const stormScenes = (await scenesWithSeq(api, totalScenes)).slice(0, plan.scenes);

    const connected = await ask<{ ok: boolean; error?: string }>(live, {
      cmd: 'connect',
      url: api.wsUrl,
      scenes: liveScenes,
      count: plan.liveViewers,
    });
    if (!connected.ok) throw new Error(`live viewers could not connect: ${connected.error}`);
    await waitViewers(api, plan.liveViewers);
    const liveBase = await scenesWithSeq(api, totalScenes);
    await ask(live, { cmd: 'reset', scenes: liveBase });
    await api.gc();
    const rssBefore = rssBytes(api.pid);
    const rss = watchRss(api);
    const health = watchHealth(api);
    let stormOver = false;
    const injecting = inject(
      api,
      liveScenes.map((s) => s.id),
      plan.liveRate,
      plan.deadlineSeconds + 60,
      () => stormOver,
    );

    const t0 = performance.now();
    await ask(storm, { cmd: 'storm', url: api.wsUrl, scenes: stormScenes, sockets: plan.sockets, perSocket: plan.perSocket });
    let report = await ask<StormReport>(storm, { cmd: 'report' });
    // Live viewers are measured for at least a few seconds, however fast the storm settles.
    while (
      (report.settled < report.total || performance.now() - t0 < 5_000) &&
      performance.now() - t0 < plan.deadlineSeconds * 1000 &&
      !fate.died
    ) {
      await sleep(1000);
      report = await ask<StormReport>(storm, { cmd: 'report' });
    }
    const seconds = (performance.now() - t0) / 1000;
    stormOver = true;
    const injected = await injecting.catch(() => ({ sent: 0, failed: 0, roundTripsMs: [] }));
    await sleep(1000);
    const healthz = await health.stop();
    const rssMax = rss.stop();
    report = await ask<StormReport>(storm, { cmd: 'report' });
    const liveReport = fate.died
      ? null
      : await ask<LoadReport>(live, { cmd: 'report', finals: finalsOf(await scenesWithSeq(api, totalScenes)) });
    const roundTrips = injected.roundTripsMs.slice().sort((a, b) => a - b);
    const row = {
      fanout,
      db: db.label,
      scenes: plan.scenes,
      eventsPerScene: plan.eventsPerScene,
      replays: report.total,
      liveViewers: plan.liveViewers,
      seconds: round(seconds, 1),
      apiDied: fate.died,
      rssBeforeMb: round(rssBefore / 2 ** 20),
      rssMaxMb: round(rssMax / 2 ** 20),
      rssGrowthMb: round((rssMax - rssBefore) / 2 ** 20),
      healthzMaxMs: healthz.maxMs,
      healthzP99Ms: healthz.p99Ms,
      healthzOver2s: healthz.over2s,
      healthzFailures: healthz.failures,
      healthzSamples: healthz.samples,
      liveP50Ms: liveReport ? round(liveReport.p50, 1) : null,
      liveP99Ms: liveReport ? round(liveReport.p99, 1) : null,
      liveExpected: liveReport?.expected ?? null,
      liveLost: liveReport?.lost ?? null,
      liveEventsInjected: injected.sent,
      liveInjectFailed: injected.failed,
      liveInjectP99Ms: round(percentile(roundTrips, 99)),
      completed: report.caughtUp,
      rateLimited: report.rateLimited,
      rateLimitedWithRetryAfter: report.rateLimitedWithRetryAfter,
      otherErrors: report.otherErrors + report.closedByServer + report.completedEarly,
      closedByServer: report.closedByServer,
      completedEarly: report.completedEarly,
      stillReplaying: report.stillReplaying,
      silent: report.silent,
      replayFrames: report.frames,
      replayDuplicates: report.duplicates,
      replayOutOfOrder: report.outOfOrder,
      catchUpP50Ms: round(report.catchUpP50Ms),
      catchUpMaxMs: round(report.catchUpMaxMs),
      retryAfterMsSeen: report.retryAfterMs,
      errorSamples: report.errorSamples,
      closeCodes: report.closeCodes,
    };
    const targets = {
      rss: row.rssGrowthMb <= STORM_TARGETS.rssGrowthMb,
      healthz: healthz.failures === 0 && healthz.maxMs <= STORM_TARGETS.healthzMaxMs,
      liveP99: row.liveP99Ms !== null && row.liveP99Ms < STORM_TARGETS.liveP99Ms,
      liveLossless: row.liveLost === 0,
      // The rule: caught up, or RATE_LIMITED naming retryAfterMs. A socket closed by the
      // server (1013) or any other error fails it; so does a replay still going at the deadline.
      everyReplayCompletedOrRateLimited: !fate.died && row.completed + row.rateLimitedWithRetryAfter === row.replays,
    };
    const result = { ...row, targets };
    console.log(`replay storm: ${JSON.stringify(result)}`);
    return result;
  } finally {
    for (const child of [storm, live]) {
      if (child.connected) await ask(child, { cmd: 'close' }).catch(() => undefined);
      child.kill();
    }
    await api.stop();
  }
}

/** The database for the storm: a throwaway PostgreSQL database, or a SQLite file in `dir`. */
export async function stormDatabase(withServices: boolean, dir: string): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  if (!withServices) return { url: `sqlite:${join(dir, 'storm.db')}`, label: 'sqlite', drop: async () => {} };
  const { createTestDatabase } = await import('../api/test/support/services.js');
  const db = await createTestDatabase();
  return { url: db.url, label: 'postgres', drop: () => db.drop() };
}
