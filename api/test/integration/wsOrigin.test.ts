import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { wsRun } from '../support/hardening.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** How the handshake ended: the HTTP status of a refusal, or 'open'. */
function handshake(url: string, headers: Record<string, string>): Promise<{ status: number | 'open'; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 'open', body: '' });
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

describe('WebSocket upgrade checks Origin', () => {
  let server: TestServer;
  let own: string;

  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://partner.example, http://localhost:5173' });
    own = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server?.stop());

  it('refuses a page on another site with HTTP 403 before the upgrade', async () => {
    for (const origin of [
      'https://evil.example',
      'null',
      'http://127.0.0.1:1',
      'https://partner.example.evil.example',
      'https://127.0.0.1:' + server.port,
    ]) {
      const reply = await handshake(server.wsUrl, { origin });
      expect(reply.status, origin).toBe(403);
      expect(reply.body).toContain('FORBIDDEN');
    }
  });

  it('accepts the app’s own origin, the CORS_ORIGINS list, and clients that send no Origin', async () => {
    for (const origin of [own, 'https://partner.example', 'http://localhost:5173']) {
      expect((await handshake(server.wsUrl, { origin })).status, origin).toBe('open');
    }
    expect((await handshake(server.wsUrl, {})).status).toBe('open');
  });

  it('a refused origin cannot run operations; an allowed one can', async () => {
    const run = async (origin: string) => {
      const client = createClient({
        url: server.wsUrl,
        retryAttempts: 0,
        webSocketImpl: class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers: { origin } });
          }
        },
      });
      try {
        return await wsRun(client, '{ scenes { id } }');
      } finally {
        await client.dispose();
      }
    };
    const allowed = await run(own);
    expect(allowed.errors).toEqual([]);
    expect((allowed.data as { scenes: unknown[] }).scenes.length).toBeGreaterThan(0);
    const refused = await run('https://evil.example');
    expect(refused.data).toBeUndefined();
    expect(refused.errors.length).toBeGreaterThan(0);
  });
});

describe('behind a trusted TLS proxy', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: '1' });
  });
  afterAll(() => server?.stop());

  it('takes the scheme from X-Forwarded-Proto, so the public https origin is the app’s own', async () => {
    const host = `stage.example:${server.port}`;
    expect((await handshake(server.wsUrl, { host, origin: `https://${host}`, 'x-forwarded-proto': 'https' })).status).toBe('open');
    expect((await handshake(server.wsUrl, { host, origin: `http://${host}`, 'x-forwarded-proto': 'https' })).status).toBe(403);
  });
});
