import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../support/collect.js';
import { createRedisPrefix, createTestDatabase, REDIS_URL, requireServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** The response cache of hot reads: hits after a miss, dropped by new lines, counted in /metrics, kept apart per role. */
const MOD = 'alice-token-0123456789abcdef';
const DAY = 86_400_000;
const since = Math.floor(Date.now() / DAY) * DAY - DAY;
const USAGE = `{ usage(bucket: DAY, since: ${since}, until: ${since + 3 * DAY}) { buckets { turns } } }`;
const STATS = '{ stats { turns } }';
type Gql = { data?: Record<string, unknown>; errors?: { message: string }[] };

let server: TestServer;
async function post(query: string, headers: Record<string, string> = {}): Promise<Gql> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as Gql;
}
async function counters(on: TestServer = server): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(on.url.replace('/graphql', '/metrics'))).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { hits: read('pixeltales_response_cache_hits_total'), misses: read('pixeltales_response_cache_misses_total') };
}
const usageTurns = (r: Gql) => (r.data!.usage as { buckets: { turns: number }[] }).buckets.reduce((n, b) => n + b.turns, 0);

beforeAll(async () => {
  // Scenes without viewers do not run, so nothing changes until this suite subscribes.
  server = await startTestServer({ MODERATOR_TOKENS: `alice:${MOD}` });
});
afterAll(() => server?.stop());

describe('response cache', () => {
  it('answers a repeated read from the cache, counted in /metrics', async () => {
    const start = await counters();
    const first = await post(STATS);
    const second = await post(STATS);
    expect(second).toEqual(first);
    const after = await counters();
    expect(after.misses - start.misses).toBe(1);
    expect(after.hits - start.hits).toBe(1);
    // Other reads are not cached: `me` moves neither counter.
    await post('{ me { role } }');
    expect(await counters()).toEqual(after);
  });

  it('keeps roles apart: a moderator does not get the viewer entry', async () => {
    await post(STATS);
    const start = await counters();
    await post(STATS, { authorization: `Bearer ${MOD}` });
    await post(STATS, { authorization: `Bearer ${MOD}` });
    const after = await counters();
    expect(after.misses - start.misses).toBe(1);
    expect(after.hits - start.hits).toBe(1);
  });

  it('drops cached usage when a line is posted', async () => {
    const before = usageTurns(await post(USAGE));
    expect(usageTurns(await post(USAGE))).toBe(before);
    const scene = ((await post('{ scenes { id } }')).data!.scenes as { id: string }[])[0]!.id;
    const start = await counters();
    // Watching a scene makes it run; wait for its first posted line.
    const seen = await collect<{ sceneEvents: { __typename: string } }>(
      server.wsClient(),
      'subscription ($id: ID!) { sceneEvents(sceneId: $id) { __typename } }',
      { id: scene },
      (items) => items.some((i) => i.sceneEvents.__typename === 'MessagePosted'),
    );
    expect(seen.errors).toEqual([]);
    const after = usageTurns(await post(USAGE));
    expect(after).toBeGreaterThan(before);
    expect(await counters()).toEqual({ hits: start.hits, misses: start.misses + 1 });
  });
});

const services = await requireServices('postgres', 'redis', 'response cache across replicas');

describe.skipIf(!services.ok)('response cache across replicas (Redis pub/sub, one PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const space = createRedisPrefix();
  let writer: TestServer;
  let reader: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, PUBSUB: 'redis', REDIS_URL, REDIS_PREFIX: space.prefix };
    writer = await startTestServer(env);
    // A TTL far beyond the wait below: only the event can make the reader read again.
    reader = await startTestServer({ ...env, RESPONSE_CACHE_TTL_MS: '600000' });
  });
  afterAll(async () => {
    await reader?.stop();
    await writer?.stop();
    await db?.drop();
    await space.clean();
  });

  it("a line posted through one replica drops the other's cached usage", async () => {
    const read = async () => usageTurns(await reader.gql<Gql['data']>(USAGE));
    const before = await read();
    const start = await counters(reader);
    expect(await read()).toBe(before);
    expect((await counters(reader)).hits).toBe(start.hits + 1);
    const scene = (await writer.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[0]!.id;
    const seen = await collect<{ sceneEvents: { __typename: string } }>(
      writer.wsClient(),
      'subscription ($id: ID!) { sceneEvents(sceneId: $id) { __typename } }',
      { id: scene },
      (items) => items.some((i) => i.sceneEvents.__typename === 'MessagePosted'),
    );
    expect(seen.errors).toEqual([]);
    await expect.poll(read, { timeout: 15_000, interval: 100 }).toBeGreaterThan(before);
  });
});
