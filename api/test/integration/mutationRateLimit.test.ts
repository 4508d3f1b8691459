import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { wsRun, type WireError } from '../support/hardening.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const TOKEN = 'moderator-token-for-rate-limits';
const NARRATE = 'mutation($id: ID!) { injectNarration(input: { sceneId: $id, text: "Thunder rolls." }) { id lastSeq } }';
const LAST_SEQ = 'query($id: ID!) { scene(id: $id) { lastSeq } }';

describe('mutation rate limit (per client id and per IP, HTTP and graphql-ws)', () => {
  let server: TestServer;
  let sceneId: string;

  const post = async (clientId: string | null, query = NARRATE) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
        ...(clientId ? { 'x-client-id': clientId } : {}),
      },
      body: JSON.stringify({ query, variables: { id: sceneId } }),
    });
    return (await res.json()) as { data?: unknown; errors?: WireError[] };
  };
  const lastSeq = async () => (await server.gql<{ scene: { lastSeq: number } }>(LAST_SEQ, { id: sceneId })).data!.scene.lastSeq;
  const ws = (clientId: string) => {
    return createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${TOKEN}`, clientId },
    });
  };

  beforeAll(async () => {
    server = await startTestServer({
      MODERATOR_TOKENS: TOKEN,
      MUTATION_RATE_MAX: '5',
      MUTATION_RATE_IP_MAX: '12',
      MUTATION_RATE_WINDOW_MS: '60000',
    });
    sceneId = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[0]!.id;
  });
  afterAll(() => server.stop());

  it('allows MUTATION_RATE_MAX per client, then RATE_LIMITED with retryAfterMs, and the mutation does not run', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await post('client-aaaaaaaa'));
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const before = await lastSeq();
    const refused = await post('client-aaaaaaaa');
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(50_000);
    expect(refused.errors![0]!.message).toMatch(/try again in \d+ s/);
    // The same client over graphql-ws shares the count.
    const socket = ws('client-aaaaaaaa');
    const overWs = await wsRun(socket, NARRATE, { id: sceneId });
    expect(overWs.errors[0]?.extensions?.code).toBe('RATE_LIMITED');
    await socket.dispose();
    // Queries are never limited.
    expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect(await lastSeq()).toBe(before);
  });

  it('another client id has its own count, but the IP count stops id rotation', async () => {
    // 5 used above; 7 more from fresh ids fit under MUTATION_RATE_IP_MAX=12.
    const fresh = [
      'client-bbbbbbbb',
      'client-cccccccc',
      'client-dddddddd',
      'client-eeeeeeee',
      'client-ffffffff',
      'client-gggggggg',
      'client-hhhhhhhh',
    ];
    const socket = ws('client-bbbbbbbb');
    expect((await wsRun(socket, NARRATE, { id: sceneId })).errors).toEqual([]);
    await socket.dispose();
    for (const id of fresh.slice(1)) expect((await post(id)).errors).toBeUndefined();
    const before = await lastSeq();
    const rotated = await post('client-iiiiiiii');
    expect(rotated.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    const anonymous = await post(null);
    expect(anonymous.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    expect(await lastSeq()).toBe(before);
  });
});
