import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageRow } from '../../test/support/messageRows.js';
import { createTestDatabase, requireServices } from '../../test/support/services.js';
import {
  CharacterEntity,
  MemoryEntity,
  MessageEntity,
  RelationshipEntity,
  SceneEntity,
  type CharacterRow,
} from '../adapters/db/entities.js';
import { loadConfig } from '../config.js';
import { createContainer, type Container } from '../container.js';
import { MEMORY_LIMITS } from '../domain/memory.js';
import type { Embedder } from '../ports/memory.js';
import { recallForTurn } from './memoryRecall.js';
import { rememberConversation } from './memoryWrite.js';

/** Throws in CI when PostgreSQL is missing; locally the PostgreSQL case is reported as skipped. */
const pg = await requireServices('postgres', 'memory store on PostgreSQL');

/** Writing, consolidation and recall on real SQLite and PostgreSQL databases, with a clock the test sets. */
const T0 = Date.UTC(2026, 11, 1, 12, 0);
const clock = { t: T0, now: () => clock.t };
/** A deterministic in-process embedder: letter counts, so texts sharing words point alike. */
const embedder: Embedder & { calls: number } = {
  model: 'letters',
  calls: 0,
  async embed(texts) {
    this.calls++;
    return texts.map((t) => Array.from('abcdefghijklmnopqrstuvwxyz', (ch) => t.toLowerCase().split(ch).length - 1 + 0.01));
  },
};

describe.each([
  { dialect: 'SQLite', skip: false },
  { dialect: 'PostgreSQL', skip: !pg.ok },
])('memory store ($dialect, fixed clock)', ({ dialect, skip }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-memory-'));
  let dropDb: (() => Promise<void>) | null = null;
  let container: Container;
  let sceneId: string;
  let cast: CharacterRow[];
  const em = () => container.orm.em.fork();
  const deps = () => ({ ...container, embedder });

  /** Store conversation `epoch` of the scene: each character speaks in turn, addressing the next one. */
  async function converse(epoch: number, lines: [number, string, number, string][]) {
    const e = em();
    for (const [turn, [who, content, rating, reaction]] of lines.entries()) {
      const speaker = cast[who]!;
      const recipient = cast[(who + 1) % cast.length]!;
      e.create(
        MessageEntity,
        messageRow({ sceneId, epoch, turn: turn + 1, speaker, recipient, content, reaction, rating, createdAt: clock.t }),
      );
    }
    await e.flush();
  }

  beforeAll(async () => {
    if (skip) return;
    clock.t = T0;
    let url = `sqlite:${join(dir, 'memory.db')}`;
    if (dialect === 'PostgreSQL') {
      const db = await createTestDatabase();
      url = db.url;
      dropDb = () => db.drop();
    }
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
    container = await createContainer(config, { clock, embedder });
    const scene = (await em().find(SceneEntity, {}, { orderBy: { sortOrder: 'asc' }, limit: 1 }))[0]!;
    sceneId = scene.id;
    cast = await em().find(CharacterEntity, { sceneId }, { orderBy: { sortOrder: 'asc' } });
  });
  afterAll(async () => {
    await container?.stop();
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)('writes each character’s memories at the clock’s time, with vectors, and moves relationships once', async () => {
    await converse(101, [
      [0, 'Does the kettle still leak when it boils?', 8, ''],
      [1, 'Yes, it leaks, I will mend it tomorrow.', 8, '👍'],
      [0, 'Thank you, that would be lovely.', 9, '😊'],
      [1, 'Anything for a good cup of tea.', 8, '🙂'],
    ]);
    const outcome = await rememberConversation(deps(), sceneId, 101);
    expect(outcome.written).toBe(cast.length);
    const first = await em().find(MemoryEntity, { characterId: cast[0]!.id, epoch: 101 }, { orderBy: { ordinal: 'asc' } });
    expect(first.length).toBeGreaterThan(0);
    for (const m of first) {
      expect(m.createdAt).toBe(T0);
      expect(m.kind).toBe('EPISODE');
      expect(m.embedding).toHaveLength(26);
    }
    expect(first.map((m) => m.text)).toContain(`${cast[1]!.name} agreed with me when I said, "Does the kettle still leak when it boils?"`);
    const rel = await em().findOneOrFail(RelationshipEntity, { characterId: cast[0]!.id, otherId: cast[1]!.id });
    expect(rel.affinity).toBeGreaterThan(0);
    expect(rel.familiarity).toBeGreaterThan(0);
    expect(rel.lastEpoch).toBe(101);
    expect(rel.updatedAt).toBe(T0);

    // Again: nothing new, nothing moved.
    clock.t = T0 + 60_000;
    expect(await rememberConversation(deps(), sceneId, 101)).toMatchObject({ written: 0, skipped: cast.length });
    expect(await em().findOneOrFail(RelationshipEntity, { id: rel.id })).toMatchObject({ affinity: rel.affinity, updatedAt: T0 });
  });

  it.skipIf(skip)('recalls the relevant memories and how the speaker sees those present, in prompt form', async () => {
    clock.t = T0 + 3_600_000;
    const recalled = await recallForTurn(em(), cast[0]!, cast, 'The kettle leaks again', clock.now(), { embedder });
    expect(recalled.memories.length).toBeGreaterThan(0);
    expect(recalled.memories.length).toBeLessThanOrEqual(MEMORY_LIMITS.recall);
    expect(recalled.memories.some((m) => /kettle/.test(m.text))).toBe(true);
    expect(recalled.relationships.map((r) => r.name)).toContain(cast[1]!.name);
    for (const r of recalled.relationships) expect(r.view.length).toBeGreaterThan(0);
  });

  it.skipIf(skip)('keeps each store bounded over many conversations by consolidating into reflections', async () => {
    const talk = ['the lamp', 'the garden', 'the storm', 'the harbour', 'the bread', 'the violin', 'the map', 'the clock'];
    let maxSeen = 0;
    for (let epoch = 200; epoch < 240; epoch++) {
      clock.t += 3_600_000;
      const topic = talk[epoch % talk.length]!;
      await converse(epoch, [
        [0, `What do you think of ${topic}?`, 3 + (epoch % 7), ''],
        [1, `Yes, ${topic} is wonderful.`, 6, '👍'],
        [0, `I am not sure about ${topic} at all.`, 5, '🤔'],
      ]);
      await rememberConversation(deps(), sceneId, epoch);
      for (const c of cast) maxSeen = Math.max(maxSeen, await em().count(MemoryEntity, { characterId: c.id }));
    }
    for (const c of cast) {
      expect(await em().count(MemoryEntity, { characterId: c.id })).toBeLessThanOrEqual(MEMORY_LIMITS.store);
      const reflections = await em().find(MemoryEntity, { characterId: c.id, kind: 'REFLECTION' });
      expect(reflections.length).toBeGreaterThan(0);
      for (const r of reflections) {
        expect(r.text).toMatch(/^Looking back on \d+ memories, I /);
        expect(r.importance).toBeGreaterThanOrEqual(5);
      }
    }
    expect(maxSeen).toBeLessThanOrEqual(MEMORY_LIMITS.store);
  });
});
