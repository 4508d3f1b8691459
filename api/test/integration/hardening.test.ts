import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { aliasQuery, hugeDocument, manyTokens, snapshot, wsRun, type WireError } from '../support/hardening.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const limitOf = (errors: WireError[] | undefined) =>
  (errors ?? []).filter((e) => e.extensions?.code === 'BAD_INPUT').map((e) => e.extensions?.limit);

describe('query limits (HTTP and graphql-ws alike)', () => {
  let server: TestServer;
  let sceneId: string;

  beforeAll(async () => {
    server = await startTestServer();
    sceneId = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[0]!.id;
  });
  afterAll(() => server.stop());

  // Every case: a document within the limit works, one past it is refused with BAD_INPUT and
  // `extensions.limit`, over both transports, and nothing in the database moves.
  const page = (alias: string) => `${alias}: messages(sceneId: $id, first: 100) { edges { cursor node { id content speakerName turn } } }`;
  const cases: { name: string; limit: string; ok: string; bad: string }[] = [
    // No valid query is 50 deep here, so past the limit it is nonsense too; the depth error must still be there.
    {
      name: 'a 50-deep query',
      limit: 'depth',
      ok: '{ scenes { characters { state { id } } } }',
      bad: `{ ${'a { '.repeat(49)}b${' }'.repeat(49)} }`,
    },
    { name: 'a 100-alias query', limit: 'aliases', ok: aliasQuery(15), bad: aliasQuery(100) },
    { name: 'a huge document', limit: 'documentChars', ok: hugeDocument(10_000), bad: hugeDocument(40_000) },
    { name: 'a 1500-token document', limit: 'tokens', ok: manyTokens(400), bad: manyTokens(1500) },
    {
      name: 'an 11-directive query',
      limit: 'directives',
      ok: `{ scenes { ${'id @include(if: true) '.repeat(10)}} }`,
      bad: `{ scenes { ${'id @include(if: true) '.repeat(11)}} }`,
    },
    {
      name: 'a query costing over 5000',
      limit: 'cost',
      ok: `query($id: ID!) { ${page('a')} }`,
      bad: `query($id: ID!) { ${page('a')} ${page('b')} ${page('c')} }`,
    },
  ];
  const vars = () => ({ id: sceneId });

  for (const c of cases) {
    it(`refuses ${c.name} over HTTP`, async () => {
      const before = await snapshot(server);
      const ok = await server.gql(c.ok, vars());
      expect(ok.errors).toBeUndefined();
      const bad = await server.gql(c.bad, vars());
      expect(bad.data ?? null).toBeNull();
      expect(limitOf(bad.errors)).toContain(c.limit);
      expect((bad.errors as WireError[]).find((e) => e.extensions?.limit)!.message).toMatch(/limit|too long/i);
      expect(await snapshot(server)).toBe(before);
    });

    it(`refuses ${c.name} over graphql-ws`, async () => {
      const before = await snapshot(server);
      const client = server.wsClient();
      const ok = await wsRun(client, c.ok, vars());
      expect(ok.errors).toEqual([]);
      const bad = await wsRun(client, c.bad, vars());
      expect(limitOf(bad.errors)).toContain(c.limit);
      // The socket is still usable afterwards.
      expect((await wsRun(client, '{ __typename }')).errors).toEqual([]);
      expect(await snapshot(server)).toBe(before);
    });
  }

  it('refuses a subscription past the alias limit over graphql-ws', async () => {
    const sub = `subscription($id: ID!) { sceneEvents(sceneId: $id) { seq ${aliasQuery(20).slice(1, -1)} } }`;
    const bad = await wsRun(server.wsClient(), sub, { id: 'any' });
    expect(limitOf(bad.errors)).toContain('aliases');
  });

  it('still serves the full introspection query (dashboards and GraphiQL need it)', async () => {
    const res = await server.gql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    expect(res.data!.__schema.types.length).toBeGreaterThan(10);
  });
});

describe('subscriptions per socket', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('accepts 20 of 100 subscriptions on one socket and keeps the socket usable', async () => {
    const scenes = await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }');
    const sceneId = scenes.data!.scenes[0]!.id;
    const client = server.wsClient();
    const refused: WireError[] = [];
    const events = new Set<number>();
    const disposers = Array.from({ length: 100 }, (_, i) =>
      client.subscribe(
        { query: 'subscription($id: ID!) { sceneEvents(sceneId: $id) { seq } }', variables: { id: sceneId } },
        {
          next: () => events.add(i),
          error: (err) => refused.push(...(err as WireError[])),
          complete: () => undefined,
        },
      ),
    );
    await waitUntil(() => refused.length >= 80);
    await new Promise((r) => setTimeout(r, 200));
    expect(refused).toHaveLength(80);
    expect(new Set(refused.map((e) => e.extensions?.code))).toEqual(new Set(['RATE_LIMITED']));
    expect(refused[0]!.message).toMatch(/At most 20/);
    // The 20 accepted ones are live.
    await waitUntil(() => events.size > 0);
    expect([...events].every((i) => i < 20)).toBe(true);
    // Full socket: one more is refused; after completing one, the socket takes new work.
    expect((await wsRun(client, '{ __typename }')).errors[0]?.extensions?.code).toBe('RATE_LIMITED');
    disposers[0]!();
    await new Promise((r) => setTimeout(r, 50));
    expect(await wsRun(client, '{ __typename }')).toEqual({ data: { __typename: 'Query' }, errors: [] });
    disposers.forEach((d) => d());
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
