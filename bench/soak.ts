/**
 * `npm run bench -- --soak --minutes=60`: worker memory over time (issue 24 part 4). Starts a
 * scaled deployment on loopback (PostgreSQL, BullMQ + Redis pub/sub, one API and two workers,
 * the model behind a fake chat-completions server), keeps one live `sceneEvents` viewer per
 * scene so every scene talks, and once a minute (after a GC in each process) samples every
 * process's RSS and V8 heap. Prints each sample as it comes and, at the end, the least-squares
 * slope in MB/min after the warm-up. Flags:
 *   --minutes=60        length of the run (samples every --sample-s, default 60 s)
 *   --warmup=5          minutes left out of the slope
 *   --scenes=12         scenes talking (6 built-in, the rest copies)
 *   --time-scale=0.1    TIME_SCALE of the turn loop (0.1: a turn every ~1.2 s per scene)
 *   --compiled          run api/dist/main.js (after `npm run build`) instead of the sources
 *   --snapshots         heap snapshots of worker 1 after the warm-up and at the end (tmp dir;
 *                       compare them with `bench/heapDiff.ts`)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { openDatabase } from '../api/src/adapters/db/orm.js';
import { builtInScenes, withExtraCopies } from '../api/src/domain/content.js';
import { seedBuiltInScenes } from '../api/src/services/seed.js';
import { chatCompletion, startFakeOpenAi, type FakeRequest, type FakeResponse } from '../api/test/support/fakeOpenAi.js';
import { createRedisPrefix, createTestDatabase, REDIS_URL } from '../api/test/support/services.js';
import { round, sleep } from './ops.js';
import { freePort, rssBytes } from './server.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface SoakPlan {
  minutes: number;
  warmupMinutes: number;
  scenes: number;
  timeScale: number;
  sampleSeconds: number;
  compiled: boolean;
  snapshots: boolean;
}

export function soakPlan(args: string[]): SoakPlan {
  const num = (name: string, fallback: number) => {
    const raw = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const minutes = num('minutes', 60);
  return {
    minutes,
    warmupMinutes: num('warmup', Math.min(5, minutes / 3)),
    scenes: Math.round(num('scenes', 12)),
    timeScale: num('time-scale', 0.1),
    sampleSeconds: num('sample-s', 60),
    compiled: args.includes('--compiled'),
    snapshots: args.includes('--snapshots'),
  };
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? Number.NaN : num / den;
}

/** The fake model: a valid turn reply (ending now and then), memories and reflections in their shapes. */
function fakeModel(): (request: FakeRequest) => FakeResponse {
  let n = 0;
  return (request) => {
    n++;
    const text = JSON.stringify(request.body ?? '');
    if (text.includes('write-memories'))
      return chatCompletion(
        JSON.stringify({
          memories: [{ text: `I remember talk number ${n} in the room.`, about: [], importance: 1 + (n % 9) }],
          relationships: [],
        }),
      );
    if (text.includes('### Memory task\\nreflect'))
      return chatCompletion(JSON.stringify({ text: `Looking back at ${n}, I liked it.`, about: [], importance: 4 }));
    return chatCompletion(
      JSON.stringify({
        content: `Line number ${n}, said with feeling and a little more to say about the weather ${n % 97}.`,
        thoughts: 'keep it going',
        recipient: 'everyone',
        mood: 'curious',
        moodEmoji: '🤔',
        reaction: '🙂',
        rating: 1 + (n % 10),
        endConversation: n % 7 === 0,
      }),
    );
  };
}

interface Proc {
  name: string;
  child: ChildProcess;
  port: number;
  metrics(): Promise<Record<string, number>>;
  gc(): void;
}

const METRIC_NAMES = ['pixeltales_nodejs_heap_size_used_bytes', 'pixeltales_nodejs_external_memory_bytes', 'pixeltales_turns_total'];

async function scrape(port: number, path = '/metrics'): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
  const out: Record<string, number> = {};
  for (const name of METRIC_NAMES) {
    // Counters with labels are summed over their series.
    const values = text
      .split('\n')
      .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
      .map((l) => Number(l.split(' ').at(-1)));
    out[name] = values.length ? values.reduce((a, b) => a + b, 0) : Number.NaN;
  }
  return out;
}

export async function soak(plan: SoakPlan, logDir: string) {
  const db = await createTestDatabase();
  const redis = createRedisPrefix('pt_soak');
  const orm = await openDatabase({ url: db.url });
  await seedBuiltInScenes(orm.em.fork(), withExtraCopies(builtInScenes, Math.max(0, plan.scenes - builtInScenes.length)), Date.now());
  const fake = await startFakeOpenAi(fakeModel());
  const procs: Proc[] = [];
  const clients: Client[] = [];
  const entry = plan.compiled ? [resolve(ROOT, 'api/dist/main.js')] : ['--import', 'tsx', resolve(ROOT, 'api/src/main.ts')];
  const snapshotFlags = plan.snapshots ? ['--import', 'tsx', '--import', resolve(import.meta.dirname, 'heapDump.ts')] : [];

  async function start(name: string, roles: 'api' | 'worker'): Promise<Proc> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--expose-gc', ...(roles === 'worker' ? snapshotFlags : []), ...entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        ROLES: roles,
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        QUEUE: 'bullmq',
        PUBSUB: 'redis',
        REDIS_URL,
        REDIS_PREFIX: redis.prefix,
        LLM_PROVIDER: 'openai',
        OPENAI_API_KEY: 'soak-key',
        OPENAI_BASE_URL: fake.url,
        LLM_MODEL: 'fake-model',
        LLM_RATE_MAX: '100000',
        LLM_RATE_WINDOW_MS: '1000',
        TIME_SCALE: String(plan.timeScale),
        MAX_MESSAGES: '40',
        COOLDOWN_MS: '60000',
        SERVE_WEB: 'false',
        WS_MAX_PER_ADDRESS: '1000',
        PROBE_SNAPSHOT: plan.snapshots ? '1' : '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(logDir, `${name}.log`));
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    process.once('exit', () => child.kill('SIGKILL'));
    const path = roles === 'api' ? '/readyz' : '/healthz';
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`${name} exited at start; see ${join(logDir, `${name}.log`)}`);
      const ok = await fetch(`http://127.0.0.1:${port}${path}`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 600) throw new Error(`${name} did not start`);
      await sleep(100);
    }
    const proc: Proc = { name, child, port, metrics: () => scrape(port), gc: () => child.kill('SIGUSR2') };
    procs.push(proc);
    return proc;
  }

  try {
    const api = await start('api', 'api');
    await start('w1', 'worker');
    await start('w2', 'worker');
    // One viewer per scene, counting messages only: presence makes every scene talk.
    const scenes = (
      (await (
        await fetch(`http://127.0.0.1:${api.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ scenes { id } }' }),
        })
      ).json()) as { data: { scenes: { id: string }[] } }
    ).data.scenes;
    let messages = 0;
    for (const scene of scenes) {
      const client = createClient({ url: `ws://127.0.0.1:${api.port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 1000 });
      clients.push(client);
      client.subscribe(
        { query: 'subscription($id: ID!) { sceneEvents(sceneId: $id) { __typename seq } }', variables: { id: scene.id } },
        {
          next: (r) => void ((r.data?.sceneEvents as { __typename?: string })?.__typename === 'MessagePosted' && messages++),
          error: () => {},
          complete: () => {},
        },
      );
    }
    console.log(`soak: ${scenes.length} scenes watched, ${plan.minutes} min, samples every ${plan.sampleSeconds} s; logs in ${logDir}`);

    const startedAt = Date.now();
    const samples: { minute: number; messages: number; procs: Record<string, { rssMiB: number; heapMiB: number; turns: number }> }[] = [];
    const sample = async () => {
      // The fake server keeps every request; nothing here reads them.
      fake.requests.length = 0;
      for (const p of procs) p.gc();
      await sleep(1_000);
      const row: (typeof samples)[number] = { minute: round((Date.now() - startedAt) / 60_000, 2), messages, procs: {} };
      for (const p of procs) {
        const m: Record<string, number> = await p.metrics().catch(() => ({}));
        row.procs[p.name] = {
          rssMiB: round(rssBytes(p.child.pid!) / 2 ** 20, 1),
          heapMiB: round((m.pixeltales_nodejs_heap_size_used_bytes ?? Number.NaN) / 2 ** 20, 1),
          turns: m.pixeltales_turns_total ?? Number.NaN,
        };
      }
      samples.push(row);
      console.log(
        `soak: ${row.minute.toFixed(1).padStart(5)} min  messages ${String(row.messages).padStart(6)}  ` +
          Object.entries(row.procs)
            .map(([n, v]) => `${n} rss ${v.rssMiB} MiB heap ${v.heapMiB} MiB turns ${v.turns}`)
            .join(' | '),
      );
    };
    const snapshot = (label: string) => {
      if (!plan.snapshots) return;
      procs.find((p) => p.name === 'w1')!.child.kill('SIGWINCH');
      console.log(
        `soak: heap snapshot of w1 asked for (${label}); files: ${tmpdir()}/pixeltales-heap-${procs[1]!.child.pid}-*.heapsnapshot`,
      );
    };
    await sample();
    let snapped = false;
    while (Date.now() - startedAt < plan.minutes * 60_000) {
      await sleep(plan.sampleSeconds * 1_000 - ((Date.now() - startedAt) % (plan.sampleSeconds * 1_000)));
      await sample();
      for (const p of procs) if (p.child.exitCode !== null) throw new Error(`${p.name} died; see its log in ${logDir}`);
      if (!snapped && samples.at(-1)!.minute >= plan.warmupMinutes) {
        snapped = true;
        snapshot('after warm-up');
      }
    }
    snapshot('end');
    if (plan.snapshots) await sleep(20_000);
    const after = samples.filter((s) => s.minute >= plan.warmupMinutes);
    const slopes = Object.fromEntries(
      procs.map((p) => [
        p.name,
        {
          rssMiBPerMin: round(slope(after.map((s) => ({ x: s.minute, y: s.procs[p.name]!.rssMiB }))), 3),
          heapMiBPerMin: round(slope(after.map((s) => ({ x: s.minute, y: s.procs[p.name]!.heapMiB }))), 3),
        },
      ]),
    );
    for (const [name, s] of Object.entries(slopes))
      console.log(
        `soak: ${name}: RSS ${s.rssMiBPerMin} MiB/min, heap ${s.heapMiBPerMin} MiB/min (after ${plan.warmupMinutes} min warm-up)`,
      );
    const snapshots = plan.snapshots
      ? readdirSync(tmpdir())
          .filter((f) => f.startsWith(`pixeltales-heap-${procs[1]!.child.pid}-`))
          .map((f) => ({ file: join(tmpdir(), f), bytes: statSync(join(tmpdir(), f)).size }))
      : [];
    return { plan, messages, samples, slopes, snapshots };
  } finally {
    await Promise.allSettled(clients.map(async (c) => c.dispose()));
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.race([
      Promise.all(procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r(0) : p.child.once('exit', r))))),
      sleep(10_000),
    ]);
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await fake.close();
    await orm.close(true);
    await db.drop();
    await redis.clean();
  }
}
