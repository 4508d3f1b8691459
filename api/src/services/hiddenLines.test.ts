import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageRow } from '../../test/support/messageRows.js';
import { createTestDatabase, requireServices } from '../../test/support/services.js';
import {
  CharacterEntity,
  MemoryEntity,
  MessageEntity,
  RelationshipEntity,
  SceneEntity,
  SceneEventEntity,
  type CharacterRow,
} from '../adapters/db/entities.js';
import { createLlm } from '../adapters/llm/index.js';
import { loadConfig } from '../config.js';
import { createContainer, type Container } from '../container.js';
import { foldSummary, SUMMARY_MAX_CHARS } from '../domain/summary.js';
import type { Llm } from '../ports/llm.js';
import { consolidate } from './memoryConsolidation.js';
import { rememberConversation } from './memoryWrite.js';
import { hideMessage } from './moderation.js';

const pg = await requireServices('postgres', 'hidden lines on PostgreSQL');

/**
 * What hiding a line takes away (services/hiddenLines.ts), on real SQLite and PostgreSQL
 * databases: provenance through reflections and views, rows kept before provenance, the
 * running summary, and hides that come while a model is writing.
 */
const clock = { t: Date.UTC(2026, 11, 2, 12, 0), now: () => clock.t };
const LIMITS = { store: 3, keepRecent: 1, batch: 2 };

describe.each([
  { dialect: 'SQLite', skip: false },
  { dialect: 'PostgreSQL', skip: !pg.ok },
])('hiding a line ($dialect)', ({ dialect, skip }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-hidden-lines-'));
  let dropDb: (() => Promise<void>) | null = null;
  let container: Container;
  let sceneId: string;
  let cast: CharacterRow[];
  /** Runs once, inside the next memory or reflection call, before the model answers. */
  let during: (() => Promise<void>) | null = null;
  const memoryCalls: string[] = [];
  const inner = createLlm(loadConfig({}).llm, pino({ level: 'silent' }));
  const interrupt = async () => {
    const run = during;
    during = null;
    await run?.();
  };
  const llm: Llm = {
    defaultModel: inner.defaultModel,
    generateTurn: (context, signal) => inner.generateTurn(context, signal),
    async writeMemories(context, signal) {
      memoryCalls.push(context.character.name);
      await interrupt();
      return inner.writeMemories!(context, signal);
    },
    async reflect(context, signal) {
      await interrupt();
      return inner.reflect!(context, signal);
    },
  };
  const em = () => container.orm.em.fork();
  const deps = () => ({ ...container, storeLimits: LIMITS });

  /** Store conversation `epoch`: each line from cast[who] to the next character. Resolves to the message ids. */
  async function converse(epoch: number, lines: [number, string][]): Promise<number[]> {
    const e = em();
    const rows = lines.map(([who, content], turn) => {
      const speaker = cast[who % cast.length]!;
      const recipient = cast[(who + 1) % cast.length]!;
      return e.create(
        MessageEntity,
        messageRow({ sceneId, epoch, turn: turn + 1, speaker, recipient, content, reaction: '👍', rating: 8, createdAt: clock.t }),
      );
    });
    await e.flush();
    return rows.map((r) => r.id);
  }
  const texts = async () => (await em().find(MemoryEntity, { sceneId })).map((m) => m.text).join('\n');

  beforeAll(async () => {
    if (skip) return;
    let url = `sqlite:${join(dir, 'hidden.db')}`;
    if (dialect === 'PostgreSQL') {
      const db = await createTestDatabase();
      url = db.url;
      dropDb = () => db.drop();
    }
    container = await createContainer(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), { clock, llm, embedder: null });
    const scene = (await em().find(SceneEntity, {}, { orderBy: { sortOrder: 'asc' }, limit: 1 }))[0]!;
    sceneId = scene.id;
    cast = await em().find(CharacterEntity, { sceneId }, { orderBy: { sortOrder: 'asc' } });
  });
  afterAll(async () => {
    await container?.stop();
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)('drops what came of its conversation through reflections, empties views carried on since, keeps the rest', async () => {
    const first = await converse(101, [
      [0, 'Have you seen the wobblefruit orchard?'],
      [1, 'Yes, the wobblefruit orchard is lovely.'],
    ]);
    await rememberConversation(deps(), sceneId, 101);
    clock.t += 3_600_000;
    await converse(102, [
      [0, 'Did you bring the brass kettle?'],
      [1, 'Yes, the brass kettle is in my bag.'],
    ]);
    await rememberConversation(deps(), sceneId, 102);
    clock.t += 3_600_000;
    await converse(103, [
      [1, 'Shall we walk to the lighthouse?'],
      [0, 'Yes, the lighthouse at dusk.'],
    ]);
    await rememberConversation(deps(), sceneId, 103);

    // Some reflection folded memories of the first conversation, and the views carry it on.
    const reflections = await em().find(MemoryEntity, { sceneId, kind: 'REFLECTION' });
    const folding = reflections.filter((r) => r.sourceEpochs?.includes(101));
    expect(folding.length).toBeGreaterThan(0);
    const views = await em().find(RelationshipEntity, { sceneId });
    expect(views.every((v) => v.view && v.sourceEpochs?.includes(101) && v.sourceEpochs.includes(103))).toBe(true);

    const { lastSeq } = await em().findOneOrFail(SceneEntity, { id: sceneId });
    const { forgotten } = await hideMessage(container, first[0]!, 'spoiler');

    const left = await em().find(MemoryEntity, { sceneId });
    expect(left.length).toBeGreaterThan(0);
    for (const m of left) expect(m.sourceEpochs).not.toContain(101);
    for (const r of folding) expect(left.map((m) => m.id)).not.toContain(r.id);
    expect(await texts()).not.toMatch(/wobblefruit/);
    const after = await em().find(RelationshipEntity, { sceneId });
    for (const v of after) {
      expect(v).toMatchObject({ view: '', sourceEpochs: [] });
      // The numbers stay: they say how the pair gets on, not what was said.
      expect(v.affinity).toBe(views.find((w) => w.id === v.id)!.affinity);
    }
    expect(forgotten).toMatchObject({ views: views.length, summary: false });
    const events = await em().find(SceneEventEntity, { sceneId, seq: { $gt: lastSeq } }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['MESSAGE_HIDDEN', ...Array<string>(forgotten!.memories).fill('MEMORY_DELETED')]);
    expect(forgotten!.memories).toBeGreaterThan(0);
    // Moderators still read the line and why it was hidden.
    expect(await em().findOneOrFail(MessageEntity, { id: first[0]! })).toMatchObject({
      content: 'Have you seen the wobblefruit orchard?',
      hidden: true,
      hiddenReason: 'spoiler',
    });
  });

  it.skipIf(skip)('rows kept before provenance count as derived from every conversation up to their own', async () => {
    const [early] = await converse(204, [[0, 'An early line.']]);
    const [late] = await converse(207, [[0, 'A late line.']]);
    const e = em();
    const reflection = e.create(MemoryEntity, {
      characterId: cast[0]!.id,
      sceneId,
      epoch: 205,
      kind: 'REFLECTION',
      ordinal: 0,
      text: 'Looking back, an old reflection.',
      about: [],
      importance: 5,
      createdAt: clock.t,
      embedding: null,
      sourceEpochs: null,
    });
    await e.flush();
    await em().nativeUpdate(RelationshipEntity, { sceneId }, { view: 'An old view.', sourceEpochs: null, lastEpoch: 205 });

    await hideMessage(container, late!, 'later than both');
    expect(await em().count(MemoryEntity, { id: reflection.id })).toBe(1);
    expect(await em().count(RelationshipEntity, { sceneId, view: 'An old view.' })).toBe(cast.length * (cast.length - 1));
    await hideMessage(container, early!, 'earlier than both');
    expect(await em().count(MemoryEntity, { id: reflection.id })).toBe(0);
    expect(await em().count(RelationshipEntity, { sceneId, view: { $ne: '' } })).toBe(0);
  });

  it.skipIf(skip)('rebuilds the running summary of the conversation under way from the lines still visible', async () => {
    const scene = await em().findOneOrFail(SceneEntity, { id: sceneId });
    const epoch = scene.epoch;
    const lines: [number, string][] = [
      [0, 'The zanzibarian teapot whistles.'],
      [1, 'Pour me a cup, please.'],
      [0, 'Here you are, with honey.'],
      [1, 'Thank you, friend.'],
    ];
    const ids = await converse(epoch, lines);
    const folded = lines.slice(0, 3).map(([who, content], i) => ({ turn: i + 1, speaker: cast[who]!.name, recipient: null, content }));
    await em().nativeUpdate(SceneEntity, { id: sceneId }, { summary: foldSummary('', folded, SUMMARY_MAX_CHARS), summaryThroughTurn: 3 });
    expect((await em().findOneOrFail(SceneEntity, { id: sceneId })).summary).toMatch(/zanzibarian/);

    const { forgotten } = await hideMessage(container, ids[0]!, 'spoiler');
    expect(forgotten?.summary).toBe(true);
    const after = await em().findOneOrFail(SceneEntity, { id: sceneId });
    expect(after.summary).not.toMatch(/zanzibarian/);
    expect(after.summary).toBe(foldSummary('', folded.slice(1), SUMMARY_MAX_CHARS));
    expect(after.summaryThroughTurn).toBe(3);
  });

  it.skipIf(skip)('a hide while the model writes: memories are written again without the line, a reflection is not stored', async () => {
    await em().nativeDelete(MemoryEntity, { sceneId });
    const ids = await converse(301, [
      [0, 'Have you read the quillibrand letter?'],
      [1, 'Yes, the quillibrand letter made me laugh.'],
      [0, 'Shall we answer it tomorrow?'],
    ]);
    memoryCalls.length = 0;
    during = async () => {
      await hideMessage(container, ids[0]!, 'spoiler');
      await hideMessage(container, ids[1]!, 'spoiler');
    };
    await rememberConversation(deps(), sceneId, 301);
    // The first character was asked again, without the hidden lines.
    expect(memoryCalls[0]).toBe(memoryCalls[1]);
    expect(memoryCalls).toHaveLength(cast.length + 1);
    expect(await em().count(MemoryEntity, { sceneId, epoch: 301 })).toBeGreaterThan(0);
    expect(await texts()).not.toMatch(/quillibrand/);

    // A store past its bound, and a hide dropping a memory being folded while the model reflects.
    const more = await converse(302, [
      [0, 'Have you met the marmaluke twins?'],
      [1, 'Yes, the marmaluke twins sing badly.'],
    ]);
    const e = em();
    for (let i = 0; i < 4; i++) {
      e.create(MemoryEntity, {
        characterId: cast[0]!.id,
        sceneId,
        epoch: 302,
        kind: 'EPISODE',
        ordinal: 10 + i,
        text: `I heard about the marmaluke twins (${i}).`,
        about: [],
        importance: 1,
        createdAt: clock.t - 1000 + i,
        embedding: null,
        sourceEpochs: [302],
      });
    }
    await e.flush();
    during = () => hideMessage(container, more[0]!, 'spoiler').then(() => undefined);
    expect(await consolidate(deps(), cast[0]!, 302)).toBe(false);
    expect(await em().count(MemoryEntity, { characterId: cast[0]!.id, kind: 'REFLECTION', epoch: 302 })).toBe(0);
    expect(await texts()).not.toMatch(/marmaluke/);
  });
});
