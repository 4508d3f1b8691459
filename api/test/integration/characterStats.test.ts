import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity } from '../../src/adapters/db/entities.js';
import { sqlRows } from '../../src/adapters/db/sql.js';
import { recordCharacterLine } from '../../src/services/characterStats.js';
import { recordLineUsage } from '../../src/services/usage.js';
import { createTestDatabase, requireServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

interface Stats {
  characterId: string;
  name: string;
  sceneId: string;
  lines: number;
  averageRating: number | null;
  moods: { mood: string; emoji: string; count: number }[];
  addressees: { name: string; count: number }[];
}

const QUERY = `query ($since: Timestamp!, $until: Timestamp!, $sceneId: ID) {
  characterStats(since: $since, until: $until, sceneId: $sceneId) {
    characterId name sceneId lines averageRating moods { mood emoji count } addressees { name count }
  }
}`;

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 1, 1);
const SPAN_MINUTES = 2 * 24 * 60;
const NAMES = ['Ada', 'Ben', 'Cy'];
const MOODS: [string, string][] = [
  ['calm', '🙂'],
  ['calm', '😌'],
  ['angry', '😠'],
  ['curious', '🤔'],
];

/** Code-unit order, as the API promises (the same on every database). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What `characterStats` must answer, computed straight from the stored messages. */
async function bruteForce(server: TestServer, since: number, until: number, sceneId: string | null): Promise<Stats[]> {
  const rows = await sqlRows<{
    scene_id: string;
    speaker_id: string;
    speaker_name: string;
    recipient_name: string | null;
    mood: string;
    mood_emoji: string;
    rating: number | string;
  }>(
    server.container.orm.em.fork(),
    `select scene_id, speaker_id, speaker_name, recipient_name, mood, mood_emoji, rating from message where created_at >= ? and created_at < ?${sceneId ? ' and scene_id = ?' : ''}`,
    sceneId ? [since, until, sceneId] : [since, until],
  );
  const by = new Map<string, { s: Stats; ratings: number; moods: Map<string, number>; to: Map<string, number> }>();
  for (const r of rows) {
    let c = by.get(r.speaker_id);
    if (!c) {
      c = {
        s: {
          characterId: r.speaker_id,
          name: r.speaker_name,
          sceneId: r.scene_id,
          lines: 0,
          averageRating: null,
          moods: [],
          addressees: [],
        },
        ratings: 0,
        moods: new Map(),
        to: new Map(),
      };
      by.set(r.speaker_id, c);
    }
    c.s.lines++;
    c.ratings += Number(r.rating);
    const mood = JSON.stringify([r.mood, r.mood_emoji]);
    c.moods.set(mood, (c.moods.get(mood) ?? 0) + 1);
    if (r.recipient_name) c.to.set(r.recipient_name, (c.to.get(r.recipient_name) ?? 0) + 1);
  }
  return [...by.values()]
    .map(({ s, ratings, moods, to }) => ({
      ...s,
      averageRating: ratings / s.lines,
      moods: [...moods]
        .map(([k, count]) => {
          const [mood, emoji] = JSON.parse(k) as [string, string];
          return { mood, emoji, count };
        })
        .sort((a, b) => b.count - a.count || cmp(a.mood, b.mood) || cmp(a.emoji, b.emoji)),
      addressees: [...to].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || cmp(a.name, b.name)),
    }))
    .sort((a, b) => b.lines - a.lines || cmp(a.name, b.name) || cmp(a.characterId, b.characterId));
}

const pg = await requireServices('postgres', 'characterStats on PostgreSQL');

describe.each([
  { dialect: 'SQLite', skip: false },
  { dialect: 'PostgreSQL', skip: !pg.ok },
])('characterStats on $dialect: read from the per-character rollup', ({ dialect, skip }) => {
  let server: TestServer;
  let db: { url: string; drop(): Promise<void> } | null = null;

  beforeAll(async () => {
    if (skip) return;
    db = dialect === 'PostgreSQL' ? await createTestDatabase() : null;
    // No viewers: the worker writes no lines, only the test does.
    // Lines are written without scene events: no response cache may answer in place of the rollups.
    server = await startTestServer({ ...(db ? { DATABASE_URL: db.url } : {}), RESPONSE_CACHE: 'false' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it.skipIf(skip)('answers what the messages of any range say, per character', async () => {
    const line = fc.record({
      scene: fc.integer({ min: 0, max: 1 }),
      speaker: fc.integer({ min: 0, max: 2 }),
      // null: a line to everyone, which addresses nobody in particular.
      to: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
      mood: fc.integer({ min: 0, max: MOODS.length - 1 }),
      rating: fc.integer({ min: 1, max: 10 }),
      // Many lines share a minute, so the upserts' update branches run too.
      offsetMs: fc.integer({ min: 0, max: SPAN_MINUTES * MINUTE - 1 }).map((ms) => (ms % 4 === 0 ? ms % (5 * MINUTE) : ms)),
    });
    const range = fc
      .tuple(fc.integer({ min: -30, max: SPAN_MINUTES + 30 }), fc.integer({ min: 1, max: SPAN_MINUTES }))
      .map(([from, length]) => ({ since: T0 + from * MINUTE, until: T0 + (from + length) * MINUTE }));

    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), range, fc.boolean(), async (lines, r, oneScene) => {
        const scenes = [randomUUID(), randomUUID()];
        const cast = scenes.map(() => NAMES.map((name) => ({ id: randomUUID(), name })));
        await server.container.orm.em.fork().transactional(async (tx) => {
          for (const [turn, l] of lines.entries()) {
            const speaker = cast[l.scene]![l.speaker]!;
            const to = l.to === null ? null : cast[l.scene]![l.to]!;
            const [mood, moodEmoji] = MOODS[l.mood]!;
            const message = {
              sceneId: scenes[l.scene]!,
              epoch: 1,
              turn,
              speakerId: speaker.id,
              speakerName: speaker.name,
              recipientId: to?.id ?? null,
              recipientName: to?.name ?? null,
              content: 'Hello.',
              thoughts: '',
              mood,
              moodEmoji,
              reaction: '',
              rating: l.rating,
              endConversation: false,
              moveTo: null,
              speakingMs: 1000,
              model: 'scripted',
              promptTokens: 10,
              completionTokens: 5,
              latencyMs: 10,
              createdAt: T0 + l.offsetMs,
            };
            await tx.insert(MessageEntity, message);
            await recordLineUsage(tx, message);
            await recordCharacterLine(tx, message);
          }
        });
        const sceneId = oneScene ? scenes[0]! : null;
        const res = await server.gql<{ characterStats: Stats[] }>(QUERY, { since: r.since, until: r.until, sceneId });
        expect(res.errors).toBeUndefined();
        const got = res.data!.characterStats;
        const want = await bruteForce(server, r.since, r.until, sceneId);
        if (want.length) nonEmpty++;
        // Averages are compared as numbers; everything else exactly, order included.
        expect(got.map((c) => ({ ...c, averageRating: 0 }))).toEqual(want.map((c) => ({ ...c, averageRating: 0 })));
        for (const [i, c] of got.entries()) expect(c.averageRating).toBeCloseTo(want[i]!.averageRating!, 9);
      }),
      { seed: 1202, numRuns: 40 },
    );
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it.skipIf(skip)('refuses bad ranges and ids with BAD_INPUT, changing nothing', async () => {
    const before = await sqlRows(server.container.orm.em.fork(), 'select count(*) as n from character_minute');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ since: T0 + MINUTE, until: T0 }, /since must be before until/],
      [{ since: T0, until: T0 }, /since must be before until/],
      [{ since: T0 + 1, until: T0 + MINUTE }, /since must be a whole minute/],
      [{ since: T0, until: T0 + 90_000 }, /until must be a whole minute/],
      [{ since: -MINUTE, until: T0 }, /since must be a whole minute/],
      [{ since: T0, until: T0 + 10_001 * MINUTE }, /10001 minutes; at most 10000 per call/],
      [{ since: T0, until: T0 + MINUTE, sceneId: 'x'.repeat(65) }, /sceneId must be 1 to 64 letters, digits, '-' or '_'/],
    ];
    for (const [vars, message] of cases) {
      const res = await server.gql<{ characterStats: Stats[] }>(QUERY, vars);
      expect(res.data?.characterStats ?? null, JSON.stringify(vars)).toBeNull();
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_INPUT');
      expect(res.errors?.[0]?.message).toMatch(message);
    }
    expect(await sqlRows(server.container.orm.em.fork(), 'select count(*) as n from character_minute')).toEqual(before);
    // The widest range allowed answers; an unknown scene has no characters.
    const wide = await server.gql<{ characterStats: Stats[] }>(QUERY, { since: T0, until: T0 + 10_000 * MINUTE, sceneId: 'no-such-scene' });
    expect(wide.errors).toBeUndefined();
    expect(wide.data!.characterStats).toEqual([]);
  });
});
