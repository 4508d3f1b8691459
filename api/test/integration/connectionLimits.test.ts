import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Socket floods: one address may hold at most WS_MAX_PER_ADDRESS WebSockets per replica (more
 * are refused with 429 before the handshake, and counted), and a TCP connection that never sends
 * a byte, or stalls mid-request, is closed after HTTP_IDLE_TIMEOUT_MS.
 */

type Outcome = { ws: WebSocket; status: number; body: string };

/** Open a WebSocket and report how the upgrade ended: 101, or the refusal's status and body. */
function open(url: string): Promise<Outcome> {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, status: 101, body: '' }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ ws, status: res.statusCode ?? 0, body }));
    });
  });
}

const closeAll = async (outcomes: Outcome[]) => {
  await Promise.all(
    outcomes
      .filter((o) => o.status === 101)
      .map(
        (o) =>
          new Promise<void>((resolve) =>
            o.ws.readyState === WebSocket.CLOSED ? resolve() : (o.ws.once('close', () => resolve()), o.ws.close()),
          ),
      ),
  );
};

const metric = async (server: TestServer, name: string) => {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
};

describe('WebSocket connections per address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ WS_INIT_TIMEOUT_MS: '60000' });
  });
  afterAll(() => server.stop());

  it('accepts the default 64 from one address and refuses the rest with 429 before the handshake', async () => {
    const outcomes = await Promise.all(Array.from({ length: 90 }, () => open(server.wsUrl)));
    try {
      expect(outcomes.filter((o) => o.status === 101)).toHaveLength(64);
      const refused = outcomes.filter((o) => o.status !== 101);
      expect(refused).toHaveLength(26);
      for (const r of refused) {
        expect(r.status).toBe(429);
        expect(r.body).toMatch(/^RATE_LIMITED: at most 64 WebSocket connections per address/);
      }
      expect(await metric(server, 'pixeltales_ws_refused_per_address')).toBe(26);
      expect(await metric(server, 'pixeltales_ws_connections')).toBe(64);
    } finally {
      await closeAll(outcomes);
    }
    // Closed sockets give their places back.
    await waitFor(async () => (await metric(server, 'pixeltales_ws_connections')) === 0, 5_000);
    const again = await Promise.all(Array.from({ length: 64 }, () => open(server.wsUrl)));
    expect(again.every((o) => o.status === 101)).toBe(true);
    await closeAll(again);
  });

  it('counts the forwarded address behind a trusted proxy, not the proxy', async () => {
    const behind = await startTestServer({ WS_MAX_PER_ADDRESS: '2', TRUST_PROXY: '1' });
    try {
      const from = (ip: string) => {
        const ws = new WebSocket(behind.wsUrl, 'graphql-transport-ws', { headers: { 'x-forwarded-for': ip } });
        ws.on('error', () => {});
        return new Promise<Outcome>((resolve) => {
          ws.once('open', () => resolve({ ws, status: 101, body: '' }));
          ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode ?? 0, body: '' }));
        });
      };
      const outcomes = [
        await from('203.0.113.7'),
        await from('203.0.113.7'),
        await from('203.0.113.7'),
        await from('203.0.113.8'),
        await from('2001:db8:1:2::1'),
        await from('2001:db8:1:2::99'),
        await from('2001:db8:1:2:ffff::5'),
      ];
      expect(outcomes.map((o) => o.status)).toEqual([101, 101, 429, 101, 101, 101, 429]);
      await closeAll(outcomes);
    } finally {
      await behind.stop();
    }
  });
});

describe('silent connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HTTP_IDLE_TIMEOUT_MS: '1000', WS_INIT_TIMEOUT_MS: '600' });
  });
  afterAll(() => server.stop());

  const tcp = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
      // Read whatever the server answers, so its FIN is seen.
      socket.resume();
    });
  const closedWithin = (socket: Socket, ms: number) =>
    new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
    });

  it('closes a TCP connection that never sends a byte', async () => {
    const socket = await tcp();
    const ms = await closedWithin(socket, 4_000);
    expect(ms).toBeGreaterThanOrEqual(800);
  });

  it('closes a connection that sends part of a request and stalls, or drips it slowly', async () => {
    const stalled = await tcp();
    stalled.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const dripping = await tcp();
    dripping.write('GET /healthz HTTP/1.1\r\n');
    const drip = setInterval(() => dripping.writable && dripping.write('X-A: b\r\n'), 300);
    try {
      await Promise.all([closedWithin(stalled, 4_000), closedWithin(dripping, 4_000)]);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes an upgraded WebSocket that never sends connection_init (4408), but not a quiet acknowledged one', async () => {
    const silent = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    expect(await closed).toBe(4408);

    const client = server.wsClient();
    let acked = false;
    let closedCode: number | null = null;
    client.on('connected', () => (acked = true));
    client.on('closed', (event) => (closedCode = (event as { code: number }).code));
    // A subscription keeps the lazy client's socket open; nothing is published on it.
    const sub = client.iterate({ query: 'subscription { proposalChanged { id } }' });
    void sub.next();
    await waitFor(() => acked, 5_000);
    // Past both timeouts without a byte from the client: the socket is no longer plain HTTP.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(closedCode).toBeNull();
    await sub.return?.();
  });

  it('defaults close silent connections within 30 s', () => {
    const { hardening } = loadConfig({ NODE_ENV: 'production' });
    expect(hardening.idleTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(hardening.ws.initTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(hardening.ws.maxPerAddress).toBe(64);
  });
});
