import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity } from '../../src/adapters/db/entities.js';
import { openDatabase } from '../../src/adapters/db/orm.js';
import { sqlRows } from '../../src/adapters/db/sql.js';
import { estimateCostUsd } from '../../src/services/budget.js';
import { BUCKET_MS, recordLineUsage, type BucketSize } from '../../src/services/usage.js';
import { recordViewerSample } from '../../src/services/viewerSamples.js';
import { waitFor } from '../support/collect.js';
import { createTestDatabase, requireServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

type Bucket = {
  start: number;
  turns: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  linesPerMinute: number;
  peakViewers: number;
  averageViewers: number;
};
type UsageData = { usage: { buckets: Bucket[] } };
type Totals = { turns: number; promptTokens: number; completionTokens: number; estimatedCostUsd: number };
type StatsData = {
  stats: Totals & { byScene: (Totals & { sceneId: string })[]; byModel: (Totals & { model: string; averageLatencyMs: number })[] };
};

const USAGE = `query ($bucket: UsageBucketSize!, $since: Timestamp!, $until: Timestamp!, $sceneId: ID, $model: String) {
  usage(bucket: $bucket, since: $since, until: $until, sceneId: $sceneId, model: $model) {
    buckets { start turns promptTokens completionTokens costUsd linesPerMinute peakViewers averageViewers }
  }
}`;
const STATS =
  '{ stats { turns promptTokens completionTokens estimatedCostUsd byScene { sceneId turns promptTokens completionTokens estimatedCostUsd } byModel { model turns promptTokens completionTokens estimatedCostUsd averageLatencyMs } } }';

const MINUTE = 60_000;
/** Histories live in three days from here (whole minutes, so every range below is valid). */
const T0 = Date.UTC(2026, 0, 1);
const SPAN_MINUTES = 3 * 24 * 60;
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'unpriced-model'];

const sum = (buckets: Bucket[]) =>
  buckets.reduce(
    (a, b) => ({
      turns: a.turns + b.turns,
      promptTokens: a.promptTokens + b.promptTokens,
      completionTokens: a.completionTokens + b.completionTokens,
      costUsd: a.costUsd + b.costUsd,
    }),
    { turns: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
  );

/** Throws in CI when PostgreSQL is missing; locally the PostgreSQL case is reported as skipped. */
const pg = await requireServices('postgres', 'usage on PostgreSQL');

// The upsert and the bucket arithmetic are dialect SQL, so both dialects run the property.
describe.each([
  { dialect: 'SQLite', skip: false },
  { dialect: 'PostgreSQL', skip: !pg.ok },
])('usage on $dialect: buckets read from the minute rollup', ({ dialect, skip }) => {
  let server: TestServer;
  let db: { url: string; drop(): Promise<void> } | null = null;

  beforeAll(async () => {
    if (skip) return;
    db = dialect === 'PostgreSQL' ? await createTestDatabase() : null;
    // No viewers and no RUN_WITHOUT_VIEWERS: the worker writes no lines, only the test does. It
    // writes them without scene events, so no response cache may answer in place of the rollups.
    server = await startTestServer({ ...(db ? { DATABASE_URL: db.url } : {}), RESPONSE_CACHE: 'false' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  /** Store lines as the turn does: the message and its usage in one transaction. */
  async function insertLines(
    lines: { sceneId: string; model: string; createdAt: number; promptTokens: number; completionTokens: number; latencyMs: number }[],
  ) {
    await server.container.orm.em.fork().transactional(async (tx) => {
      for (const [turn, l] of lines.entries()) {
        const message = {
          ...l,
          epoch: 1,
          turn,
          speakerId: randomUUID(),
          speakerName: 'Ada',
          recipientId: null,
          recipientName: null,
          content: 'Hello.',
          thoughts: '',
          mood: 'calm',
          moodEmoji: '🙂',
          reaction: '',
          rating: 3,
          endConversation: false,
          moveTo: null,
          speakingMs: 1000,
        };
        await tx.insert(MessageEntity, message);
        await recordLineUsage(tx, message);
      }
    });
  }

  /** The same range summed straight from the messages, cost per model as `stats` does. */
  async function directSum(since: number, until: number, sceneId: string | null, model: string | null) {
    const where = ['created_at >= ?', 'created_at < ?'];
    const params: (string | number)[] = [since, until];
    if (sceneId) {
      where.push('scene_id = ?');
      params.push(sceneId);
    }
    if (model) {
      where.push('model = ?');
      params.push(model);
    }
    const rows = await sqlRows<{ model: string; n: number | string; p: number | string | null; c: number | string | null }>(
      server.container.orm.em.fork(),
      `select model, count(*) as n, sum(prompt_tokens) as p, sum(completion_tokens) as c from message where ${where.join(' and ')} group by model`,
      params,
    );
    const prices = server.container.config.budget.prices;
    return rows.reduce(
      (a, r) => ({
        turns: a.turns + Number(r.n),
        promptTokens: a.promptTokens + Number(r.p ?? 0),
        completionTokens: a.completionTokens + Number(r.c ?? 0),
        costUsd: a.costUsd + estimateCostUsd(prices, r.model, Number(r.p ?? 0), Number(r.c ?? 0)),
      }),
      { turns: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
    );
  }

  async function usage(vars: Record<string, unknown>): Promise<Bucket[]> {
    const res = await server.gql<UsageData>(USAGE, vars);
    expect(res.errors).toBeUndefined();
    return res.data!.usage.buckets;
  }

  it.skipIf(skip)(
    'buckets of any range add up to the messages of that range, and all of history to stats',
    async () => {
      const allSamples: { at: number; counts: Map<string, number> }[] = [];
      const line = fc.record({
        scene: fc.integer({ min: 0, max: 2 }),
        model: fc.constantFrom(...MODELS),
        // Many lines share a minute, so the upsert's update branch is exercised too.
        offsetMs: fc.integer({ min: 0, max: SPAN_MINUTES * MINUTE - 1 }).map((ms) => (ms % 5 === 0 ? ms % (10 * MINUTE) : ms)),
        promptTokens: fc.integer({ min: 0, max: 5000 }),
        completionTokens: fc.integer({ min: 0, max: 800 }),
        latencyMs: fc.integer({ min: 0, max: 30_000 }),
      });
      // Viewer samples on 5 s instants; several samples share a minute, and some instant none.
      const sample = fc.record({
        slot: fc.integer({ min: 0, max: (SPAN_MINUTES * MINUTE) / 5000 - 1 }).map((n) => (n % 3 === 0 ? n % 48 : n)),
        counts: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }),
      });
      const range = fc
        .tuple(fc.integer({ min: -60, max: SPAN_MINUTES + 60 }), fc.integer({ min: 1, max: SPAN_MINUTES }))
        .map(([from, length]) => ({ since: T0 + from * MINUTE, until: T0 + (from + length) * MINUTE }));
      const bucket = fc.constantFrom<BucketSize>('MINUTE', 'HOUR', 'DAY');

      await fc.assert(
        fc.asyncProperty(
          fc.array(line, { maxLength: 40 }),
          fc.array(sample, { maxLength: 30 }),
          range,
          bucket,
          fc.boolean(),
          fc.boolean(),
          async (lines, samples, r, size, byScene, byModel) => {
            const scenes = [randomUUID(), randomUUID(), randomUUID()];
            for (const smp of samples) {
              const at = T0 + smp.slot * 5000;
              const counts = new Map(smp.counts.map((n, i) => [scenes[i]!, n] as const).filter(([, n]) => n > 0));
              await recordViewerSample(server.container.orm.em.fork(), at, counts);
              allSamples.push({ at, counts });
            }
            await insertLines(
              lines.map((l) => ({
                sceneId: scenes[l.scene]!,
                model: l.model,
                createdAt: T0 + l.offsetMs,
                promptTokens: l.promptTokens,
                completionTokens: l.completionTokens,
                latencyMs: l.latencyMs,
              })),
            );
            const sceneId = byScene ? scenes[0]! : null;
            const model = byModel ? MODELS[0]! : null;
            const buckets = await usage({ bucket: size, since: r.since, until: r.until, sceneId, model });

            // Every bucket of the range, in order, on its UTC boundary.
            const width = BUCKET_MS[size];
            expect(buckets[0]!.start).toBe(Math.floor(r.since / width) * width);
            for (const [i, b] of buckets.entries()) if (i > 0) expect(b.start - buckets[i - 1]!.start).toBe(width);
            expect(buckets.at(-1)!.start + width).toBeGreaterThanOrEqual(r.until);
            // The rate is over the minutes of each bucket inside the range, so it adds back up to the turns.
            const minutes = buckets.map((b) => (Math.min(b.start + width, r.until) - Math.max(b.start, r.since)) / MINUTE);
            expect(minutes.reduce((a, m) => a + m, 0)).toBe((r.until - r.since) / MINUTE);
            for (const [i, b] of buckets.entries()) expect(b.linesPerMinute * minutes[i]!).toBeCloseTo(b.turns, 9);

            // Viewers per bucket, brute force over every sample stored so far: a scene's peak and
            // mean over all sample instants (0 where not watched), or the total's at each instant.
            for (const b of buckets) {
              const inside = allSamples.filter((x) => x.at >= Math.max(b.start, r.since) && x.at < Math.min(b.start + width, r.until));
              const seen = inside.map((x) => (sceneId ? (x.counts.get(sceneId) ?? 0) : [...x.counts.values()].reduce((a, n) => a + n, 0)));
              expect(b.peakViewers, `peak ${b.start}`).toBe(Math.max(0, ...seen));
              expect(b.averageViewers, `average ${b.start}`).toBeCloseTo(
                seen.length ? seen.reduce((a, n) => a + n, 0) / seen.length : 0,
                9,
              );
            }

            const got = sum(buckets);
            const want = await directSum(r.since, r.until, sceneId, model);
            expect({ ...got, costUsd: 0 }).toEqual({ ...want, costUsd: 0 });
            expect(got.costUsd).toBeCloseTo(want.costUsd, 9);

            // A scene's whole history equals its `stats` row.
            const all = await usage({ bucket: 'DAY', since: T0 - 86_400_000, until: T0 + 4 * 86_400_000, sceneId: scenes[1] });
            const stats = (await server.gql<StatsData>(STATS)).data!.stats;
            const row = stats.byScene.find((s) => s.sceneId === scenes[1]) ?? {
              turns: 0,
              promptTokens: 0,
              completionTokens: 0,
              estimatedCostUsd: 0,
            };
            const scene = sum(all);
            expect([scene.turns, scene.promptTokens, scene.completionTokens]).toEqual([row.turns, row.promptTokens, row.completionTokens]);
            expect(scene.costUsd).toBeCloseTo(row.estimatedCostUsd, 9);
          },
        ),
        { seed: 1201, numRuns: 40 },
      );

      // And every line ever stored, over all scenes and models, equals the `stats` totals.
      const all = sum(await usage({ bucket: 'DAY', since: T0 - 86_400_000, until: T0 + 4 * 86_400_000 }));
      const stats = (await server.gql<StatsData>(STATS)).data!.stats;
      expect(stats.turns).toBeGreaterThan(0);
      expect([all.turns, all.promptTokens, all.completionTokens]).toEqual([stats.turns, stats.promptTokens, stats.completionTokens]);
      expect(all.costUsd).toBeCloseTo(stats.estimatedCostUsd, 9);

      // `stats` reads the all-time rollup: per model it is exactly what the messages say.
      const byModel = await sqlRows<{ model: string; n: number | string; p: number | string; c: number | string; l: number | string }>(
        server.container.orm.em.fork(),
        'select model, count(*) as n, sum(prompt_tokens) as p, sum(completion_tokens) as c, sum(latency_ms) as l from message group by model order by model',
      );
      const sorted = [...stats.byModel].sort((a, b) => (a.model < b.model ? -1 : 1));
      expect(sorted.map((m) => [m.model, m.turns, m.promptTokens, m.completionTokens])).toEqual(
        byModel.map((m) => [m.model, Number(m.n), Number(m.p), Number(m.c)]),
      );
      // Average latency as `stats` always computed it: each scene/model mean rounded, weighted by turns.
      const bySceneModel = await sqlRows<{ model: string; n: number | string; a: number | string }>(
        server.container.orm.em.fork(),
        'select model, count(*) as n, avg(latency_ms) as a from message group by scene_id, model',
      );
      for (const m of sorted) {
        const parts = bySceneModel.filter((x) => x.model === m.model);
        const weighted = parts.reduce((a, x) => a + Math.round(Number(x.a)) * Number(x.n), 0);
        expect(m.averageLatencyMs, m.model).toBe(Math.round(weighted / m.turns));
      }
      // 40 histories, each a transaction and a few reads: minutes on a busy 2-core box.
    },
    120_000,
  );

  it.skipIf(skip)('refuses bad ranges with BAD_INPUT and a clear message', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ bucket: 'HOUR', since: T0 + MINUTE, until: T0 }, /since must be before until/],
      [{ bucket: 'HOUR', since: T0, until: T0 }, /since must be before until/],
      [{ bucket: 'MINUTE', since: T0 + 1, until: T0 + MINUTE }, /since must be a whole minute/],
      [{ bucket: 'MINUTE', since: T0, until: T0 + 1.5 * MINUTE }, /until must be a whole minute/],
      [{ bucket: 'MINUTE', since: -MINUTE, until: T0 }, /since must be a whole minute/],
      [{ bucket: 'MINUTE', since: T0, until: T0 + 10_001 * MINUTE }, /10001 MINUTE buckets; at most 10000 per call/],
      [{ bucket: 'HOUR', since: T0, until: T0 + 10_001 * 3_600_000 }, /at most 10000 per call/],
      [{ bucket: 'DAY', since: T0, until: T0 + MINUTE, sceneId: 'x'.repeat(65) }, /sceneId must be 1 to 64 letters, digits, '-' or '_'/],
      [{ bucket: 'DAY', since: T0, until: T0 + MINUTE, model: ' ' }, /model must be 1 to 80 characters/],
    ];
    for (const [vars, message] of cases) {
      const res = await server.gql<UsageData>(USAGE, vars);
      expect(res.data?.usage ?? null, JSON.stringify(vars)).toBeNull();
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_INPUT');
      expect(res.errors?.[0]?.message).toMatch(message);
    }
    // The widest call allowed answers, zeros included.
    expect(await usage({ bucket: 'MINUTE', since: T0, until: T0 + 10_000 * MINUTE })).toHaveLength(10_000);
  });
});

describe('usage: the turn keeps the rollup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-usage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every line the scene loop commits is counted in usage_minute in the same transaction', async () => {
    const url = `sqlite:${join(dir, 'loop.db')}`;
    const server = await startTestServer({ DATABASE_URL: url, RUN_WITHOUT_VIEWERS: 'true' });
    try {
      await waitFor(async () => (await server.container.orm.em.fork().count(MessageEntity, {})) >= 8, 15_000);
    } finally {
      await server.stop();
    }
    // Read after the server stopped, so no turn lands between the two reads.
    const orm = await openDatabase({ url });
    try {
      const em = orm.em.fork();
      const key = 'scene_id, model, minute';
      const fromMessages = await sqlRows(
        em,
        `select scene_id, model, (created_at / 60000) * 60000 as minute, count(*) as turns, sum(prompt_tokens) as p, sum(completion_tokens) as c from message group by scene_id, model, (created_at / 60000) * 60000 order by ${key}`,
      );
      const rollup = await sqlRows(
        em,
        `select scene_id, model, minute, turns, prompt_tokens as p, completion_tokens as c from usage_minute order by ${key}`,
      );
      expect(fromMessages.length).toBeGreaterThan(0);
      expect(rollup).toEqual(fromMessages);
      // The all-time and per-character rollups are kept in the same transaction too.
      expect(
        await sqlRows(
          em,
          'select scene_id, model, turns, prompt_tokens as p, completion_tokens as c, latency_ms as l from usage_total order by scene_id, model',
        ),
      ).toEqual(
        await sqlRows(
          em,
          'select scene_id, model, count(*) as turns, sum(prompt_tokens) as p, sum(completion_tokens) as c, sum(latency_ms) as l from message group by scene_id, model order by scene_id, model',
        ),
      );
      const speakers = await sqlRows(
        em,
        'select speaker_id as id, (created_at / 60000) * 60000 as minute, count(*) as n, sum(rating) as r from message group by speaker_id, (created_at / 60000) * 60000 order by id, minute',
      );
      expect(speakers.length).toBeGreaterThan(0);
      expect(
        await sqlRows(em, 'select character_id as id, minute, lines as n, rating_sum as r from character_minute order by id, minute'),
      ).toEqual(speakers);
    } finally {
      await orm.close();
    }
  });
});
