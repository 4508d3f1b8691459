/**
 * `npm run bench` — fan-out, replay-storm and turn-pipeline benchmark. Not a test: it prints
 * rows and writes JSON to bench/results/. Flags:
 *   --quick               the small smoke run `npm test` uses (seconds, a few hundred sockets)
 *   --idle-only           just the idle-memory rows
 *   --fanout-only         the issue-13 run: idle memory (quiet and with scenes talking), rows
 *                         driven by a separate injector process (PUBSUB=redis + PostgreSQL) at
 *                         100, 1,000 and 10,000 subscribers, and the connect storm, both modes
 *                         (--no-idle, --no-storm leave those out; --counts=1000,10000 and
 *                         --modes=broadcast narrow it for an A/B comparison of one change;
 *                         --counts=none leaves only the storm)
 *   --replay-storm-only   just the replay-storm row (with --quick: a tiny one)
 *   --dashboards-only     turn latency without and with 200 dashboards polling stats and usage
 *                         every 5 s over HTTP, on a long history (PostgreSQL; SQLite with --no-services)
 *   --no-services         SQLite instead of PostgreSQL for the storm; no BullMQ/Redis pipeline row
 *   --storm-fanout=stock  the storm against the stock fan-out (default: broadcast)
 *   --cache-flood-only    issue 20: 900 cache-busting anonymous `usage` reads of 10,000 MINUTE buckets
 *                         against a production-mode server, with the default read limit, with it raised,
 *                         and raised with the cache off: RSS growth and the slowest /healthz answer
 *                         (with --quick: 60 small ones)
 *   --memory-only         issue 11: memories per character over 1,000 conversations of one scene
 *                         and prompt tokens per turn at conversations 1, 10 and 100 (scripted model)
 *                         (--memory-part=store or =prompt: one half, its own JSON)
 *   --soak                issue 24: worker memory over time: 2 workers + 1 API on PostgreSQL/Redis with the
 *                         fake chat-completions model, RSS and heap each minute, the slope after warm-up
 *                         (--minutes=60 --warmup=5 --scenes=12 --time-scale=0.1 --compiled --snapshots)
 *   --worker-boot         issue 24: a worker's spawn → ready and spawn → first model request
 *                         (--runs=3, --compiled for api/dist/main.js after `npm run build`)
 * See BENCHMARKS.md for what each column means and the latest numbers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fanoutRows, formatRow, idleRss, ROW_HEADER, type FanoutPlan } from './fanout.js';
import { cacheFloodRow, formatFloodRow, FULL_FLOOD, QUICK_FLOOD } from './cacheFlood.js';
import { dashboardsRow, FULL_DASHBOARDS, QUICK_DASHBOARDS } from './dashboards.js';
import { FULL_INJECTED, injectedRows, QUICK_INJECTED } from './injected.js';
import { round } from './ops.js';
import { pipeline } from './pipeline.js';
import { memoryStore, promptTokensByConversation } from './memoryRows.js';
import { promptTokensAt } from './promptTokens.js';
import { FULL_STORM, QUICK_STORM, replayStorm, stormDatabase } from './replayStorm.js';
import { soak, soakPlan } from './soak.js';
import { workerBoot } from './workerBoot.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const withServices = !args.includes('--no-services');
const stormFanout = args.includes('--storm-fanout=stock') ? 'stock' : 'broadcast';
const plan: FanoutPlan & { pipeline: boolean; prompt: boolean } = quick
  ? { counts: [150], sceneCounts: [2], seconds: 2, targetRate: 2_000, slow: false, pipeline: false, prompt: false }
  : { counts: [1_000, 5_000, 10_000], sceneCounts: [10, 100], seconds: 8, targetRate: 20_000, slow: true, pipeline: true, prompt: true };
const storm = quick ? QUICK_STORM : FULL_STORM;

process.on('unhandledRejection', (err) => {
  console.error('bench failed:', err);
  process.exit(1);
});

const machine = () => ({ cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version });

function write(name: string, started: string, result: object): string {
  mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
  const out = resolve(import.meta.dirname, 'results', `${name}-${started.replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(`wrote ${out}`);
  // BENCHMARKS.md may only report committed runs (api/test/benchmarksDoc.test.ts checks).
  console.log(`to report it in BENCHMARKS.md: cp ${out} bench/results/reported/ and name it there`);
  return out;
}

async function runStorm(dir: string) {
  // The storm runs on a quiet server when the services are there (SQLite otherwise): the
  // scaled setup is where a replay read holds a pool connection.
  const db = await stormDatabase(withServices && !quick, dir);
  try {
    return await replayStorm(storm, db, stormFanout);
  } finally {
    await db.drop();
  }
}

/** Load average every 5 s while the run lasts (the machine is shared: numbers need their context). */
function watchLoad() {
  const samples: number[] = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), 5000);
  timer.unref();
  return () => {
    clearInterval(timer);
    samples.push(loadavg()[0]!);
    const sorted = samples.slice().sort((a, b) => a - b);
    return {
      min: round(sorted[0]!, 2),
      median: round(sorted[Math.floor(sorted.length / 2)]!, 2),
      max: round(sorted.at(-1)!, 2),
      samples: samples.length,
    };
  };
}

/** Idle memory quiet and talking, then the injector rows and connect storm of both modes. */
async function fanoutOnly(dir: string, started: string) {
  const load = watchLoad();
  const count = quick ? 300 : 10_000;
  const skipIdle = args.includes('--no-idle');
  const modes = (args
    .find((a) => a.startsWith('--modes='))
    ?.slice(8)
    .split(',') ?? ['stock', 'broadcast']) as ('stock' | 'broadcast')[];
  const idle = [];
  const idleTalking = [];
  for (const mode of skipIdle ? [] : modes) idle.push(await idleRss(mode, dir, count));
  for (const mode of skipIdle ? [] : modes) idleTalking.push(await idleRss(mode, dir, count, true));
  // --counts=1000,10000 and --modes=broadcast narrow the run (for A/B comparisons of one change).
  // --counts=none: no injector rows (the connect storm alone, e.g. under BENCH_NODE_FLAGS=--cpu-prof).
  const countsArg = args.find((a) => a.startsWith('--counts='))?.slice(9);
  const counts = countsArg === 'none' ? [] : countsArg?.split(',').map(Number);
  const base = quick ? QUICK_INJECTED : FULL_INJECTED;
  const plan = { ...base, counts: counts ?? base.counts, storm: args.includes('--no-storm') ? null : base.storm };
  const { createTestDatabase } = await import('../api/test/support/services.js');
  const results = [];
  for (const mode of modes) {
    const db = await createTestDatabase();
    try {
      results.push(await injectedRows(plan, mode, db.url));
    } finally {
      await db.drop();
    }
  }
  const none = { rows: [], storm: null };
  const stock = modes.includes('stock') ? results[0]! : none;
  const broadcast = modes.includes('broadcast') ? results.at(-1)! : none;
  const ratios =
    stock.rows.length === 0
      ? []
      : broadcast.rows.map((b, i) => ({
          subscribers: b.subscribers,
          scenes: b.scenes,
          stockCpuMsPer1000: stock.rows[i]!.cpuMsPer1000,
          broadcastCpuMsPer1000: b.cpuMsPer1000,
          cpuRatio: round(stock.rows[i]!.cpuMsPer1000 / Math.max(0.001, b.cpuMsPer1000), 2),
        }));
  console.log(ROW_HEADER);
  for (const r of [...stock.rows, ...broadcast.rows]) console.log(formatRow(r));
  console.log(
    `CPU per 1,000 deliveries, stock ÷ broadcast (injector process): ${ratios.map((r) => `${r.subscribers}/${r.scenes}: ${r.cpuRatio}×`).join(', ')}`,
  );
  const result = {
    started,
    quick,
    machine: machine(),
    loadAverage: load(),
    idle,
    idleTalking,
    injected: { plan, rows: [...stock.rows, ...broadcast.rows], ratios, storms: [stock.storm, broadcast.storm].filter(Boolean) },
  };
  console.log(`load average (1 min) during the run: ${JSON.stringify(result.loadAverage)}`);
  write(quick ? 'fanout-quick' : 'fanout', started, result);
}

/** The dashboards row: turn latency without and with dashboards polling `stats` and `usage`. */
async function dashboardsOnly(dir: string, started: string) {
  const load = watchLoad();
  const plan = quick ? QUICK_DASHBOARDS : FULL_DASHBOARDS;
  // Twice: with the response cache off (every poll reaches the resolvers and the rollup reads)
  // and on, as a deployment runs it (polls between two lines are answered from the cache).
  const runs = [];
  for (const cache of ['false', 'true']) {
    if (withServices) {
      const { createTestDatabase } = await import('../api/test/support/services.js');
      const db = await createTestDatabase();
      try {
        runs.push(await dashboardsRow(plan, `postgres, RESPONSE_CACHE=${cache}`, { DATABASE_URL: db.url, RESPONSE_CACHE: cache }));
      } finally {
        await db.drop();
      }
    } else {
      const file = join(dir, `dashboards-${cache}.db`);
      runs.push(await dashboardsRow(plan, `sqlite, RESPONSE_CACHE=${cache}`, { DATABASE_URL: `sqlite:${file}`, RESPONSE_CACHE: cache }));
    }
  }
  const result = { ...runs[0]!, rows: runs.flatMap((r) => r.rows), cacheHitRate: runs.map((r) => r.cacheHitRate) };
  const out = { started, quick, machine: machine(), loadAverage: load(), plan, ...result };
  console.log(`load average (1 min) during the run: ${JSON.stringify(out.loadAverage)}`);
  write(quick ? 'dashboards-quick' : 'dashboards', started, out);
}

/** The cache-flood rows: the default read limit, then the limit out of reach (the cache's byte bound alone). */
async function cacheFloodOnly(dir: string, started: string) {
  const load = watchLoad();
  const plan = quick ? QUICK_FLOOD : FULL_FLOOD;
  const rows = [];
  for (const [label, env] of [
    ['default READ_RATE_MAX', {}],
    ['READ_RATE_MAX raised', { READ_RATE_MAX: '100000000' }],
    ['READ_RATE_MAX raised, RESPONSE_CACHE=false', { READ_RATE_MAX: '100000000', RESPONSE_CACHE: 'false' }],
  ] as const) {
    const row = await cacheFloodRow(plan, label, env, join(dir, `flood-${rows.length}.db`));
    console.log(formatFloodRow(row));
    rows.push(row);
  }
  const out = { started, quick, machine: machine(), loadAverage: load(), plan, rows };
  console.log(`load average (1 min) during the run: ${JSON.stringify(out.loadAverage)}`);
  write(quick ? 'cacheflood-quick' : 'cacheflood', started, out);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-bench-'));
  const started = new Date().toISOString();
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  try {
    if (args.includes('--worker-boot')) {
      const load = watchLoad();
      const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
      const result = await workerBoot(runs, args.includes('--compiled'));
      write('workerboot', started, { started, machine: machine(), loadAverage: load(), ...result });
      return;
    }
    if (args.includes('--soak')) {
      const load = watchLoad();
      const result = await soak(soakPlan(args), mkdtempSync(join(tmpdir(), 'pixeltales-soak-')));
      write('soak', started, { started, machine: machine(), loadAverage: load(), ...result });
      return;
    }
    if (args.includes('--idle-only')) {
      const idle = [await idleRss('stock', dir, 10_000), await idleRss('broadcast', dir, 10_000)];
      write('idle', started, idle);
      return;
    }
    if (args.includes('--fanout-only')) {
      await fanoutOnly(dir, started);
      return;
    }
    if (args.includes('--dashboards-only')) {
      await dashboardsOnly(dir, started);
      return;
    }
    if (args.includes('--cache-flood-only')) {
      await cacheFloodOnly(dir, started);
      return;
    }
    if (args.includes('--memory-only')) {
      // --memory-part=store or =prompt runs one half (each writes its own JSON).
      const part = args.find((a) => a.startsWith('--memory-part='))?.slice('--memory-part='.length) ?? 'both';
      if (part !== 'prompt') {
        const store = await memoryStore(dir, quick ? 30 : 1_000, 6);
        write(quick ? 'memstore-quick' : 'memstore', started, { started, quick, machine: machine(), store });
      }
      if (part !== 'store') {
        const prompt = await promptTokensByConversation(quick ? [1, 3] : [1, 10, 100], dir);
        for (const p of prompt)
          console.log(
            `memory: conversation ${p.conversation}: prompt tokens per turn first ${p.promptFirst}, mean ${p.promptMean}, max ${p.promptMax} (reported by the model calls: mean ${p.reportedMean})`,
          );
        write(quick ? 'memprompt-quick' : 'memprompt', started, { started, quick, machine: machine(), prompt });
      }
      return;
    }
    if (args.includes('--replay-storm-only')) {
      const result = { started, quick, machine: machine(), replayStorm: await runStorm(dir) };
      write(quick ? 'storm-quick' : 'storm', started, result);
      if (process.send) process.send(result);
      return;
    }
    // Idle memory at the smoke run's size says nothing and costs two server starts.
    const idle = quick
      ? []
      : [await idleRss('stock', dir, Math.max(...plan.counts)), await idleRss('broadcast', dir, Math.max(...plan.counts))];
    console.log(ROW_HEADER);
    const stock = await fanoutRows(plan, 'stock', dir);
    const broadcast = await fanoutRows(plan, 'broadcast', dir);
    const ratios = broadcast.rows.map((b, i) => ({
      subscribers: b.subscribers,
      scenes: b.scenes,
      cpuRatio: round(stock.rows[i]!.cpuMsPer1000 / Math.max(0.001, b.cpuMsPer1000), 2),
    }));
    console.log(
      `CPU per 1,000 deliveries, stock ÷ broadcast: ${ratios.map((r) => `${r.subscribers}/${r.scenes}: ${r.cpuRatio}×`).join(', ')}`,
    );
    const replay = await runStorm(dir);
    const pipelines = [];
    if (plan.pipeline) {
      pipelines.push(await pipeline('embedded', { DATABASE_URL: `sqlite:${join(dir, 'pipeline.db')}` }, plan.seconds));
      if (withServices) {
        const { createTestDatabase } = await import('../api/test/support/services.js');
        const db = await createTestDatabase();
        try {
          pipelines.push(
            await pipeline(
              'bullmq+redis+postgres',
              { DATABASE_URL: db.url, QUEUE: 'bullmq', PUBSUB: 'redis', REDIS_PREFIX: `bench${Date.now()}` },
              plan.seconds,
            ),
          );
        } finally {
          await db.drop();
        }
      }
    }
    const prompt = plan.prompt ? await promptTokensAt([10, 100, 1000], dir) : null;
    if (prompt) console.log(`prompt tokens per turn: ${JSON.stringify(prompt)}`);
    const result = {
      started,
      quick,
      machine: machine(),
      rows: [...stock.rows, ...broadcast.rows],
      ratios,
      idle,
      slow: [stock.slow, broadcast.slow].filter(Boolean),
      replayStorm: replay,
      pipelines,
      prompt,
    };
    for (const r of result.rows) console.log(formatRow(r));
    write(quick ? 'quick' : 'bench', started, result);
    if (process.send) process.send(result);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
