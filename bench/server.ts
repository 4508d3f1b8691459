/** Start and measure an API process for the benchmark. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const TOKEN = 'bench-moderator-token-0123456789';

export async function freePort(): Promise<number> {
  return new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export interface ApiProcess {
  url: string;
  wsUrl: string;
  pid: number;
  child: ChildProcess;
  gql<T = unknown>(query: string, variables?: Record<string, unknown>): Promise<T>;
  metric(name: string): Promise<number>;
  metrics(names: string[]): Promise<Record<string, number>>;
  /** Ask the server to collect garbage (SIGUSR2 with --expose-gc), then let it settle. */
  gc(): Promise<void>;
  stop(): Promise<void>;
}

/** CPU time (user + system) of a process in ms, from /proc (the same clock process.cpuUsage reads). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/** Resident memory of a process in bytes. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) * 1024;
}

/**
 * Node flags for every API process a bench starts, from BENCH_NODE_FLAGS (space separated), to
 * profile a row as it runs: `BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
 */
function extraFlags(): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

export async function startApi(env: Record<string, string>, nodeFlags: string[] = []): Promise<ApiProcess> {
  const port = await freePort();
  // `node --import tsx` (not the tsx CLI, which forks): the pid measured is the server's own.
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=4096', '--expose-gc', ...nodeFlags, ...extraFlags(), '--import', 'tsx', resolve(ROOT, 'api/src/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SERVE_WEB: 'false',
        MODERATOR_TOKENS: TOKEN,
        MUTATION_RATE_MAX: '100000',
        MUTATION_RATE_IP_MAX: '100000',
        // Every bench client shares one address; the read limit is the cache-flood row's subject only.
        READ_RATE_MAX: '100000000',
        WS_MAX_SUBSCRIPTIONS: '20',
        // Every simulated viewer connects from 127.0.0.1.
        WS_MAX_PER_ADDRESS: '100000',
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 1200) throw new Error('API did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
  /** Several values from one scrape (some gauges, like prom-client's event-loop ones, reset on each). */
  const metrics = async (names: string[]) => {
    const lines = (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).split('\n');
    const value = (name: string) => {
      const line = lines.find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
      return line ? Number(line.split(' ').at(-1)) : Number.NaN;
    };
    return Object.fromEntries(names.map((name) => [name, value(name)]));
  };
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    child,
    gql,
    async metric(name) {
      return (await metrics([name]))[name]!;
    },
    metrics,
    async gc() {
      child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 500));
    },
    async stop() {
      // Safe after the process died by itself (a crash under load is a result, not a bench bug).
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
