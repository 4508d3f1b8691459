import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { collect } from '../support/collect.js';
import { wsRun, type WireError } from '../support/hardening.js';
import { captureLogs } from '../support/logCapture.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** Issue 20: anonymous reads have a per-address budget per window, and wide reads cost more of it. */
const MOD = 'moderator-token-for-read-limits';
const MINUTE = 60_000;
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const USAGE = 'query($since: Timestamp!, $until: Timestamp!) { usage(bucket: MINUTE, since: $since, until: $until) { buckets { turns } } }';
/** 10,000 MINUTE buckets: 1 + 10,000 / 500 = 21 units. */
const WIDE = { since: now - 10_000 * MINUTE, until: now };
type Gql = { data?: unknown; errors?: WireError[] };

async function post(server: TestServer, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Gql> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Gql;
}

describe('read rate limit (per address, priced by buckets, HTTP and graphql-ws)', () => {
  let server: TestServer;
  const logs = captureLogs();
  beforeAll(async () => {
    server = await startTestServer(
      { MODERATOR_TOKENS: MOD, READ_RATE_MAX: '30', READ_RATE_WINDOW_MS: '60000', READ_COST_BUCKETS: '500', LOG_LEVEL: 'debug' },
      { logger: logs.logger },
    );
  });
  afterAll(() => server?.stop());

  it('charges 1 + buckets/500 per read; past the budget RATE_LIMITED with retryAfterMs, cheaper reads still fit', async () => {
    // 21 of 30.
    expect((await post(server, USAGE, WIDE)).errors).toBeUndefined();
    const refused = await post(server, USAGE, WIDE);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(50_000);
    expect(refused.errors![0]!.extensions).toMatchObject({ cost: 21 });
    expect(refused.errors![0]!.message).toMatch(/try again in \d+ s/);
    // An unused variable or a fragment does not make a wide read cheaper.
    const hidden = await post(
      server,
      `query($s: Timestamp!, $u: Timestamp!) { ... on Query { usage(bucket: MINUTE, since: $s, until: $u) { buckets { turns } } } }`,
      {
        s: WIDE.since,
        u: WIDE.until,
      },
    );
    expect(hidden.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', cost: 21 });
    // The 9 units left take 9 plain reads (cost 1 each), over HTTP and graphql-ws alike.
    for (let i = 0; i < 5; i++) expect((await post(server, '{ stats { turns } }')).errors).toBeUndefined();
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      for (let i = 0; i < 4; i++) expect((await wsRun(client, '{ scenes { id } }')).errors).toEqual([]);
      const overWs = await wsRun(client, '{ scenes { id } }');
      expect(overWs.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(overWs.errors[0]!.extensions!.retryAfterMs).toBeGreaterThan(0);
    } finally {
      await client.dispose();
    }
    expect((await post(server, '{ me { role } }')).errors![0]!.extensions!.code).toBe('RATE_LIMITED');
  });

  it('does not hold moderators to it, nor count subscriptions', async () => {
    // The address's budget is spent (previous test).
    expect((await post(server, '{ me { role } }')).errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    for (let i = 0; i < 3; i++) expect((await post(server, USAGE, WIDE, MOD)).errors).toBeUndefined();
    const sceneId = ((await post(server, '{ scenes { id } }', {}, MOD)).data as { scenes: { id: string }[] }).scenes[0]!.id;
    const seen = await collect<{ sceneEvents: { __typename: string } }>(
      server.wsClient(),
      'subscription ($id: ID!) { sceneEvents(sceneId: $id) { __typename } }',
      { id: sceneId },
      (items) => items.length > 0,
    );
    expect(seen.errors).toEqual([]);
  });

  it('logged nothing at error level', () => {
    expect(logs.lines.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
  });
});

describe('read rate limit defaults: what the web app asks in a busy minute fits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('a stats page on the "day" range refreshing every 2 s for a minute, plus the viewer polling, is never refused', async () => {
    const until = now + MINUTE;
    const since = until - 1_440 * MINUTE;
    const overview = (await post(server, '{ stats { turns byModel { model } } scenes { id viewers } }')) as {
      data: { stats: { byModel: { model: string }[] }; scenes: { id: string }[] };
    };
    const { scenes } = overview.data;
    const models = overview.data.stats.byModel.map((m) => m.model);
    const series =
      'query($b: UsageBucketSize!, $s: Timestamp!, $u: Timestamp!, $scene: ID, $model: String) { usage(bucket: $b, since: $s, until: $u, sceneId: $scene, model: $model) { buckets { start turns promptTokens completionTokens costUsd linesPerMinute peakViewers averageViewers } } }';
    const characters = 'query($s: Timestamp!, $u: Timestamp!) { characterStats(since: $s, until: $u) { characterId } }';
    const refused: unknown[] = [];
    const check = (r: Gql) => r.errors?.some((e) => e.extensions?.code === 'RATE_LIMITED') && refused.push(r.errors);
    // At most one refresh every 2 s: 30 in a minute, each the series, a sum per scene and model, the characters.
    for (let refresh = 0; refresh < 30; refresh++) {
      const reads = [
        post(server, series, { b: 'MINUTE', s: since, u: until }),
        ...scenes.map((s) => post(server, series, { b: 'DAY', s: since, u: until, scene: s.id })),
        ...models.map((m) => post(server, series, { b: 'DAY', s: since, u: until, model: m })),
        post(server, characters, { s: since, u: until }),
      ];
      // The viewer's own polls (stats every 10 s, the scene list) from the same address.
      if (refresh % 5 === 0) reads.push(post(server, '{ stats { turns } }'), post(server, '{ scenes { id viewers } }'));
      for (const r of await Promise.all(reads)) check(r);
    }
    expect(refused).toEqual([]);
  });
});
