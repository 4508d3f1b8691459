/**
 * The fan-out rows: subscribers over scenes while injected narration flows, per fan-out mode;
 * idle memory per subscriber; slow consumers. See BENCHMARKS.md for the columns.
 */
import { join } from 'node:path';
import { ask, finalsOf, forkChild, settledReport, type LoadReport, type SceneSeq } from './ipc.js';
import { inject, pauseAll, round, scenesWithSeq, sleep, TEXT, waitViewers } from './ops.js';
import { cpuMs, rssBytes, startApi, type ApiProcess } from './server.js';

export interface FanoutPlan {
  counts: number[];
  sceneCounts: number[];
  seconds: number;
  targetRate: number;
  slow: boolean;
}

export interface Row {
  mode: string;
  subscribers: number;
  scenes: number;
  events: number;
  eventsPerSec: number;
  deliveriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPer1000: number;
  rssKbPerSubscriber: number;
  bytesPerFrame: number;
  /** Bytes of the subscription id inside each frame (36: a UUID, as real clients send). */
  idBytes: number;
  textBytes: number;
  executionsPerEvent: number;
  /** Frames the scenes' logs say were due: events of each scene × its subscribers. */
  expected: number;
  /** Distinct frames that arrived, of those due. */
  received: number;
  /** expected − received: gaps, tails, and everything closed sockets would have received. */
  lost: number;
  duplicates: number;
  outOfOrder: number;
  closedByServer: number;
}

/** Frames due: for each scene, the events it logged in the run × the subscriptions following it. */
export function expectedFrames(base: SceneSeq[], final: SceneSeq[], subscribers: number): number {
  const finals = finalsOf(final);
  return base.reduce((sum, s, i) => {
    const followers = Math.floor(subscribers / base.length) + (i < subscribers % base.length ? 1 : 0);
    return sum + ((finals[s.id] ?? s.lastSeq) - s.lastSeq) * followers;
  }, 0);
}

export async function fanoutRows(
  plan: FanoutPlan,
  mode: 'stock' | 'broadcast',
  dir: string,
): Promise<{ rows: Row[]; slow?: Record<string, unknown> }> {
  const api = await startApi({
    FANOUT: mode,
    DATABASE_URL: `sqlite:${join(dir, `${mode}.db`)}`,
    SEED_EXTRA_SCENES: String(Math.max(0, Math.max(...plan.sceneCounts) - 4)),
    SWEEP_INTERVAL_MS: '600000',
    WS_SEND_BUFFER_MAX_BYTES: String(256 * 1024),
  });
  const rows: Row[] = [];
  try {
    await pauseAll(api);
    for (const sceneCount of plan.sceneCounts) {
      for (const count of plan.counts) {
        rows.push(await measure(api, plan, mode, sceneCount, count));
        console.log(formatRow(rows.at(-1)!));
      }
    }
    const slow = plan.slow ? await slowConsumers(api, mode) : undefined;
    return { rows, slow };
  } finally {
    await api.stop();
  }
}

/** Puts events into the scenes: HTTP mutations to the API by default, or a process of its own. */
export type Injector = (sceneIds: string[], rate: number, seconds: number) => Promise<{ sent: number }>;

export interface MeasureOptions {
  injector?: Injector;
  /** Highest event rate asked for (the HTTP path caps at 200/s: beyond that it measures itself). */
  maxRate?: number;
  /** Wait up to this long after injection for every due frame to arrive (default: 1 s flat). */
  settleSeconds?: number;
}

export async function measure(
  api: ApiProcess,
  plan: FanoutPlan,
  mode: string,
  sceneCount: number,
  count: number,
  options: MeasureOptions = {},
): Promise<Row> {
  const scenes = await scenesWithSeq(api, sceneCount);
  const client = forkChild('loadClient.ts');
  try {
    await api.gc();
    const rss0 = rssBytes(api.pid);
    const connected = await ask<{ ok: boolean; error?: string }>(client, { cmd: 'connect', url: api.wsUrl, scenes, count });
    if (!connected.ok) throw new Error(`load client could not connect: ${connected.error}`);
    const viewers = await waitViewers(api, count);
    if (viewers !== count) throw new Error(`only ${viewers} of ${count} subscribers registered`);
    await sleep(1000);
    await api.gc();
    const rss1 = rssBytes(api.pid);
    const base = await scenesWithSeq(api, sceneCount);
    await ask(client, { cmd: 'reset', scenes: base });
    const perScene = count / sceneCount;
    const rate = Math.min(options.maxRate ?? 200, Math.ceil(plan.targetRate / perScene));
    const exec0 = await api.metric('pixeltales_scene_event_executions_total');
    const cpu0 = cpuMs(api.pid);
    const t0 = performance.now();
    const sceneIds = scenes.map((s) => s.id);
    const { sent: events } = options.injector
      ? await options.injector(sceneIds, rate, plan.seconds)
      : await inject(api, sceneIds, rate, plan.seconds);
    // An overloaded server accepts the events more slowly than asked: report the real rate.
    const injectSeconds = (performance.now() - t0) / 1000;
    await sleep(1000);
    if (options.settleSeconds) {
      // A server behind on its deliveries is still working: wait for the last due frame (or
      // the limit), so its CPU and rate cover all the work instead of a truncated run.
      const settleFinal = finalsOf(await scenesWithSeq(api, sceneCount));
      const until = performance.now() + options.settleSeconds * 1000;
      while (performance.now() < until && (await ask<LoadReport>(client, { cmd: 'report', finals: settleFinal })).lost > 0)
        await sleep(250);
    }
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = cpuMs(api.pid);
    const exec1 = await api.metric('pixeltales_scene_event_executions_total');
    const final = await scenesWithSeq(api, sceneCount);
    const report = await ask<LoadReport>(client, { cmd: 'report', finals: finalsOf(final) });
    // The client's own sum must be the log's: a subscription it lost track of would hide frames.
    const due = expectedFrames(base, final, count);
    if (report.expected !== due) throw new Error(`load client expected ${report.expected} frames, the scenes' logs say ${due}`);
    await ask(client, { cmd: 'close' });
    await waitViewers(api, 0, 30_000);
    return {
      mode,
      subscribers: count,
      scenes: sceneCount,
      events,
      eventsPerSec: round(events / injectSeconds),
      deliveriesPerSec: round(report.received / elapsed),
      p50Ms: round(report.p50, 1),
      p99Ms: round(report.p99, 1),
      cpuMsPer1000: round(((cpu1 - cpu0) / Math.max(1, report.received)) * 1000, 1),
      rssKbPerSubscriber: round((rss1 - rss0) / count / 1024, 1),
      bytesPerFrame: round(report.bytesPerFrame),
      idBytes: report.idBytes,
      textBytes: Buffer.byteLength(TEXT),
      executionsPerEvent: round((exec1 - exec0) / Math.max(1, events), 2),
      expected: report.expected,
      received: report.received,
      lost: report.lost,
      duplicates: report.duplicates,
      outOfOrder: report.outOfOrder,
      closedByServer: report.closedByServer,
    };
  } finally {
    client.kill();
  }
}

/**
 * Server memory per idle subscriber, on a fresh server: RSS after a GC with `count` open
 * subscriptions minus RSS after a GC with none. (Per-row RSS deltas are noisy: memory
 * freed from the previous row can be returned in between.) `talking`: the scenes run their
 * conversations at TIME_SCALE=0.05 with the scripted model the whole time (from before the
 * first measurement, so the loop's own memory is in both readings), and the subscribers
 * receive what they say while the second reading waits.
 */
/**
 * Scenes talking on their own: the loop's own sweep wakes scenes, and the model-call window and
 * token budgets are lifted so the guards do not silence a scene mid-measurement.
 */
export const TALKING_ENV = {
  TIME_SCALE: '0.05',
  RUN_WITHOUT_VIEWERS: 'true',
  SWEEP_INTERVAL_MS: '5000',
  LLM_RATE_MAX: '100000',
  BUDGET_SCENE_TOKENS: '2000000000',
  BUDGET_GLOBAL_TOKENS: '2000000000',
};

export async function idleRss(mode: 'stock' | 'broadcast', dir: string, count: number, talking = false) {
  const env: Record<string, string> = {
    FANOUT: mode,
    DATABASE_URL: `sqlite:${join(dir, `idle-${mode}${talking ? '-talking' : ''}.db`)}`,
    SEED_EXTRA_SCENES: '6',
    SWEEP_INTERVAL_MS: '600000',
  };
  const api = await startApi(talking ? { ...env, ...TALKING_ENV } : env);
  const client = forkChild('loadClient.ts');
  try {
    if (talking) await sleep(5000);
    else await pauseAll(api);
    await api.gc();
    const before = rssBytes(api.pid);
    const scenes = await scenesWithSeq(api, 10);
    const connected = await ask<{ ok: boolean; error?: string }>(client, { cmd: 'connect', url: api.wsUrl, scenes, count });
    if (!connected.ok) throw new Error(`load client could not connect: ${connected.error}`);
    await waitViewers(api, count);
    await ask(client, { cmd: 'reset', scenes: await scenesWithSeq(api, 10) });
    await sleep(talking ? 10_000 : 2000);
    await api.gc();
    const after = rssBytes(api.pid);
    // Settled: three more collections a second apart, so V8 can hand back the pages the connect
    // burst left empty. The first reading still holds them; which one a run shows varied by
    // tens of KB per subscriber from run to run, the settled one is what the viewers keep.
    for (let i = 0; i < 3; i++) {
      await sleep(1000);
      await api.gc();
    }
    const settled = rssBytes(api.pid);
    // A subscription the server ended meanwhile (a failed catch-up read, under load) frees its
    // memory: the row is only a per-subscriber figure if all of them are still open.
    const openAtReading = await api.metric('pixeltales_ws_active_operations');
    const heard = talking ? await settledReport(client, finalsOf(await scenesWithSeq(api, 10))) : null;
    const row = {
      mode,
      subscribers: count,
      talking,
      rssBeforeMb: round(before / 2 ** 20, 1),
      rssAfterMb: round(after / 2 ** 20, 1),
      kbPerIdleSubscriber: round((after - before) / count / 1024, 1),
      rssSettledMb: round(settled / 2 ** 20, 1),
      kbPerSubscriberSettled: round((settled - before) / count / 1024, 1),
      openAtReading,
      // With scenes talking: what the subscribers received while the reading waited (frames
      // still in flight when it was read count as lost here, so this is a lower bound).
      framesReceived: heard?.received ?? 0,
      framesExpected: heard?.expected ?? 0,
    };
    console.log(`idle RSS: ${JSON.stringify(row)}`);
    return row;
  } finally {
    client.kill();
    await api.stop();
  }
}

/** 5 % of subscribers stop reading for 30 s while events flow: server RSS must stay bounded. */
async function slowConsumers(api: ApiProcess, mode: string) {
  const count = 2_000;
  const scenes = await scenesWithSeq(api, 10);
  const client = forkChild('loadClient.ts');
  try {
    await ask(client, { cmd: 'connect', url: api.wsUrl, scenes, count });
    await waitViewers(api, count);
    await api.gc();
    const rssStart = rssBytes(api.pid);
    await ask(client, { cmd: 'reset', scenes: await scenesWithSeq(api, 10) });
    const paused = (await ask<{ paused: number }>(client, { cmd: 'pause', fraction: 0.05 })).paused;
    let rssMax = rssStart;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssBytes(api.pid))), 500);
    const closed0 = await api.metric('pixeltales_ws_slow_consumers_closed');
    await inject(
      api,
      scenes.map((s) => s.id),
      100,
      30,
    );
    clearInterval(sampler);
    await sleep(1000);
    const rssEnd = rssBytes(api.pid);
    const closed = (await api.metric('pixeltales_ws_slow_consumers_closed')) - closed0;
    const report = await ask<LoadReport>(client, { cmd: 'report', finals: finalsOf(await scenesWithSeq(api, 10)) });
    await ask(client, { cmd: 'close' });
    const row = {
      mode,
      subscribers: count,
      paused,
      slowClosed: closed,
      rssStartMb: round(rssStart / 2 ** 20, 1),
      rssMaxMb: round(rssMax / 2 ** 20, 1),
      rssEndMb: round(rssEnd / 2 ** 20, 1),
      readingClientsExpected: report.reading.expected,
      readingClientsLost: report.reading.lost,
      pausedClientsLost: report.paused.lost,
    };
    console.log(`slow consumers (${mode}): ${JSON.stringify(row)}`);
    return row;
  } finally {
    client.kill();
  }
}

export const ROW_HEADER =
  'mode      subs scenes ev/s  deliv/s  p50ms  p99ms cpu/1k   KB/sub  B/frm exec/ev  expected  received  lost  dup ooo';

export function formatRow(r: Row): string {
  return [
    r.mode.padEnd(9),
    String(r.subscribers).padStart(6),
    String(r.scenes).padStart(4),
    String(r.eventsPerSec).padStart(5),
    String(r.deliveriesPerSec).padStart(7),
    String(r.p50Ms).padStart(7),
    String(r.p99Ms).padStart(7),
    String(r.cpuMsPer1000).padStart(8),
    String(r.rssKbPerSubscriber).padStart(7),
    String(r.bytesPerFrame).padStart(6),
    String(r.executionsPerEvent).padStart(8),
    String(r.expected).padStart(9),
    String(r.received).padStart(9),
    String(r.lost).padStart(5),
    String(r.duplicates).padStart(4),
    String(r.outOfOrder).padStart(3),
  ].join(' ');
}
