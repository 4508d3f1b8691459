import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { openDatabase, type Orm } from '../../src/adapters/db/orm.js';
import { builtInScenes, type SceneSeed } from '../../src/domain/content.js';
import { seedBuiltInScenes } from '../../src/services/seed.js';
import { chatCompletion, startFakeOpenAi, type FakeOpenAi, type FakeRequest, type FakeResponse } from '../support/fakeOpenAi.js';
import { createRedisPrefix, createTestDatabase, REDIS_URL, testRedis } from '../support/services.js';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const MAIN = join(ROOT, 'api', 'src', 'main.ts');
/**
 * What `node node_modules/tsx/dist/cli.mjs api/src/main.ts` runs, minus the CLI's extra parent
 * process: with the loader flags given directly there is one process per server, so its pid
 * is the server's own and `kill -9` really kills it (killing the tsx CLI would orphan it).
 */
export const NODE_ARGS = [
  '--require',
  join(ROOT, 'node_modules', 'tsx', 'dist', 'preflight.cjs'),
  '--import',
  pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
  MAIN,
];

/** One child process of the cluster, started with `node tsx api/src/main.ts`. */
export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number | null;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** Parsed pino lines so far. */
  logs: Record<string, unknown>[];
  /** Send a signal to this process only (by its own pid). */
  signal(sig: NodeJS.Signals): void;
}

/** A reply the fake model server sends: valid structured JSON with a varying line. */
export function modelReply(n: number, extra: Partial<Record<string, unknown>> = {}): FakeResponse {
  return chatCompletion(
    JSON.stringify({
      content: `Line number ${n}, said with feeling.`,
      thoughts: 'keep it going',
      recipient: 'everyone',
      mood: 'curious',
      moodEmoji: '🤔',
      reaction: '🙂',
      rating: 7,
      endConversation: false,
      ...extra,
    }),
  );
}

/** Which worker made a request: each worker's OPENAI_BASE_URL carries its name. */
export const requester = (r: FakeRequest) => r.path.split('/')[1] ?? '?';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ClusterOptions {
  /** Env for every process (on top of the cluster's own). */
  env?: Record<string, string>;
  /** Decides each model answer; default: a valid reply at once. */
  model?: (request: FakeRequest, index: number) => FakeResponse | Promise<FakeResponse>;
  /** Extra scenes to seed before the processes start. */
  extraScenes?: number;
}

/**
 * A throwaway scaled deployment on loopback: a fresh PostgreSQL database (migrated and seeded
 * here, as the compose file's migrate step does), a Redis prefix, a fake OpenAI-compatible
 * server, and any number of API / worker processes. Each process logs to a file in a temp dir
 * (kept after the run with KEEP_CLUSTER_LOGS=1).
 */
export async function createCluster(label: string, options: ClusterOptions = {}) {
  const db = await createTestDatabase();
  const redis = createRedisPrefix('pt_scaled');
  const orm: Orm = await openDatabase({ url: db.url });
  const extras: SceneSeed[] = Array.from({ length: options.extraScenes ?? 0 }, (_, i) => {
    const base = builtInScenes[i % builtInScenes.length]!;
    return { ...base, slug: `${base.slug}-copy-${i}`, name: `${base.name} (${i})` };
  });
  await seedBuiltInScenes(orm.em.fork(), [...builtInScenes, ...extras], Date.now());
  let served = 0;
  const fake: FakeOpenAi = await startFakeOpenAi((req, i) => (options.model ? options.model(req, i) : modelReply(++served)));
  const logDir = join(tmpdir(), `pixeltales-${label}-${redis.prefix}`);
  mkdirSync(logDir, { recursive: true });
  const procs: Proc[] = [];
  const streams: WriteStream[] = [];

  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATABASE_URL: db.url,
    QUEUE: 'bullmq',
    PUBSUB: 'redis',
    REDIS_URL,
    REDIS_PREFIX: redis.prefix,
    QUEUE_LOCK_MS: '2000',
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: 'test-key',
    LLM_MODEL: 'fake-model',
    LLM_MAX_ATTEMPTS: '1',
    LLM_TIMEOUT_MS: '20000',
    LLM_RATE_MAX: '1000',
    LLM_RATE_WINDOW_MS: '1000',
    TIME_SCALE: '0.01',
    SWEEP_INTERVAL_MS: '500',
    SERVE_WEB: 'false',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...options.env,
  };

  async function start(name: string, roles: 'api' | 'worker', env: Record<string, string> = {}, port?: number): Promise<Proc> {
    const apiPort = roles === 'api' ? (port ?? (await freePort())) : null;
    const childEnv = {
      ...baseEnv,
      ROLES: roles,
      PORT: String(apiPort ?? 0),
      OPENAI_BASE_URL: `${fake.url.replace(/\/v1$/, '')}/${name}/v1`,
      ...env,
    };
    const child = spawn(process.execPath, NODE_ARGS, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    streams.push(out);
    const logs: Record<string, unknown>[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out.write(chunk);
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logs.push({ msg: line });
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => out.write(chunk));
    const exited = new Promise<number | string>((r) => child.once('exit', (code, sig) => r(code ?? sig ?? -1)));
    const proc: Proc = {
      name,
      child,
      pid: child.pid!,
      port: apiPort,
      exited,
      logs,
      signal: (sig) => void process.kill(child.pid!, sig),
    };
    procs.push(proc);
    // Never leave a server behind, even when the test runner itself dies.
    const reap = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    process.once('exit', reap);
    void exited.then(() => process.off('exit', reap));
    await waitUntilReady(proc, roles);
    return proc;
  }

  const tail = (proc: Proc) => {
    try {
      return readFileSync(join(logDir, `${proc.name}.log`), 'utf8')
        .split('\n')
        .slice(-15)
        .join('\n');
    } catch {
      return '(no output)';
    }
  };

  async function waitUntilReady(proc: Proc, roles: 'api' | 'worker') {
    const until = Date.now() + 180_000;
    let gone = false;
    void proc.exited.then(() => (gone = true));
    for (;;) {
      if (gone) throw new Error(`${proc.name} exited during start-up:\n${tail(proc)}`);
      if (Date.now() > until) throw new Error(`${proc.name} did not become ready:\n${tail(proc)}`);
      if (roles === 'worker' && proc.logs.some((l) => l.msg === 'worker started')) return;
      if (roles === 'api') {
        const ok = await fetch(`http://127.0.0.1:${proc.port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
      }
      await sleep(100);
    }
  }

  const clients: Client[] = [];
  return {
    db,
    orm,
    fake,
    prefix: redis.prefix,
    logDir,
    procs,
    start,
    /** A graphql-ws client on one API process. */
    ws(proc: Proc): Client {
      const client = createClient({ url: `ws://127.0.0.1:${proc.port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      clients.push(client);
      return client;
    },
    async gql<T>(proc: Proc, query: string, variables?: Record<string, unknown>): Promise<T> {
      const res = await fetch(`http://127.0.0.1:${proc.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    },
    /** Kill this deployment's Redis connections (all of them, or those whose name matches). */
    async killRedisConnections(filter: (name: string) => boolean = () => true): Promise<number> {
      const admin = testRedis();
      try {
        const list = (await admin.client('LIST')) as string;
        const ids = list
          .split('\n')
          .map((line) => ({ id: /\bid=(\d+)/.exec(line)?.[1], name: / name=(\S*)/.exec(line)?.[1] ?? '' }))
          .filter((c) => c.id && c.name.startsWith(`${redis.prefix}:`) && filter(c.name));
        for (const c of ids) await admin.client('KILL', 'ID', c.id!).catch(() => 0);
        return ids.length;
      } finally {
        admin.disconnect();
      }
    },
    /** Stop everything: clients, then processes (SIGTERM, then SIGKILL), then the services. */
    async stop() {
      await Promise.allSettled(clients.map(async (c) => c.dispose()));
      const alive = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
      for (const p of alive) p.signal('SIGTERM');
      await Promise.race([Promise.all(alive.map((p) => p.exited)), sleep(8_000)]);
      for (const p of alive) if (p.child.exitCode === null && p.child.signalCode === null) p.signal('SIGKILL');
      await Promise.all(alive.map((p) => p.exited));
      for (const s of streams) s.end();
      await fake.close();
      await orm.close(true);
      await db.drop();
      await redis.clean();
      // Logs stay for a post-mortem only when asked for (KEEP_CLUSTER_LOGS=1).
      if (!process.env.KEEP_CLUSTER_LOGS) rmSync(logDir, { recursive: true, force: true });
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof createCluster>>;
