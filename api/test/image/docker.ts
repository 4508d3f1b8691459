import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inCi } from '../support/services.js';

/** The repository root: the build context and where docker-compose.yml lives. */
export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
/** The tag docker-compose.yml runs; the image suite builds it from this checkout. */
export const IMAGE = 'pixeltales:local';
export const DOCKER = process.env.DOCKER ?? 'docker';

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a command to the end (its output captured), without a shell. */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<Ran> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('error', fail);
    child.on('close', (code) => done({ status: code ?? 1, stdout, stderr, ms: Date.now() - started }));
    child.stdin.end(opts.input ?? '');
  });
}

/** `docker …`, failing with its output when it fails. */
export async function docker(...args: string[]): Promise<string> {
  const r = await run(DOCKER, args);
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} exited ${r.status}:\n${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

/** Why no Docker engine can be used here, or null when one answers. */
export function engineProblem(): string | null {
  const r = spawnSync(DOCKER, ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' });
  if (r.error) return `no docker client (${r.error.message})`;
  if (r.status !== 0) return `no Docker engine answers (${(r.stderr || r.stdout).trim().split('\n').at(-1)})`;
  return null;
}

/**
 * Whether the image suites can run: in CI a missing engine is a failure, never a skip (as
 * for PostgreSQL and Redis: scripts/docker/engine.sh starts one); locally the suite is skipped
 * with the reason printed.
 */
export function requireDocker(suite: string): boolean {
  const problem = engineProblem();
  if (!problem) return true;
  if (inCi()) throw new Error(`[${suite}] needs a Docker engine in CI, but: ${problem}`);
  console.warn(`\n[skipped] ${suite}: ${problem}. Start one with scripts/docker/engine.sh (as root).\n`);
  return false;
}

/** The compose command: `docker compose` when the plugin is there, else docker-compose (v1). */
export function composeCommand(): string[] {
  if (process.env.COMPOSE) return process.env.COMPOSE.split(' ');
  if (spawnSync(DOCKER, ['compose', 'version'], { encoding: 'utf8' }).status === 0) return [DOCKER, 'compose'];
  return ['docker-compose'];
}

/** A short random name for the containers, networks and volumes a test makes (and removes). */
export const uniqueName = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** Resolve when GET url answers 2xx, failing after `timeoutMs` with what the last try said. */
export async function waitForHttp(url: string, timeoutMs: number, diagnose: () => Promise<string>): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const last = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => (res.ok ? null : `HTTP ${res.status}`),
      (err: Error) => err.message,
    );
    if (last === null) return;
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms (${last}):\n${await diagnose()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** POST a GraphQL document; the data, or an error with the body. */
export async function gql<T>(base: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok || body.errors || !body.data) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
  return body.data;
}

export const SCRIPTS = join(ROOT, 'scripts', 'docker');
