import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createContainer } from '../../src/container.js';
import { exposureSummary } from '../../src/http/metricsAccess.js';
import { buildWorkerStatusServer } from '../../src/http/workerStatus.js';
import { FAST_ENV, startTestServer, type TestServer } from '../support/testServer.js';

/** Safe defaults: what a production server exposes unless the operator turns it on. */
const ROOT = resolve(import.meta.dirname, '../../..');
const TOKEN = 'metrics-token-0123456789';
/** Production needs a viewer secret (the api role); the rest of its defaults are what these tests check. */
const PRODUCTION = { NODE_ENV: 'production', VIEWER_SECRET: 'viewer-secret-for-production-tests-0123' } as const;
const INTROSPECT = JSON.stringify({ query: '{ __schema { queryType { name } } }' });

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

const base = (s: TestServer) => `http://127.0.0.1:${s.port}`;
const graphiql = (s: TestServer) => fetch(`${base(s)}/graphql`, { headers: { accept: 'text/html' } });
const introspect = async (s: TestServer) => {
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: INTROSPECT });
  return (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
};
const metrics = (url: string, token?: string) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('production defaults', () => {
  const servers: TestServer[] = [];
  const start = async (env: Record<string, string>) => {
    const s = await startTestServer(env);
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it('production: no GraphiQL, no introspection, no /metrics; health checks open and plain', async () => {
    const s = await start({ ...PRODUCTION });
    expect((await graphiql(s)).headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    const result = await introspect(s);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await metrics(`${base(s)}/metrics`)).status).toBe(404);
    const health = await fetch(`${base(s)}/healthz`);
    const ready = await fetch(`${base(s)}/readyz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    expect([ready.status, await ready.text()]).toEqual([200, 'ready']);
    // Nothing about the deployment (versions, hosts, paths) in their headers either.
    for (const res of [health, ready]) expect([...res.headers.keys()].filter((k) => /server|powered|version/i.test(k))).toEqual([]);
    // An ordinary query still works.
    expect(((await s.gql<{ scenes: unknown[] }>('{ scenes { id } }')).data?.scenes.length ?? 0) > 0).toBe(true);
  });

  it('development keeps GraphiQL, introspection and public /metrics', async () => {
    const s = await start({ NODE_ENV: 'development' });
    expect((await graphiql(s)).headers.get('content-type')).toMatch(/text\/html/);
    expect((await introspect(s)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await metrics(`${base(s)}/metrics`)).status).toBe(200);
  });

  it('production with GRAPHIQL=true and INTROSPECTION=true turns both on', async () => {
    const s = await start({ ...PRODUCTION, GRAPHIQL: 'true', INTROSPECTION: 'true' });
    expect((await graphiql(s)).headers.get('content-type')).toMatch(/text\/html/);
    expect((await introspect(s)).errors).toBeUndefined();
  });

  it('METRICS_TOKEN: /metrics needs the bearer token', async () => {
    const s = await start({ ...PRODUCTION, METRICS_TOKEN: TOKEN });
    const url = `${base(s)}/metrics`;
    const anonymous = await metrics(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anonymous.text()).not.toMatch(/pixeltales_/);
    expect((await metrics(url, `${TOKEN}x`)).status).toBe(401);
    const ok = await metrics(url, TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/pixeltales_http_requests_total/);
  });

  it('METRICS_PORT: metrics on their own port only', async () => {
    const port = await freePort();
    const s = await start({ ...PRODUCTION, METRICS_PORT: String(port) });
    expect((await metrics(`${base(s)}/metrics`)).status).toBe(404);
    const own = await metrics(`http://127.0.0.1:${port}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toMatch(/pixeltales_graphql_operations_total/);
    expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
  });

  it('a worker-only status server follows the same rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pixeltales-wstatus-'));
    for (const [env, anonymous, withToken] of [
      [{ ...PRODUCTION }, 404, 404],
      [{ ...PRODUCTION, METRICS_TOKEN: TOKEN }, 401, 200],
      [{ NODE_ENV: 'development' }, 200, 200],
    ] as const) {
      const config = loadConfig({ ...FAST_ENV, ...env, DATABASE_URL: `sqlite:${join(dir, 'w.db')}` });
      const container = await createContainer(config, { logger: pino({ level: 'silent' }) });
      const status = buildWorkerStatusServer(container);
      const url = `http://127.0.0.1:${await status.start(0, '127.0.0.1')}`;
      try {
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        expect([(await metrics(`${url}/metrics`)).status, (await metrics(`${url}/metrics`, TOKEN)).status], env.NODE_ENV).toEqual([
          anonymous,
          withToken,
        ]);
      } finally {
        await status.stop();
        await container.stop();
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('configuration of what is exposed', () => {
  it('defaults follow NODE_ENV; METRICS_PORT must differ from PORT; tokens are short-checked', () => {
    const prod = loadConfig({ ...PRODUCTION });
    expect([prod.http.graphiql, prod.http.introspection, prod.hardening.metricsAccess.mode]).toEqual([false, false, 'off']);
    const dev = loadConfig({});
    expect([dev.http.graphiql, dev.http.introspection, dev.hardening.metricsAccess.mode]).toEqual([true, true, 'public']);
    expect(loadConfig({ ...PRODUCTION, METRICS: 'false', METRICS_TOKEN: TOKEN }).hardening.metricsAccess.mode).toBe('off');
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/at least 16/);
  });

  it('the summary names what is reachable and never a token', () => {
    const config = loadConfig({ ...PRODUCTION, METRICS_TOKEN: TOKEN, CORS_ORIGINS: 'https://a.example', TRUST_PROXY: '2' });
    const summary = exposureSummary(config);
    expect(summary).toEqual({
      graphiql: false,
      introspection: false,
      metrics: 'bearer token on /metrics',
      corsOrigins: ['https://a.example'],
      trustedProxyHops: 2,
    });
    expect(JSON.stringify(summary)).not.toContain(TOKEN);
  });

  it('the real process prints one "exposed" line at start', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pixeltales-exposed-'));
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'api/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...PRODUCTION,
        PORT: String(port),
        HOST: '127.0.0.1',
        SERVE_WEB: 'false',
        LOG_LEVEL: 'info',
        METRICS_TOKEN: TOKEN,
        DATABASE_URL: `sqlite:${join(dir, 'e.db')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    try {
      const deadline = Date.now() + 45_000;
      while (!out.includes('"msg":"exposed"')) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no exposed line:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
    const lines = out.split('\n').filter((l) => l.includes('"msg":"exposed"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      env: 'production',
      graphiql: false,
      introspection: false,
      metrics: 'bearer token on /metrics',
      corsOrigins: [],
      trustedProxyHops: 0,
    });
    expect(out).not.toContain(TOKEN);
  });
});
