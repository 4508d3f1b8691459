/**
 * Fan-out rows whose events come from a process of their own (bench/injector.ts), and the
 * connect storm. The API runs the scaled setup (PUBSUB=redis, PostgreSQL): the only way a
 * second process can reach the API's listeners is the shared bus, and the injector commits
 * through the same `commitSceneChange` path (transaction, event log, publish) the scene loop
 * and the moderator mutations use. So the API's CPU in these rows is the fan-out's own plus
 * receiving from Redis, not the events' source.
 */
import type { ChildProcess } from 'node:child_process';
import { ask, finalsOf, forkChild } from './ipc.js';
import { formatRow, measure, type FanoutPlan, type Injector, type Row } from './fanout.js';
import { pauseAll, round, scenesWithSeq, sleep, waitViewers } from './ops.js';
import { cpuMs, rssBytes, startApi, type ApiProcess } from './server.js';

export interface InjectedPlan {
  counts: number[];
  scenes: number;
  seconds: number;
  /** Deliveries per second aimed at (events/s = this ÷ subscribers per scene). */
  targetRate: number;
  storm: { clients: number; seconds: number; eventsPerSecond: number } | null;
}

export const FULL_INJECTED: InjectedPlan = {
  counts: [100, 1_000, 10_000],
  scenes: 10,
  seconds: 8,
  targetRate: 25_000,
  storm: { clients: 10_000, seconds: 10, eventsPerSecond: 20 },
};
export const QUICK_INJECTED: InjectedPlan = {
  counts: [100],
  scenes: 2,
  seconds: 2,
  targetRate: 2_000,
  storm: { clients: 200, seconds: 2, eventsPerSecond: 20 },
};

interface InjectorResult {
  events: number;
  commits: number;
  failed: number;
  seconds: number;
  error?: string;
}

/** The injector's `run`, as the rows' injection step: batches keep it at ≤ 50 transactions/s. */
function injectorFor(child: ChildProcess): Injector {
  return async (sceneIds, rate, seconds) => {
    const batch = Math.max(1, Math.ceil(rate / 50));
    const result = await ask<InjectorResult>(child, { cmd: 'run', sceneIds, rate, seconds, batch });
    if (result.error) throw new Error(`injector: ${result.error}`);
    return { sent: result.events };
  };
}

export interface StormRow {
  mode: string;
  clients: number;
  openedOverMs: number;
  acked: number;
  gotFirstEvent: number;
  ackP50Ms: number;
  ackP99Ms: number;
  firstEventP50Ms: number;
  firstEventP99Ms: number;
  firstEventMaxMs: number;
  firstEventCommitToReceiptP99Ms: number;
  /** Between two consecutive events of one scene, by their `at` (the injector's pace under the storm's load). */
  sceneEventGapP50Ms: number;
  sceneEventGapP99Ms: number;
  sceneEventGapMaxMs: number;
  /** Event-loop delay over the storm, p99 and max: the API's (prom-client's gauges) and the load client's own. */
  apiLoopDelayP99Ms: number;
  apiLoopDelayMaxMs: number;
  clientLoopDelayP99Ms: number;
  clientLoopDelayMaxMs: number;
  eventsPerSecond: number;
  closedByServer: number;
  lostAfterFirst: number;
  expectedAfterFirst: number;
  duplicates: number;
  outOfOrder: number;
  rssGrowthMb: number;
  cpuMs: number;
}

/**
 * `clients` sockets open within `seconds` (evenly, without waiting for earlier ones) while the
 * injector commits `eventsPerSecond` over the scenes; each subscribes live. Measured per client:
 * connect → `connection_ack`, connect → first event; then nothing may be missing after it.
 */
async function connectStorm(
  api: ApiProcess,
  injector: ChildProcess,
  mode: string,
  plan: NonNullable<InjectedPlan['storm']>,
  sceneCount: number,
): Promise<StormRow> {
  const scenes = await scenesWithSeq(api, sceneCount);
  const client = forkChild('loadClient.ts');
  try {
    await api.gc();
    // prom-client's event-loop gauges cover the time since the last scrape: this one starts the window.
    await api.metric('pixeltales_nodejs_eventloop_lag_max_seconds');
    const rss0 = rssBytes(api.pid);
    const cpu0 = cpuMs(api.pid);
    // Events flow from before the first client until after the last could have had its first.
    const deadlineSeconds = plan.seconds + 60;
    const injecting = ask<InjectorResult>(injector, {
      cmd: 'run',
      sceneIds: scenes.map((s) => s.id),
      rate: plan.eventsPerSecond,
      seconds: deadlineSeconds + 5,
      batch: 1,
    });
    // Events flow before the first client connects: every scene has had one since the injector started
    // (its first transactions take a few seconds to come; the first clients would wait for them).
    const before = finalsOf(scenes);
    for (let t = 0; t < 300; t++) {
      const now = await scenesWithSeq(api, sceneCount);
      if (now.every((s) => s.lastSeq > (before[s.id] ?? 0))) break;
      await sleep(100);
    }
    await ask(client, { cmd: 'storm', url: api.wsUrl, scenes, count: plan.clients, seconds: plan.seconds, deadlineSeconds });
    // A few more events after the last client's first one, then stop and let them land.
    await sleep(2000);
    injector.send({ cmd: 'stop' });
    const injected = await injecting;
    await sleep(1500);
    const cpu1 = cpuMs(api.pid);
    const rssMax = rssBytes(api.pid);
    const loop = await api.metrics(['pixeltales_nodejs_eventloop_lag_p99_seconds', 'pixeltales_nodejs_eventloop_lag_max_seconds']);
    const apiLoopP99 = loop.pixeltales_nodejs_eventloop_lag_p99_seconds!;
    const apiLoopMax = loop.pixeltales_nodejs_eventloop_lag_max_seconds!;
    const report = await ask<{
      clients: number;
      openedOverMs: number;
      acked: number;
      gotFirstEvent: number;
      ackP50Ms: number;
      ackP99Ms: number;
      firstEventP50Ms: number;
      firstEventP99Ms: number;
      firstEventMaxMs: number;
      firstEventCommitToReceiptP99Ms: number;
      sceneEventGapP50Ms: number;
      sceneEventGapP99Ms: number;
      sceneEventGapMaxMs: number;
      clientLoopDelayP99Ms: number;
      clientLoopDelayMaxMs: number;
      closedByServer: number;
      afterFirst: { expected: number; lost: number; duplicates: number; outOfOrder: number };
    }>(client, { cmd: 'stormReport', finals: finalsOf(await scenesWithSeq(api, sceneCount)) });
    await ask(client, { cmd: 'close' });
    await waitViewers(api, 0, 30_000);
    const row: StormRow = {
      mode,
      clients: report.clients,
      openedOverMs: round(report.openedOverMs),
      acked: report.acked,
      gotFirstEvent: report.gotFirstEvent,
      ackP50Ms: round(report.ackP50Ms, 1),
      ackP99Ms: round(report.ackP99Ms, 1),
      firstEventP50Ms: round(report.firstEventP50Ms, 1),
      firstEventP99Ms: round(report.firstEventP99Ms, 1),
      firstEventMaxMs: round(report.firstEventMaxMs, 1),
      firstEventCommitToReceiptP99Ms: round(report.firstEventCommitToReceiptP99Ms, 1),
      sceneEventGapP50Ms: round(report.sceneEventGapP50Ms, 1),
      sceneEventGapP99Ms: round(report.sceneEventGapP99Ms, 1),
      sceneEventGapMaxMs: round(report.sceneEventGapMaxMs, 1),
      apiLoopDelayP99Ms: round(apiLoopP99 * 1000, 1),
      apiLoopDelayMaxMs: round(apiLoopMax * 1000, 1),
      clientLoopDelayP99Ms: round(report.clientLoopDelayP99Ms, 1),
      clientLoopDelayMaxMs: round(report.clientLoopDelayMaxMs, 1),
      eventsPerSecond: round(injected.events / injected.seconds, 1),
      closedByServer: report.closedByServer,
      lostAfterFirst: report.afterFirst.lost,
      expectedAfterFirst: report.afterFirst.expected,
      duplicates: report.afterFirst.duplicates,
      outOfOrder: report.afterFirst.outOfOrder,
      rssGrowthMb: round((rssMax - rss0) / 2 ** 20, 1),
      cpuMs: round(cpu1 - cpu0),
    };
    console.log(`connect storm: ${JSON.stringify(row)}`);
    return row;
  } finally {
    client.kill();
  }
}

/** One mode's rows on a fresh API (PostgreSQL `dbUrl`, Redis under a fresh prefix). */
export async function injectedRows(
  plan: InjectedPlan,
  mode: 'stock' | 'broadcast',
  dbUrl: string,
): Promise<{ rows: Row[]; storm: StormRow | null }> {
  const shared = {
    DATABASE_URL: dbUrl,
    PUBSUB: 'redis',
    REDIS_PREFIX: `bench${Date.now()}`,
    SEED_EXTRA_SCENES: String(Math.max(0, plan.scenes - 4)),
  };
  const api = await startApi({ ...shared, FANOUT: mode, SWEEP_INTERVAL_MS: '600000', WS_SEND_BUFFER_MAX_BYTES: String(256 * 1024) });
  const injector = forkChild('injector.ts', { ...shared, LOG_LEVEL: 'warn' });
  try {
    await pauseAll(api);
    const fanoutPlan: FanoutPlan = {
      counts: plan.counts,
      sceneCounts: [plan.scenes],
      seconds: plan.seconds,
      targetRate: plan.targetRate,
      slow: false,
    };
    const rows: Row[] = [];
    for (const count of plan.counts) {
      const row = await measure(api, fanoutPlan, `${mode}+injector`, plan.scenes, count, {
        injector: injectorFor(injector),
        maxRate: 5_000,
        settleSeconds: 60,
      });
      rows.push(row);
      console.log(formatRow(row));
    }
    const storm = plan.storm ? await connectStorm(api, injector, mode, plan.storm, plan.scenes) : null;
    return { rows, storm };
  } finally {
    await ask(injector, { cmd: 'close' }).catch(() => {});
    injector.kill();
    await api.stop();
  }
}
