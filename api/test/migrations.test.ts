import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MikroORM } from '@mikro-orm/core';
import { MessageEntity } from '../src/adapters/db/entities.js';
import { openDatabase, ormOptions } from '../src/adapters/db/orm.js';
import { sqlRows } from '../src/adapters/db/sql.js';
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
