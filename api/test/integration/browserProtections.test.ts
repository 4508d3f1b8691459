import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../src/http/securityHeaders.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** A built web app in miniature: index.html and one hashed asset. */
function webDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1);');
  return dir;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request with any Host header (fetch would not send a Host of our choosing). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const postQuery = (port: number, headers: Record<string, string> = {}) =>
  get(port, '/graphql', { 'content-type': 'application/json', ...headers }, 'POST', JSON.stringify({ query: '{ scenes { id } }' }));

/** How a WebSocket handshake to /graphql ended: 'open' or the refusal's status. */
function handshake(port: number, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws', { headers });
    socket.once('open', () => (socket.close(), resolve('open')));
    socket.once('unexpected-response', (_req, res) => (res.resume(), resolve(res.statusCode ?? 0)));
    socket.once('error', reject);
  });
}

describe('browser protections', () => {
  const servers: TestServer[] = [];
  const dist = webDist();
  const start = async (env: Record<string, string>) => {
    const s = await startTestServer({ SERVE_WEB: 'true', WEB_DIST: dist, ...env });
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  describe('security headers', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await start({ NODE_ENV: 'production' });
    });

    it('on the web app, its assets, /graphql, /healthz and a 404 alike', async () => {
      const replies = {
        index: await get(server.port, '/'),
        route: await get(server.port, '/stats'),
        asset: await get(server.port, '/assets/index-abc.js'),
        graphql: await postQuery(server.port),
        healthz: await get(server.port, '/healthz'),
        missing: await get(server.port, '/assets/nope.js'),
      };
      expect(replies.index.body).toContain('index-abc.js');
      expect(replies.graphql.body).toContain('"scenes"');
      for (const [name, reply] of Object.entries(replies)) {
        expect(reply.headers['content-security-policy'], name).toBe(CONTENT_SECURITY_POLICY);
        expect(reply.headers['x-frame-options'], name).toBe('DENY');
        expect(reply.headers['x-content-type-options'], name).toBe('nosniff');
        expect(reply.headers['referrer-policy'], name).toBe('no-referrer');
        // No TLS configured: no HSTS.
        expect(reply.headers['strict-transport-security'], name).toBeUndefined();
      }
    });

    it('a CSP with no inline script, no eval and no framing', () => {
      const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    });

    it('HSTS when every PUBLIC_ORIGINS entry is https, or HSTS=true', async () => {
      const tls = await start({ NODE_ENV: 'production', PUBLIC_ORIGINS: 'https://stage.example' });
      const reply = await get(tls.port, '/', { host: 'stage.example' });
      expect(reply.status).toBe(200);
      expect(reply.headers['strict-transport-security']).toBe('max-age=31536000');
      const forced = await start({ NODE_ENV: 'production', HSTS: 'true' });
      expect((await get(forced.port, '/healthz')).headers['strict-transport-security']).toBe('max-age=31536000');
    });

    it('GraphiQL (development) keeps frame protection but not the app policy: it loads its editor from a CDN', async () => {
      const dev = await start({ NODE_ENV: 'development' });
      const page = await get(dev.port, '/graphql', { accept: 'text/html' });
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['content-security-policy']).toBe("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect((await postQuery(dev.port)).headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    });
  });

  describe('Host check (DNS rebinding)', () => {
    it('production with PUBLIC_ORIGINS: another Host gets 421 over HTTP and at the WebSocket upgrade', async () => {
      const server = await start({ NODE_ENV: 'production', PUBLIC_ORIGINS: 'https://stage.example,http://stage.example:8080' });
      for (const host of ['stage.example', 'STAGE.example:443', 'stage.example:8080']) {
        expect((await get(server.port, '/', { host })).status, host).toBe(200);
        expect((await postQuery(server.port, { host })).status, host).toBe(200);
      }
      for (const host of ['evil.example', `127.0.0.1:${server.port}`, 'stage.example:9999', 'stage.example.evil.example']) {
        const page = await get(server.port, '/', { host });
        expect(page.status, host).toBe(421);
        expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
        expect((await postQuery(server.port, { host })).status, host).toBe(421);
        // The rebinding page's Origin equals its Host, which the old check let through.
        expect(await handshake(server.port, { host, origin: `http://${host}` }), host).toBe(421);
      }
      // Probes and scrapers ask by address.
      expect((await get(server.port, '/healthz', { host: '10.0.0.7:4000' })).status).toBe(200);
      expect((await get(server.port, '/readyz', { host: '10.0.0.7:4000' })).status).toBe(200);
    });

    it('production with PUBLIC_ORIGINS: the WebSocket Origin must be a public origin (or CORS_ORIGINS), not merely the Host', async () => {
      const server = await start({
        NODE_ENV: 'production',
        PUBLIC_ORIGINS: 'https://stage.example',
        CORS_ORIGINS: 'https://dash.example',
      });
      const host = 'stage.example';
      expect(await handshake(server.port, { host, origin: 'https://stage.example' })).toBe('open');
      expect(await handshake(server.port, { host, origin: 'https://dash.example' })).toBe('open');
      expect(await handshake(server.port, { host })).toBe('open');
      // Same as the Host, but not the configured scheme: refused.
      expect(await handshake(server.port, { host, origin: 'http://stage.example' })).toBe(403);
      expect(await handshake(server.port, { host, origin: 'https://evil.example' })).toBe(403);
    });

    it('production without PUBLIC_ORIGINS (a local try) serves localhost names only', async () => {
      const server = await start({ NODE_ENV: 'production' });
      for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`, 'localhost']) {
        expect((await get(server.port, '/', { host })).status, host).toBe(200);
        expect(await handshake(server.port, { host, origin: `http://${host}` }), host).toBe('open');
      }
      expect((await get(server.port, '/', { host: 'evil.example' })).status).toBe(421);
      expect(await handshake(server.port, { host: 'evil.example', origin: 'http://evil.example' })).toBe(421);
      expect(await handshake(server.port, { host: `localhost:${server.port}`, origin: 'http://evil.example' })).toBe(403);
    });

    it('development without PUBLIC_ORIGINS checks no Host (any name may reach a dev server by design)', async () => {
      const server = await start({ NODE_ENV: 'development' });
      expect((await get(server.port, '/', { host: 'my-laptop.lan:4000' })).status).toBe(200);
      expect(await handshake(server.port, { host: 'my-laptop.lan:4000', origin: 'http://my-laptop.lan:4000' })).toBe('open');
    });
  });
});
