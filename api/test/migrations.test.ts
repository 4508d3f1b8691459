import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MikroORM } from '@mikro-orm/core';
import { MessageEntity } from '../src/adapters/db/entities.js';
import { openDatabase, ormOptions } from '../src/adapters/db/orm.js';
import { sqlRows } from '../src/adapters/db/sql.js';
import { sqliteMigrations } from '../src/adapters/db/migrations/sqlite/index.js';
import { createTestDatabase, requireServices } from './support/services.js';

/** Throws in CI when PostgreSQL is missing; locally the PostgreSQL case is reported as skipped. */
const pg = await requireServices('postgres', 'migrations on PostgreSQL');

/**
 * The committed migrations must build exactly the schema the entities describe, on both
 * dialects: after applying them, the schema generator has nothing left to change.
 */
describe('migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-migrations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('SQLite: applied at start, no drift from the entities, idempotent', async () => {
    const url = `sqlite:${join(dir, 'drift.db')}`;
    const orm = await openDatabase({ url });
    expect((await orm.getSchemaGenerator().getUpdateSchemaSQL()).trim()).toBe('');
    await orm.close();
    const again = await openDatabase({ url });
    expect(await again.getMigrator().getPendingMigrations()).toEqual([]);
    await again.close();
  });

  it.skipIf(!pg.ok)('PostgreSQL: applied at start, no drift from the entities', async () => {
    const db = await createTestDatabase();
    try {
      const orm = await openDatabase({ url: db.url });
      expect((await orm.getSchemaGenerator().getUpdateSchemaSQL()).trim()).toBe('');
      await orm.close();
    } finally {
      await db.drop();
    }
  });
});

/**
 * The usage rollup arrives after lines already exist: its migration must count them, so that
 * `usage` and `stats` agree from the first start on the new version.
 */
describe('usage_minute migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-backfill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const minute = Date.UTC(2026, 0, 1, 12, 0);
  const lines: [string, string, number, number, number][] = [
    ['scene-a', 'gpt-4o', minute + 1_000, 100, 10],
    ['scene-a', 'gpt-4o', minute + 59_999, 200, 20],
    ['scene-a', 'gpt-4o', minute + 60_000, 300, 30],
    ['scene-a', 'scripted', minute + 2_000, 7, 3],
    ['scene-b', 'gpt-4o', minute + 3_000, 50, 5],
  ];

  async function backfilled(url: string) {
    // The schema as it was just before the rollup, holding lines.
    const before = await MikroORM.init(ormOptions({ url }));
    await before.getMigrator().up({ to: 'Migration20261201093144_moderationLog' });
    const em = before.em.fork();
    for (const [turn, [sceneId, model, createdAt, promptTokens, completionTokens]] of lines.entries()) {
      em.create(MessageEntity, {
        sceneId,
        epoch: 1,
        turn,
        speakerId: 'speaker',
        speakerName: 'Ada',
        content: 'Hello.',
        thoughts: '',
        mood: 'calm',
        moodEmoji: '🙂',
        reaction: '',
        rating: 3,
        endConversation: false,
        speakingMs: 1000,
        model,
        promptTokens,
        completionTokens,
        latencyMs: 10,
        createdAt,
      });
    }
    await em.flush();
    await before.close();
    const orm = await openDatabase({ url });
    try {
      const rows = await sqlRows<Record<string, string | number>>(
        orm.em.fork(),
        'select scene_id, model, minute, turns, prompt_tokens, completion_tokens from usage_minute order by scene_id, model, minute',
      );
      return rows.map((r) => Object.values(r).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)));
    } finally {
      await orm.close();
    }
  }

  const expected = [
    ['scene-a', 'gpt-4o', minute, 2, 300, 30],
    ['scene-a', 'gpt-4o', minute + 60_000, 1, 300, 30],
    ['scene-a', 'scripted', minute, 1, 7, 3],
    ['scene-b', 'gpt-4o', minute, 1, 50, 5],
  ];

  it('SQLite: counts the lines stored before it', async () => {
    expect(await backfilled(`sqlite:${join(dir, 'backfill.db')}`)).toEqual(expected);
  });

  it.skipIf(!pg.ok)('PostgreSQL: counts the lines stored before it', async () => {
    const db = await createTestDatabase();
    try {
      expect(await backfilled(db.url)).toEqual(expected);
    } finally {
      await db.drop();
    }
  });
});

/**
 * The analytics rollups (`Migration20261201120300_viewerMinutes`) arrive after lines exist too:
 * the all-time usage and the per-character rollups must count them.
 */
describe('analytics rollups migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-rollups-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const minute = Date.UTC(2026, 0, 1, 12, 0);
  // scene, speaker, name, recipient, mood, emoji, rating, at, model, prompt, completion, latency
  const lines: [string, string, string, string | null, string, string, number, number, string, number, number, number][] = [
    ['scene-a', 'ada', 'Ada', 'Ben', 'calm', '🙂', 4, minute + 1_000, 'gpt-4o', 100, 10, 300],
    ['scene-a', 'ada', 'Ada', 'Ben', 'calm', '🙂', 6, minute + 2_000, 'gpt-4o', 200, 20, 500],
    ['scene-a', 'ada', 'Ada', null, 'angry', '😠', 9, minute + 60_000, 'scripted', 7, 3, 1],
    ['scene-a', 'ben', 'Ben', 'Ada', 'calm', '🙂', 2, minute + 3_000, 'gpt-4o', 50, 5, 100],
  ];
  const previous = sqliteMigrations[sqliteMigrations.findIndex((m) => m.name === 'Migration20261201120300_viewerMinutes') - 1]!.name;

  async function backfilled(url: string) {
    const before = await MikroORM.init(ormOptions({ url }));
    await before.getMigrator().up({ to: previous });
    const em = before.em.fork();
    for (const [
      turn,
      [sceneId, speakerId, speakerName, recipientName, mood, moodEmoji, rating, createdAt, model, p, c, l],
    ] of lines.entries()) {
      em.create(MessageEntity, {
        sceneId,
        epoch: 1,
        turn,
        speakerId,
        speakerName,
        recipientId: recipientName ? recipientName.toLowerCase() : null,
        recipientName,
        content: 'Hello.',
        thoughts: '',
        mood,
        moodEmoji,
        reaction: '',
        rating,
        endConversation: false,
        speakingMs: 1000,
        model,
        promptTokens: p,
        completionTokens: c,
        latencyMs: l,
        createdAt,
      });
    }
    await em.flush();
    await before.close();
    const orm = await openDatabase({ url });
    const read = async (sql: string) =>
      (await sqlRows<Record<string, string | number>>(orm.em.fork(), sql)).map((r) =>
        Object.values(r).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)),
      );
    try {
      return {
        totals: await read('select scene_id, model, turns, prompt_tokens, completion_tokens, latency_ms from usage_total order by model'),
        characters: await read(
          'select scene_id, character_id, name, minute, lines, rating_sum from character_minute order by character_id, minute',
        ),
        tallies: await read(
          'select character_id, minute, kind, label, emoji, count from character_tally_minute order by character_id, minute, kind, label',
        ),
      };
    } finally {
      await orm.close();
    }
  }

  const expected = {
    totals: [
      ['scene-a', 'gpt-4o', 3, 350, 35, 900],
      ['scene-a', 'scripted', 1, 7, 3, 1],
    ],
    characters: [
      ['scene-a', 'ada', 'Ada', minute, 2, 10],
      ['scene-a', 'ada', 'Ada', minute + 60_000, 1, 9],
      ['scene-a', 'ben', 'Ben', minute, 1, 2],
    ],
    tallies: [
      ['ada', minute, 'mood', 'calm', '🙂', 2],
      ['ada', minute, 'to', 'Ben', '', 2],
      ['ada', minute + 60_000, 'mood', 'angry', '😠', 1],
      ['ben', minute, 'mood', 'calm', '🙂', 1],
      ['ben', minute, 'to', 'Ada', '', 1],
    ],
  };

  it('SQLite: counts the lines stored before it', async () => {
    expect(await backfilled(`sqlite:${join(dir, 'rollups.db')}`)).toEqual(expected);
  });

  it.skipIf(!pg.ok)('PostgreSQL: counts the lines stored before it', async () => {
    const db = await createTestDatabase();
    try {
      expect(await backfilled(db.url)).toEqual(expected);
    } finally {
      await db.drop();
    }
  });
});
