import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_ARGS, ROOT } from '../scaled/cluster.js';

/**
 * Redis unreachable at start: the real entry point exits 69 within a bounded time with one line
 * naming host:port, as an unreachable database does, instead of reconnecting forever with its
 * port never open. SQLite, so no other service is involved.
 */

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Exit {
  code: number | null;
  signal: string | null;
  ms: number;
  output: string;
}

const dir = mkdtempSync(join(tmpdir(), 'pixeltales-redis-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runMain(env: Record<string, string>): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: `sqlite:${join(dir, `t${started}.db`)}`,
      SERVE_WEB: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  // Today's code never exits: stop it by its own pid after 25 s.
  const kill = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal, ms: Date.now() - started, output });
    }),
  );
}

describe('Redis unreachable at start', { timeout: 40_000 }, () => {
  it('exits 69 within the connect timeout, naming host and port, with a bounded number of lines', async () => {
    const port = await closedPort();
    const exit = await runMain({
      PUBSUB: 'redis',
      QUEUE: 'bullmq',
      REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
      REDIS_CONNECT_TIMEOUT_MS: '2000',
    });
    expect(exit.signal, exit.output).toBeNull();
    expect(exit.code, exit.output).toBe(69);
    expect(exit.ms).toBeLessThan(15_000);
    expect(exit.output).toMatch(
      new RegExp(`REDIS_UNREACHABLE: Redis at 127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED\\) after [2-9]\\d* attempts`),
    );
    expect(exit.output).not.toContain('hunter2');
    expect(exit.output).not.toMatch(/PixelTales is up/);
    // One warning per attempt (back-off), not one per ioredis reconnect.
    expect(exit.output.split('\n').filter((l) => l.includes('Redis unreachable; retrying')).length).toBeLessThan(10);
  });

  it('waits 10 s by default', async () => {
    const port = await closedPort();
    const exit = await runMain({ PUBSUB: 'redis', REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(exit.code, exit.output).toBe(69);
    expect(exit.ms).toBeGreaterThanOrEqual(10_000);
    expect(exit.ms).toBeLessThan(22_000);
    expect(exit.output).toContain(`Redis at 127.0.0.1:${port} is unreachable`);
  });
});
