/**
 * `npm run bench` — fan-out and turn-pipeline benchmark. Not a test: it prints a table and
 * writes JSON to bench/results/. `--quick` is the small smoke run `npm test` uses.
 * See BENCHMARKS.md for what each column means and the latest numbers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { promptTokensAt } from './promptTokens.js';
import { cpuMs, rssBytes, startApi, type ApiProcess } from './server.js';

const quick = process.argv.includes('--quick');
const withServices = !process.argv.includes('--no-services');
const plan = quick
  ? { counts: [150], sceneCounts: [2], seconds: 2, targetRate: 2_000, slow: false, pipeline: false, prompt: false }
  : { counts: [1_000, 5_000, 10_000], sceneCounts: [10, 100], seconds: 8, targetRate: 20_000, slow: true, pipeline: true, prompt: true };
const TEXT = 'The lights flicker twice and somewhere a kettle begins to whistle.';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request/response over the load client's IPC channel. */
function ask<T = any>(child: ChildProcess, msg: Record<string, unknown>): Promise<T> {
  return new Promise((res) => {
    child.once('message', (m) => res(m as T));
    child.send(msg);
  });
}

async function waitViewers(api: ApiProcess, want: number, timeoutMs = 120_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { stats } = await api.gql<{ stats: { viewers: number } }>('{ stats { viewers } }');
    if (stats.viewers === want || Date.now() > until) return stats.viewers;
    await sleep(250);
  }
}

/** Inject narration events at `rate` per second, round-robin over scenes, for `seconds`. */
async function inject(api: ApiProcess, sceneIds: string[], rate: number, seconds: number): Promise<number> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let inFlight = 0;
  let sent = 0;
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    while (inFlight > 32) await sleep(1);
    inFlight++;
    pending.push(
      api
        .gql('mutation($id: ID!, $t: String!) { injectNarration(input: { sceneId: $id, text: $t }) { id } }', { id: sceneIds[i % sceneIds.length], t: TEXT })
        .then(() => sent++)
        // A reset connection under overload loses that one event; it is simply not counted.
        .catch((err) => console.warn(`inject failed: ${err}`))
        .finally(() => inFlight--),
    );
  }
  await Promise.all(pending);
  return sent;
}

interface Row {
  mode: string;
  subscribers: number;
  scenes: number;
  eventsPerSec: number;
  deliveriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPer1000: number;
  rssKbPerSubscriber: number;
  bytesPerFrame: number;
  textBytes: number;
  executionsPerEvent: number;
  lost: number;
  outOfOrder: number;
}

async function fanoutRows(mode: 'stock' | 'broadcast', dir: string): Promise<{ rows: Row[]; slow?: Record<string, unknown> }> {
  const api = await startApi({
    FANOUT: mode,
    DATABASE_URL: `sqlite:${join(dir, `${mode}.db`)}`,
    SEED_EXTRA_SCENES: String(Math.max(0, Math.max(...plan.sceneCounts) - 4)),
    SWEEP_INTERVAL_MS: '600000',
    WS_SEND_BUFFER_MAX_BYTES: String(256 * 1024),
  });
  const rows: Row[] = [];
  try {
    const all = (await api.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).scenes;
    // Only injected narration makes events: every scene is paused.
    for (const s of all) await api.gql('mutation($id: ID!) { pauseScene(input: { sceneId: $id }) { id } }', { id: s.id });
    for (const sceneCount of plan.sceneCounts) {
      for (const count of plan.counts) {
        rows.push(await measure(api, mode, sceneCount, count));
        console.log(format(rows.at(-1)!));
      }
    }
    const slow = plan.slow ? await slowConsumers(api, mode) : undefined;
    return { rows, slow };
  } finally {
    await api.stop();
  }
}

async function scenesWithSeq(api: ApiProcess, n: number) {
  const { scenes } = await api.gql<{ scenes: { id: string; lastSeq: number }[] }>('{ scenes { id lastSeq } }');
  return scenes.slice(0, n);
}

async function measure(api: ApiProcess, mode: string, sceneCount: number, count: number): Promise<Row> {
  const scenes = await scenesWithSeq(api, sceneCount);
  const client = fork(resolve(import.meta.dirname, 'loadClient.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
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
    await ask(client, { cmd: 'reset' });
    const perScene = count / sceneCount;
    const rate = Math.min(200, Math.ceil(plan.targetRate / perScene));
    const exec0 = await api.metric('pixeltales_scene_event_executions_total');
    const cpu0 = cpuMs(api.pid);
    const t0 = performance.now();
    const events = await inject(api, scenes.map((s) => s.id), rate, plan.seconds);
    // An overloaded server accepts the events more slowly than asked: report the real rate.
    const injectSeconds = (performance.now() - t0) / 1000;
    await sleep(1000);
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = cpuMs(api.pid);
    const exec1 = await api.metric('pixeltales_scene_event_executions_total');
    const report = await ask(client, { cmd: 'report' });
    await ask(client, { cmd: 'close' });
    await waitViewers(api, 0, 30_000);
    return {
      mode,
      subscribers: count,
      scenes: sceneCount,
      eventsPerSec: round(events / injectSeconds),
      deliveriesPerSec: round(report.frames / elapsed),
      p50Ms: round(report.p50, 1),
      p99Ms: round(report.p99, 1),
      cpuMsPer1000: round(((cpu1 - cpu0) / Math.max(1, report.frames)) * 1000, 1),
      rssKbPerSubscriber: round((rss1 - rss0) / count / 1024, 1),
      bytesPerFrame: round(report.bytesPerFrame),
      textBytes: Buffer.byteLength(TEXT),
      executionsPerEvent: round((exec1 - exec0) / Math.max(1, events), 2),
      lost: report.lost,
      outOfOrder: report.outOfOrder,
    };
  } finally {
    client.kill();
  }
}

/**
 * Server memory per idle subscriber, on a fresh server: RSS after a GC with `count` open
 * subscriptions minus RSS after a GC with none. (Per-row RSS deltas are noisy: memory
 * freed from the previous row can be returned in between.)
 */
async function idleRss(mode: 'stock' | 'broadcast', dir: string, count: number) {
  const api = await startApi({ FANOUT: mode, DATABASE_URL: `sqlite:${join(dir, `idle-${mode}.db`)}`, SEED_EXTRA_SCENES: '6', SWEEP_INTERVAL_MS: '600000' });
  const client = fork(resolve(import.meta.dirname, 'loadClient.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    const scenes = await scenesWithSeq(api, 10);
    for (const s of scenes) await api.gql('mutation($id: ID!) { pauseScene(input: { sceneId: $id }) { id } }', { id: s.id });
    await api.gc();
    const before = rssBytes(api.pid);
    const connected = await ask<{ ok: boolean; error?: string }>(client, { cmd: 'connect', url: api.wsUrl, scenes: await scenesWithSeq(api, 10), count });
    if (!connected.ok) throw new Error(`load client could not connect: ${connected.error}`);
    await waitViewers(api, count);
    await sleep(2000);
    await api.gc();
    const after = rssBytes(api.pid);
    const row = { mode, subscribers: count, rssBeforeMb: round(before / 2 ** 20, 1), rssAfterMb: round(after / 2 ** 20, 1), kbPerIdleSubscriber: round((after - before) / count / 1024, 1) };
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
  const client = fork(resolve(import.meta.dirname, 'loadClient.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    await ask(client, { cmd: 'connect', url: api.wsUrl, scenes, count });
    await waitViewers(api, count);
    await api.gc();
    const rssStart = rssBytes(api.pid);
    const paused = (await ask<{ paused: number }>(client, { cmd: 'pause', fraction: 0.05 })).paused;
    let rssMax = rssStart;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssBytes(api.pid))), 500);
    const closed0 = await api.metric('pixeltales_ws_slow_consumers_closed');
    await inject(api, scenes.map((s) => s.id), 100, 30);
    clearInterval(sampler);
    const rssEnd = rssBytes(api.pid);
    const closed = (await api.metric('pixeltales_ws_slow_consumers_closed')) - closed0;
    const report = await ask(client, { cmd: 'report' });
    await ask(client, { cmd: 'close' });
    const row = {
      mode,
      subscribers: count,
      paused,
      slowClosed: closed,
      rssStartMb: round(rssStart / 2 ** 20, 1),
      rssMaxMb: round(rssMax / 2 ** 20, 1),
      rssEndMb: round(rssEnd / 2 ** 20, 1),
      readingClientsLost: report.lost,
    };
    console.log(`slow consumers (${mode}): ${JSON.stringify(row)}`);
    return row;
  } finally {
    client.kill();
  }
}

/** Model reply → subscriber receiving the MessagePosted, with the real turn loop. */
async function pipeline(name: string, env: Record<string, string>) {
  const api = await startApi({ TIME_SCALE: '0.02', RUN_WITHOUT_VIEWERS: 'false', ...env });
  const client = fork(resolve(import.meta.dirname, 'loadClient.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    const scenes = await scenesWithSeq(api, 4);
    await ask(client, { cmd: 'connect', url: api.wsUrl, scenes, count: 4, only: 'message' });
    await sleep(plan.seconds * 1000);
    const report = await ask(client, { cmd: 'report' });
    const pickup = async (q: string) => round((await api.metric(`pixeltales_queue_pickup_seconds{quantile="${q}"}`)) * 1000, 2);
    const row = { setup: name, messages: report.frames, replyToReceiveP50Ms: round(report.p50, 1), replyToReceiveP99Ms: round(report.p99, 1), pickupP50Ms: await pickup('0.5'), pickupP99Ms: await pickup('0.99'), lost: report.lost };
    console.log(`pipeline: ${JSON.stringify(row)}`);
    return row;
  } finally {
    client.kill();
    await api.stop();
  }
}

function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function format(r: Row): string {
  return [r.mode.padEnd(9), String(r.subscribers).padStart(6), String(r.scenes).padStart(4), String(r.eventsPerSec).padStart(5), String(r.deliveriesPerSec).padStart(7), String(r.p50Ms).padStart(7), String(r.p99Ms).padStart(7), String(r.cpuMsPer1000).padStart(8), String(r.rssKbPerSubscriber).padStart(7), String(r.bytesPerFrame).padStart(6), String(r.executionsPerEvent).padStart(8), String(r.lost).padStart(5), String(r.outOfOrder).padStart(4)].join(' ');
}

process.on('unhandledRejection', (err) => {
  console.error('bench failed:', err);
  process.exit(1);
});

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-bench-'));
  const started = new Date().toISOString();
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  console.log('mode      subs scenes ev/s  deliv/s  p50ms  p99ms cpu/1k   KB/sub  B/frm exec/ev  lost ooo');
  try {
    if (process.argv.includes('--idle-only')) {
      const idle = [await idleRss('stock', dir, 10_000), await idleRss('broadcast', dir, 10_000)];
      writeFileSync(resolve(import.meta.dirname, 'results', `idle-${started.replace(/[:.]/g, '-')}.json`), JSON.stringify(idle, null, 2));
      return;
    }
    const idle = [await idleRss('stock', dir, Math.max(...plan.counts)), await idleRss('broadcast', dir, Math.max(...plan.counts))];
    const stock = await fanoutRows('stock', dir);
    const broadcast = await fanoutRows('broadcast', dir);
    const ratios = broadcast.rows.map((b, i) => ({
      subscribers: b.subscribers,
      scenes: b.scenes,
      cpuRatio: round(stock.rows[i]!.cpuMsPer1000 / Math.max(0.001, b.cpuMsPer1000), 2),
    }));
    console.log(`CPU per 1,000 deliveries, stock ÷ broadcast: ${ratios.map((r) => `${r.subscribers}/${r.scenes}: ${r.cpuRatio}×`).join(', ')}`);
    const pipelines = [];
    if (plan.pipeline) {
      pipelines.push(await pipeline('embedded', { DATABASE_URL: `sqlite:${join(dir, 'pipeline.db')}` }));
      if (withServices) {
        const { createTestDatabase } = await import('../api/test/support/services.js');
        const db = await createTestDatabase();
        try {
          pipelines.push(await pipeline('bullmq+redis+postgres', { DATABASE_URL: db.url, QUEUE: 'bullmq', PUBSUB: 'redis', REDIS_PREFIX: `bench${Date.now()}` }));
        } finally {
          await db.drop();
        }
      }
    }
    const prompt = plan.prompt ? await promptTokensAt([10, 100, 1000], dir) : null;
    if (prompt) console.log(`prompt tokens per turn: ${JSON.stringify(prompt)}`);
    const result = { started, quick, machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, rows: [...stock.rows, ...broadcast.rows], ratios, idle, slow: [stock.slow, broadcast.slow].filter(Boolean), pipelines, prompt };
    mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
    const out = resolve(import.meta.dirname, 'results', `${quick ? 'quick' : 'bench'}-${started.replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(`wrote ${out}`);
    if (process.send) process.send(result);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
