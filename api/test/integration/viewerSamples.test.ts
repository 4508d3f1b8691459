import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryPresence } from '../../src/adapters/presence/memoryPresence.js';
import { createRedisPresence } from '../../src/adapters/presence/redisPresence.js';
import type { Presence } from '../../src/ports/presence.js';
import { createViewerSampler, processClaim, redisClaim, VIEWER_SAMPLE_MS } from '../../src/services/viewerSamples.js';
import { createRedisPrefix, requireServices, testRedis } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { waitFor } from '../support/collect.js';

type Bucket = { start: number; peakViewers: number; averageViewers: number; turns: number };
const USAGE = `query ($bucket: UsageBucketSize!, $since: Timestamp!, $until: Timestamp!, $sceneId: ID) {
  usage(bucket: $bucket, since: $since, until: $until, sceneId: $sceneId) { buckets { start peakViewers averageViewers turns } }
}`;

const MINUTE = 60_000;
/** A past minute no real sample of the test server's own sampler can fall into. */
const T0 = Date.UTC(2026, 2, 1, 10, 0);
const logger = pino({ level: 'silent' });

/** A clock that says what the test tells it. */
const fixedClock = () => {
  const clock = { t: T0, now: () => clock.t };
  return clock;
};

async function join(presence: Presence, sceneId: string, n: number) {
  for (let i = 0; i < n; i++) await presence.join(sceneId);
}

describe('viewer sampling (one process, memory presence)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Samples are written straight to the rollup: no response cache may answer in its place.
    server = await startTestServer({ RESPONSE_CACHE: 'false' });
  });
  afterAll(() => server?.stop());

  async function usage(vars: Record<string, unknown>): Promise<Bucket[]> {
    const res = await server.gql<{ usage: { buckets: Bucket[] } }>(USAGE, vars);
    expect(res.errors).toBeUndefined();
    return res.data!.usage.buckets;
  }

  it('stores peak and mean per scene and for all scenes at each instant, every instant once', async () => {
    const presence = createMemoryPresence();
    const clock = fixedClock();
    const sampler = createViewerSampler({ orm: server.container.orm, presence, clock, claim: processClaim(), logger });
    const [a, b] = ['scene-a', 'scene-b'];

    // Minute 0: three samples. a: 2, 0, 4; b: 3, 5, 0 → totals 5, 5, 4.
    await join(presence, a, 2);
    await join(presence, b, 3);
    expect(await sampler.sampleAt(T0)).toBe(true);
    // The same instant again (a timer firing twice, or 1 ms late) is not a second sample.
    expect(await sampler.sampleAt(T0 + 1)).toBe(false);
    for (let i = 0; i < 2; i++) await presence.leave(a);
    await join(presence, b, 2);
    expect(await sampler.sampleAt(T0 + VIEWER_SAMPLE_MS)).toBe(true);
    await join(presence, a, 4);
    for (let i = 0; i < 5; i++) await presence.leave(b);
    // A timer that fires a little early still names its instant.
    expect(await sampler.sampleAt(T0 + 2 * VIEWER_SAMPLE_MS - 3)).toBe(true);
    // Minute 1: one sample with nobody watching.
    for (let i = 0; i < 4; i++) await presence.leave(a);
    expect(await sampler.sampleAt(T0 + MINUTE)).toBe(true);

    const range = { since: T0, until: T0 + 2 * MINUTE };
    expect(await usage({ ...range, bucket: 'MINUTE', sceneId: a })).toMatchObject([
      { start: T0, peakViewers: 4, averageViewers: 2 },
      { start: T0 + MINUTE, peakViewers: 0, averageViewers: 0 },
    ]);
    const bMinutes = await usage({ ...range, bucket: 'MINUTE', sceneId: b });
    expect(bMinutes[0]).toMatchObject({ peakViewers: 5 });
    expect(bMinutes[0]!.averageViewers).toBeCloseTo(8 / 3, 12);
    // All scenes: the peak of the total at one instant (5), not the sum of the peaks (9).
    const total = await usage({ ...range, bucket: 'MINUTE' });
    expect(total[0]).toMatchObject({ peakViewers: 5 });
    expect(total[0]!.averageViewers).toBeCloseTo(14 / 3, 12);
    expect(total[1]).toMatchObject({ peakViewers: 0, averageViewers: 0 });
    // An hour bucket averages over all four samples.
    const hour = await usage({ since: T0, until: T0 + 60 * MINUTE, bucket: 'HOUR' });
    expect(hour).toHaveLength(1);
    expect(hour[0]).toMatchObject({ peakViewers: 5, averageViewers: 14 / 4 });
    // Minutes nobody sampled say 0.
    expect(await usage({ since: T0 + 2 * MINUTE, until: T0 + 3 * MINUTE, bucket: 'MINUTE' })).toMatchObject([
      { peakViewers: 0, averageViewers: 0 },
    ]);
  });

  it('the container samples by itself on the shared 5 s instants', async () => {
    // The test server's own sampler runs on the real clock: a sample lands within one period.
    await waitFor(async () => (await sampleRows(server)) > 0);
    const rows = await server.container.orm.em
      .fork()
      .getConnection()
      .execute<{ minute: number | string }[]>(`select minute from viewer_minute where scene_id = '' and minute >= ?`, [T0 + 60 * MINUTE]);
    for (const r of rows) expect(Number(r.minute) % MINUTE).toBe(0);
  });
});

async function sampleRows(server: TestServer): Promise<number> {
  const rows = await server.container.orm.em
    .fork()
    .getConnection()
    .execute<{ n: number | string }[]>(`select count(*) as n from viewer_minute where scene_id = '' and minute >= ?`, [T0 + 60 * MINUTE]);
  return Number(rows[0]!.n);
}

const redisUp = await requireServices('redis', 'viewer sampling across replicas');

describe.skipIf(!redisUp.ok)('viewer sampling across replicas (Redis presence)', () => {
  let server: TestServer;
  const clients: Redis[] = [];
  const space = createRedisPrefix();
  beforeAll(async () => {
    // Samples are written straight to the rollup: no response cache may answer in its place.
    server = await startTestServer({ RESPONSE_CACHE: 'false' });
  });
  afterAll(async () => {
    await server?.stop();
    await space.clean();
    for (const c of clients) c.disconnect();
  });

  it('replicas store each instant once with the global counts: no inflated peaks or means', async () => {
    const [ra, rb] = [testRedis(), testRedis()];
    clients.push(ra, rb);
    const a = createRedisPresence({ redis: ra, prefix: space.prefix, replicaId: 'a' });
    const b = createRedisPresence({ redis: rb, prefix: space.prefix, replicaId: 'b' });
    const clock = fixedClock();
    const replicas = [a, b].map((presence, i) =>
      createViewerSampler({
        orm: server.container.orm,
        presence,
        clock,
        claim: redisClaim(i === 0 ? ra : rb, space.prefix, `replica-${i}`),
        logger,
      }),
    );
    try {
      const s = 'scene-shared';
      // 2 viewers on replica a, 1 on b, and 3 of another scene on b: global counts 3 and 3.
      await join(a, s, 2);
      await join(b, s, 1);
      await join(b, 'scene-other', 3);
      const first = await Promise.all(replicas.map((r) => r.sampleAt(T0 + 30 * MINUTE)));
      expect(first.filter(Boolean)).toHaveLength(1);
      await join(a, s, 3);
      const second = await Promise.all(replicas.map((r) => r.sampleAt(T0 + 30 * MINUTE + VIEWER_SAMPLE_MS)));
      expect(second.filter(Boolean)).toHaveLength(1);

      const vars = { bucket: 'MINUTE', since: T0 + 30 * MINUTE, until: T0 + 31 * MINUTE };
      const scene = await server.gql<{ usage: { buckets: Bucket[] } }>(USAGE, { ...vars, sceneId: s });
      expect(scene.data!.usage.buckets).toMatchObject([{ peakViewers: 6, averageViewers: 4.5 }]);
      const total = await server.gql<{ usage: { buckets: Bucket[] } }>(USAGE, vars);
      expect(total.data!.usage.buckets).toMatchObject([{ peakViewers: 9, averageViewers: 7.5 }]);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
      await a.stop();
      await b.stop();
    }
  });
});
