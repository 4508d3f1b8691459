import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { wsRun } from '../support/hardening.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** Open a raw socket, run `script` once it is open, resolve with the close code (or 'open' if still open after `waitMs`). */
function rawSocket(
  url: string,
  script: (ws: WebSocket) => void,
  { protocol = 'graphql-transport-ws', waitMs = 2_000 }: { protocol?: string | null; waitMs?: number } = {},
): Promise<{ code: number | 'open'; messages: string[] }> {
  return new Promise((resolve) => {
    const ws = protocol === null ? new WebSocket(url) : new WebSocket(url, protocol);
    const messages: string[] = [];
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ code: 'open', messages });
    }, waitMs);
    ws.on('message', (m) => messages.push((m as Buffer).toString()));
    ws.on('error', () => undefined);
    ws.on('open', () => script(ws));
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, messages });
    });
  });
}

const init = (ws: WebSocket) => ws.send(JSON.stringify({ type: 'connection_init' }));

describe('garbage on the socket never takes the server down', () => {
  let server: TestServer;
  const alive = async () => {
    const res = await server.gql<{ scenes: unknown[] }>('{ scenes { id } }');
    expect(res.data?.scenes.length).toBeGreaterThan(0);
    expect((await wsRun(server.wsClient(), '{ __typename }')).errors).toEqual([]);
  };

  beforeAll(async () => {
    server = await startTestServer({ WS_INIT_TIMEOUT_MS: '300', WS_MAX_PAYLOAD_BYTES: '4096' });
  });
  afterAll(() => server.stop());

  const cases: { name: string; script: (ws: WebSocket) => void; code: number; protocol?: string | null }[] = [
    { name: 'non-JSON text', script: (ws) => ws.send('}{ not json'), code: 4400 },
    { name: 'JSON of the wrong shape', script: (ws) => ws.send('[1,2,3]'), code: 4400 },
    { name: 'an unknown message type', script: (ws) => ws.send(JSON.stringify({ type: 'hello' })), code: 4400 },
    { name: 'a binary frame', script: (ws) => ws.send(Buffer.from([0, 255, 1, 254])), code: 4400 },
    {
      name: 'subscribe before connection_init',
      script: (ws) => ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } })),
      code: 4401,
    },
    {
      name: 'subscribe with wrong types after init',
      script: (ws) => {
        init(ws);
        ws.send(JSON.stringify({ id: 5, type: 'subscribe', payload: { query: 42, variables: 'x' } }));
      },
      code: 4400,
    },
    {
      name: 'two connection_init messages',
      script: (ws) => {
        init(ws);
        init(ws);
      },
      code: 4429,
    },
    { name: 'a frame over WS_MAX_PAYLOAD_BYTES', script: (ws) => ws.send('x'.repeat(64 * 1024)), code: 1009 },
    { name: 'nothing at all (init timeout)', script: () => undefined, code: 4408 },
    { name: 'no subprotocol', script: () => undefined, code: 4406, protocol: null },
  ];

  for (const c of cases) {
    it(`closes the socket on ${c.name} and keeps serving`, async () => {
      const { code } = await rawSocket(server.wsUrl, c.script, { protocol: c.protocol });
      expect(code).toBe(c.code);
      await alive();
    });
  }

  it('answers a bad operation with an error and keeps the socket open', async () => {
    const afterAck = (ws: WebSocket) => {
      ws.send(JSON.stringify({ id: 'a', type: 'subscribe', payload: { query: '{ nope' } }));
      ws.send(JSON.stringify({ id: 'b', type: 'subscribe', payload: { query: '{ __typename }', variables: { x: [1, { y: null }] } } }));
      ws.send(JSON.stringify({ id: 'c', type: 'complete' }));
      ws.send(JSON.stringify({ type: 'ping' }));
    };
    const { code, messages } = await rawSocket(
      server.wsUrl,
      (ws) => {
        ws.once('message', () => afterAck(ws));
        init(ws);
      },
      { waitMs: 500 },
    );
    expect(code).toBe('open');
    const parsed = messages.map((m) => JSON.parse(m) as { type: string; id?: string });
    expect(parsed[0]?.type).toBe('connection_ack');
    expect(parsed.find((m) => m.id === 'a')?.type).toBe('error');
    expect(parsed.some((m) => m.id === 'b' && m.type === 'next')).toBe(true);
    expect(parsed.some((m) => m.type === 'pong')).toBe(true);
    await alive();
  });

  it('survives a flood of sockets that connect and vanish', async () => {
    await Promise.all(
      Array.from({ length: 30 }, () =>
        rawSocket(server.wsUrl, (ws) => {
          init(ws);
          ws.terminate();
        }),
      ),
    );
    await alive();
  });

  it('refuses an upgrade on another path without crashing', async () => {
    const { code } = await rawSocket(`ws://127.0.0.1:${server.port}/elsewhere`, () => undefined, { waitMs: 1_000 });
    expect(code).not.toBe('open');
    await alive();
  });
});
