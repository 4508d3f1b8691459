import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SceneEntity } from '../../src/adapters/db/entities.js';
import { collect, waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * The server's graphql-transport-ws (http/ws/transport.ts) against graphql-ws's own client and
 * the protocol's rules, message by message on a bare socket.
 */

/** A bare socket: everything the server wrote, and how it closed. */
async function bare(url: string) {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const messages: { id?: string; type: string; payload?: unknown }[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (m) => messages.push(JSON.parse((m as Buffer).toString())));
  ws.on('close', (code, reason) => (closed = { code, reason: String(reason) }));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const send = (message: object) => ws.send(JSON.stringify(message));
  return {
    ws,
    send,
    messages,
    closed: () => closed,
    of: (id: string) => messages.filter((m) => m.id === id),
    async init() {
      send({ type: 'connection_init' });
      await waitFor(() => messages.some((m) => m.type === 'connection_ack'), 10_000, 5);
    },
  };
}

describe('graphql-transport-ws, as the protocol defines it', () => {
  let server: TestServer;
  let sceneId: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    server = await startTestServer({ RUN_WITHOUT_VIEWERS: 'true', WS_MAX_SUBSCRIPTIONS: '2' });
    sceneId = (await server.container.orm.em.fork().find(SceneEntity, {}, { limit: 1 }))[0]!.id;
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server?.stop();
  });

  it("graphql-ws's client: acknowledged, pings answered, a query and a subscription served", async () => {
    const pongs: unknown[] = [];
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      keepAlive: 50,
      on: { pong: (received, payload) => void (received && pongs.push(payload ?? null)) },
    });
    clients.push(client);
    const { items } = await collect<{ sceneEvents: { seq: number } }>(
      client,
      'subscription ($s: ID!) { sceneEvents(sceneId: $s, afterSeq: 0) { seq } }',
      { s: sceneId },
      (got) => got.length >= 3,
    );
    expect(items.map((i) => i.sceneEvents.seq)).toEqual([1, 2, 3]);
    const query = await client.iterate<{ __typename: string }>({ query: '{ __typename }' }).next();
    expect(query.value?.data?.__typename).toBe('Query');
    await waitFor(() => pongs.length > 0, 10_000, 10);
  });

  it('answers ping with pong, echoing the payload', async () => {
    const peer = await bare(server.wsUrl);
    await peer.init();
    peer.send({ type: 'ping' });
    peer.send({ type: 'ping', payload: { n: 1 } });
    peer.send({ type: 'pong' });
    await waitFor(() => peer.messages.filter((m) => m.type === 'pong').length === 2, 10_000, 5);
    expect(peer.messages.slice(1)).toEqual([{ type: 'pong' }, { type: 'pong', payload: { n: 1 } }]);
    peer.ws.close();
  });

  for (const type of ['next', 'error', 'connection_ack']) {
    it(`closes 4400 on a "${type}" message, which only the server may send`, async () => {
      const peer = await bare(server.wsUrl);
      await peer.init();
      const message = type === 'connection_ack' ? { type } : { id: '1', type, payload: type === 'next' ? {} : [{ message: 'x' }] };
      peer.send(message);
      await waitFor(() => peer.closed() !== null, 10_000, 5);
      expect(peer.closed()).toEqual({ code: 4400, reason: `Unexpected message of type ${type} received` });
    });
  }

  it('ends an operation with one error message (no complete), and keeps the socket', async () => {
    const peer = await bare(server.wsUrl);
    await peer.init();
    peer.send({ id: 'v', type: 'subscribe', payload: { query: '{ nope }' } });
    peer.send({ id: 'u', type: 'subscribe', payload: { query: 'query A { __typename } query B { __typename }' } });
    await waitFor(() => peer.of('v').length > 0 && peer.of('u').length > 0, 10_000, 5);
    expect(peer.of('v').map((m) => m.type)).toEqual(['error']);
    expect(peer.of('u')).toEqual([{ id: 'u', type: 'error', payload: [{ message: 'Unable to identify operation' }] }]);
    // The id is free again: a subscribe under it runs.
    peer.send({ id: 'v', type: 'subscribe', payload: { query: '{ __typename }' } });
    await waitFor(() => peer.of('v').length === 3, 10_000, 5);
    expect(
      peer
        .of('v')
        .slice(1)
        .map((m) => m.type),
    ).toEqual(['next', 'complete']);
    expect(peer.closed()).toBeNull();
    peer.ws.close();
  });

  it('ignores complete for an id it does not know; a completed subscription gets nothing more', async () => {
    const peer = await bare(server.wsUrl);
    await peer.init();
    peer.send({ id: 'nobody', type: 'complete' });
    peer.send({
      id: 's',
      type: 'subscribe',
      payload: { query: `subscription { sceneEvents(sceneId: "${sceneId}", afterSeq: 0) { seq } }` },
    });
    await waitFor(() => peer.of('s').length >= 2, 10_000, 5);
    peer.send({ id: 's', type: 'complete' });
    // A ping's pong after the complete marks the point past which nothing for `s` may come.
    peer.send({ type: 'ping', payload: { mark: 1 } });
    await waitFor(() => peer.messages.some((m) => m.type === 'pong'), 10_000, 5);
    const upToPong = peer.messages.findIndex((m) => m.type === 'pong');
    const seen = peer.of('s').length;
    // Another subscription on the same scene proves events kept flowing meanwhile.
    peer.send({
      id: 't',
      type: 'subscribe',
      payload: { query: `subscription { sceneEvents(sceneId: "${sceneId}", afterSeq: 0) { seq } }` },
    });
    await waitFor(() => peer.of('t').length > seen + 2, 20_000, 5);
    expect(peer.of('s').length).toBe(seen);
    expect(peer.messages.slice(upToPong).some((m) => m.id === 's')).toBe(false);
    expect(peer.closed()).toBeNull();
    peer.ws.close();
  });

  it('closes 4409 on a subscribe under an id in use', async () => {
    const peer = await bare(server.wsUrl);
    await peer.init();
    const payload = { query: `subscription { sceneEvents(sceneId: "${sceneId}") { seq } }` };
    peer.send({ id: 'same', type: 'subscribe', payload });
    peer.send({ id: 'same', type: 'subscribe', payload });
    await waitFor(() => peer.closed() !== null, 10_000, 5);
    expect(peer.closed()).toEqual({ code: 4409, reason: 'Subscriber for same already exists' });
  });

  it('answers past WS_MAX_SUBSCRIPTIONS with RATE_LIMITED, and a completed one frees its slot', async () => {
    const peer = await bare(server.wsUrl);
    await peer.init();
    const payload = { query: `subscription { sceneEvents(sceneId: "${sceneId}") { seq } }` };
    for (const id of ['a', 'b', 'c']) peer.send({ id, type: 'subscribe', payload });
    await waitFor(() => peer.of('c').length > 0, 10_000, 5);
    expect(peer.of('c')[0]).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'RATE_LIMITED' } }] });
    peer.send({ id: 'a', type: 'complete' });
    peer.send({ id: 'd', type: 'subscribe', payload: { query: '{ __typename }' } });
    await waitFor(() => peer.of('d').length === 2, 10_000, 5);
    expect(peer.of('d').map((m) => m.type)).toEqual(['next', 'complete']);
    peer.ws.close();
  });

  it('a query completed before it answered sends nothing, and the id can be used again at once', async () => {
    const peer = await bare(server.wsUrl);
    await peer.init();
    peer.send({ id: 'q', type: 'subscribe', payload: { query: '{ scenes { id } }' } });
    peer.send({ id: 'q', type: 'complete' });
    peer.send({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } });
    await waitFor(() => peer.of('q').some((m) => m.type === 'complete'), 10_000, 5);
    peer.send({ type: 'ping' });
    await waitFor(() => peer.messages.some((m) => m.type === 'pong'), 10_000, 5);
    expect(peer.of('q')).toEqual([
      { id: 'q', type: 'next', payload: { data: { __typename: 'Query' } } },
      { id: 'q', type: 'complete' },
    ]);
    peer.ws.close();
  });
});
