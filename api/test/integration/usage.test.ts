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
import { waitFor } from '../support/collect.js';
import { createTestDatabase, requireServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

type Bucket = { start: number; turns: number; promptTokens: number; completionTokens: number; costUsd: number; linesPerMinute: number };
type UsageData = { usage: { buckets: Bucket[] } };
type Totals = { turns: number; promptTokens: number; completionTokens: number; estimatedCostUsd: number };
type StatsData = { stats: Totals & { byScene: (Totals & { sceneId: string })[] } };

const USAGE = `query ($bucket: UsageBucketSize!, $since: Timestamp!, $until: Timestamp!, $sceneId: ID, $model: String) {
  usage(bucket: $bucket, since: $since, until: $until, sceneId: $sceneId, model: $model) {
    buckets { start turns promptTokens completionTokens costUsd linesPerMinute }
  }
}`;
const STATS =
  '{ stats { turns promptTokens completionTokens estimatedCostUsd byScene { sceneId turns promptTokens completionTokens estimatedCostUsd } } }';

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
    // No viewers and no RUN_WITHOUT_VIEWERS: the worker writes no lines, only the test does.
    server = await startTestServer(db ? { DATABASE_URL: db.url } : {});
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  /** Store lines as the turn does: the message and its usage in one transaction. */
  async function insertLines(
    lines: { sceneId: string; model: string; createdAt: number; promptTokens: number; completionTokens: number }[],
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
          latencyMs: 10,
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

  it.skipIf(skip)('buckets of any range add up to the messages of that range, and all of history to stats', async () => {
    const line = fc.record({
      scene: fc.integer({ min: 0, max: 2 }),
      model: fc.constantFrom(...MODELS),
      // Many lines share a minute, so the upsert's update branch is exercised too.
      offsetMs: fc.integer({ min: 0, max: SPAN_MINUTES * MINUTE - 1 }).map((ms) => (ms % 5 === 0 ? ms % (10 * MINUTE) : ms)),
      promptTokens: fc.integer({ min: 0, max: 5000 }),
      completionTokens: fc.integer({ min: 0, max: 800 }),
    });
    const range = fc
      .tuple(fc.integer({ min: -60, max: SPAN_MINUTES + 60 }), fc.integer({ min: 1, max: SPAN_MINUTES }))
      .map(([from, length]) => ({ since: T0 + from * MINUTE, until: T0 + (from + length) * MINUTE }));
    const bucket = fc.constantFrom<BucketSize>('MINUTE', 'HOUR', 'DAY');

    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }),
        range,
        bucket,
        fc.boolean(),
        fc.boolean(),
        async (lines, r, size, byScene, byModel) => {
          const scenes = [randomUUID(), randomUUID(), randomUUID()];
          await insertLines(
            lines.map((l) => ({
              sceneId: scenes[l.scene]!,
              model: l.model,
              createdAt: T0 + l.offsetMs,
              promptTokens: l.promptTokens,
              completionTokens: l.completionTokens,
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
  });

  it.skipIf(skip)('refuses bad ranges with BAD_INPUT and a clear message', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ bucket: 'HOUR', since: T0 + MINUTE, until: T0 }, /since must be before until/],
      [{ bucket: 'HOUR', since: T0, until: T0 }, /since must be before until/],
      [{ bucket: 'MINUTE', since: T0 + 1, until: T0 + MINUTE }, /since must be a whole minute/],
      [{ bucket: 'MINUTE', since: T0, until: T0 + 1.5 * MINUTE }, /until must be a whole minute/],
      [{ bucket: 'MINUTE', since: -MINUTE, until: T0 }, /since must be a whole minute/],
      [{ bucket: 'MINUTE', since: T0, until: T0 + 10_001 * MINUTE }, /10001 MINUTE buckets; at most 10000 per call/],
      [{ bucket: 'HOUR', since: T0, until: T0 + 10_001 * 3_600_000 }, /at most 10000 per call/],
      [{ bucket: 'DAY', since: T0, until: T0 + MINUTE, sceneId: 'x'.repeat(65) }, /sceneId must be 1 to 64 characters/],
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
    } finally {
      await orm.close();
    }
  });
});
