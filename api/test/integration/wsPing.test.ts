import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const PING_MS = 400;

/** An acknowledged graphql-ws socket; `autoPong: false` makes a peer that never answers pings. */
async function openSocket(url: string, autoPong: boolean) {
  const ws = new WebSocket(url, 'graphql-transport-ws', { autoPong });
  const pings: number[] = [];
  let closedAt: number | null = null;
  ws.on('ping', () => pings.push(Date.now()));
  ws.on('close', () => (closedAt = Date.now()));
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (m) => {
      if ((m as Buffer).toString().includes('connection_ack')) resolve();
    });
    ws.once('error', reject);
  });
  return { ws, pings, closed: () => closedAt };
}

describe('server pings (WS_PING_INTERVAL_MS)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ WS_PING_INTERVAL_MS: String(PING_MS) });
  });
  afterAll(() => server.stop());

  it('pings every socket about once an interval, spread out, and drops the one that never answers', async () => {
    const live = await Promise.all(Array.from({ length: 40 }, () => openSocket(server.wsUrl, true)));
    const dead = await openSocket(server.wsUrl, false);
    try {
      const t0 = Date.now();
      await waitFor(() => dead.closed() !== null, 6 * PING_MS);
      // Pinged on its first turn (within two intervals: it may join after its round was sized), not
      // answered by its next turn one interval later: dropped within three (four for a busy CI box).
      expect(dead.closed()! - t0).toBeLessThanOrEqual(4 * PING_MS);
      // The server moves on: every live socket is pinged three more times (or closed, which fails below).
      const seen = live.map((socket) => socket.pings.length);
      await waitFor(() => live.every((socket, i) => socket.closed() !== null || socket.pings.length >= seen[i]! + 3), 12 * PING_MS);
      for (const socket of live) {
        expect(socket.closed()).toBeNull();
        // About one ping per interval each (it joined mid-round, hence the slack), never a burst.
        const window = Date.now() - t0;
        expect(socket.pings.length).toBeGreaterThanOrEqual(Math.floor(window / PING_MS) - 2);
        expect(socket.pings.length).toBeLessThanOrEqual(Math.ceil(window / PING_MS) + 1);
      }
      // Spread: the 40 sockets' pings of one round do not all leave at the same instant.
      const firstPings = live.map((s) => s.pings[0]!).sort((a, b) => a - b);
      expect(firstPings.at(-1)! - firstPings[0]!).toBeGreaterThanOrEqual(PING_MS / 4);
    } finally {
      for (const socket of [...live, dead]) socket.ws.terminate();
    }
  });
});
