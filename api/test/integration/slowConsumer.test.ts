import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectNarration } from '../../src/services/moderation.js';
import { waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const QUERY = 'subscription($id: ID!) { sceneEvents(sceneId: $id) { seq ... on NarrationInjected { text } } }';

describe.each(['broadcast', 'stock'])('a subscriber that stops reading (FANOUT=%s)', (fanout) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ FANOUT: fanout, WS_SEND_BUFFER_MAX_BYTES: '65536' });
  });
  afterAll(() => server.stop());

  it('is closed with 1013 once its unsent data passes the cap, and the server stays well', async () => {
    const scene = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[0]!;
    const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      ws.on('message', (data) => {
        if ((data as Buffer).toString().includes('connection_ack')) resolve();
      });
    });
    // Twenty subscriptions to one scene multiply the bytes per event (a dashboard following a scene closely).
    for (let i = 1; i <= 20; i++)
      ws.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query: QUERY, variables: { id: scene.id } } }));
    await waitFor(async () => (await server.container.presence.count(scene.id)) === 20);
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();

    // The kernel's socket buffers take the first megabytes; keep writing until the server's own buffer passes the cap.
    const text = 'x'.repeat(300);
    let sent = 0;
    const metric = async () => {
      const body = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      return Number(/pixeltales_ws_slow_consumers_closed (\d+)/.exec(body)?.[1] ?? 0);
    };
    while ((await metric()) === 0 && sent < 6000) {
      await Promise.all(Array.from({ length: 50 }, () => injectNarration(server.container, scene.id, text)));
      sent += 50;
    }
    expect(await metric()).toBe(1);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect([1013, 1006]).toContain(await closed);
    // Its viewers are gone and the server still answers.
    await waitFor(async () => (await server.container.presence.count(scene.id)) === 0);
    expect((await server.gql<{ scenes: unknown[] }>('{ scenes { id } }')).data!.scenes.length).toBe(4);
  }, 120_000);
});
