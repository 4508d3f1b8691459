import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageRow } from '../../test/support/messageRows.js';
import { createTestDatabase, requireServices } from '../../test/support/services.js';
import { CharacterEntity, MemoryCallEntity, MemoryEntity, MessageEntity, SceneEntity, type CharacterRow } from '../adapters/db/entities.js';
import { loadConfig } from '../config.js';
import { createContainer, type Container } from '../container.js';
import { DeferredError } from '../ports/errors.js';
import type { Llm } from '../ports/llm.js';
import { budgetBlock, sceneTokensInWindow } from './budget.js';
import { characterStats } from './characterStats.js';
import { rememberConversation } from './memoryWrite.js';
import { usageBuckets, usageTotals } from './usage.js';

/** Throws in CI when PostgreSQL is missing; locally the PostgreSQL case is reported as skipped. */
const pg = await requireServices('postgres', 'memory tokens on PostgreSQL');

const T0 = Date.UTC(2026, 11, 7, 12, 0);
const clock = { t: T0, now: () => clock.t };
/** Tokens each stored line reports. */
const LINE_TOKENS = 15;

/**
 * Memory writes are model calls: their tokens reach the rollups (scene, model, character) and the
 * budgets, and a spent budget stops them before the model is called.
 */
describe.each([
  { dialect: 'SQLite', skip: false },
  { dialect: 'PostgreSQL', skip: !pg.ok },
])('memory tokens ($dialect, fixed clock)', ({ dialect, skip }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-memory-tokens-'));
  let dropDb: (() => Promise<void>) | null = null;
  let container: Container;
  let sceneId: string;
  let cast: CharacterRow[];
  let memoryCalls = 0;
  const em = () => container.orm.em.fork();
  /** The container's (scripted) model, counting its memory calls. */
  const deps = () => {
    const llm: Llm = {
      ...container.llm,
      generateTurn: (c, s) => container.llm.generateTurn(c, s),
      writeMemories: (c, s) => {
        memoryCalls++;
        return container.llm.writeMemories!(c, s);
      },
      reflect: (c, s) => container.llm.reflect!(c, s),
    };
    return { ...container, llm };
  };

  async function converse(epoch: number, lines: string[]) {
    const e = em();
    for (const [turn, content] of lines.entries()) {
      const speaker = cast[turn % cast.length]!;
      const recipient = cast[(turn + 1) % cast.length]!;
      e.create(
        MessageEntity,
        messageRow({ sceneId, epoch, turn: turn + 1, speaker, recipient, content, completionTokens: LINE_TOKENS - 10, createdAt: clock.t }),
      );
    }
    await e.flush();
  }

  const setBudget = (tokens: number | null) => em().nativeUpdate(SceneEntity, { id: sceneId }, { tokenBudgetPerHour: tokens });

  beforeAll(async () => {
    if (skip) return;
    clock.t = T0;
    let url = `sqlite:${join(dir, 'tokens.db')}`;
    if (dialect === 'PostgreSQL') {
      const db = await createTestDatabase();
      url = db.url;
      dropDb = () => db.drop();
    }
    container = await createContainer(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), { clock });
    const scene = (await em().find(SceneEntity, {}, { orderBy: { sortOrder: 'asc' }, limit: 1 }))[0]!;
    sceneId = scene.id;
    cast = await em().find(CharacterEntity, { sceneId }, { orderBy: { sortOrder: 'asc' } });
  });
  afterAll(async () => {
    await container?.stop();
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)('a spent scene budget stops the memory model call; the step runs again when the window allows', async () => {
    const lines = ['Shall we fix the kettle?', 'Yes, after tea.', 'Then tea first.', 'Agreed, tea first.'];
    await converse(201, lines);
    await setBudget(lines.length * LINE_TOKENS);
    memoryCalls = 0;
    const error = await rememberConversation(deps(), sceneId, 201).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeferredError);
    expect((error as DeferredError).runAt).toBe(T0 + container.config.budget.sceneWindowMs + 1);
    expect(memoryCalls).toBe(0);
    expect(await em().count(MemoryCallEntity, { sceneId })).toBe(0);
    expect(await em().count(MemoryEntity, { sceneId, epoch: 201 })).toBe(0);

    // One token left: the first character writes, and its memory call spends the budget for the next.
    await setBudget(lines.length * LINE_TOKENS + 1);
    const again = await rememberConversation(deps(), sceneId, 201).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DeferredError);
    expect(memoryCalls).toBe(1);
    expect(await em().count(MemoryCallEntity, { sceneId })).toBe(1);
    expect(await em().count(MemoryEntity, { characterId: cast[0]!.id, epoch: 201 })).toBeGreaterThan(0);

    // Budget raised: the same step writes the others' memories, and only theirs.
    await setBudget(null);
    expect(await rememberConversation(deps(), sceneId, 201)).toMatchObject({ written: cast.length - 1, skipped: 1 });
    expect(memoryCalls).toBe(cast.length);
  });

  it.skipIf(skip)('memory tokens count under their scene, model and character, in the cost and in the budget', async () => {
    clock.t = T0 + 10 * 3_600_000;
    const lines = ['Did the orchard bloom?', 'It did, all pink.', 'I must see it.', 'Come tomorrow then.'];
    await converse(202, lines);
    const calls = async () => em().find(MemoryCallEntity, { sceneId, epoch: 202 });
    const lineTokens = lines.length * LINE_TOKENS;
    expect(await sceneTokensInWindow(container, sceneId)).toBe(lineTokens);

    memoryCalls = 0;
    await rememberConversation(deps(), sceneId, 202);
    const rows = await calls();
    expect(rows).toHaveLength(cast.length);
    expect(memoryCalls).toBe(cast.length);
    const prompt = rows.reduce((n, r) => n + r.promptTokens, 0);
    const completion = rows.reduce((n, r) => n + r.completionTokens, 0);
    expect(prompt).toBeGreaterThan(0);
    expect(completion).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ kind: 'MEMORY', model: 'scripted', createdAt: clock.t });

    // The budget counts them: the window holds the lines and the memory calls.
    expect(await sceneTokensInWindow(container, sceneId)).toBe(lineTokens + prompt + completion);
    const scene = await em().findOneOrFail(SceneEntity, { id: sceneId });
    expect(await budgetBlock(em(), container.config.budget, { ...scene, tokenBudgetPerHour: lineTokens + 1 }, clock.now())).toMatchObject({
      scope: 'SCENE',
      used: lineTokens + prompt + completion,
    });

    // Rollups: memory apart from the turns, which they do not change.
    const minute = Math.floor(clock.t / 60_000) * 60_000;
    const [bucket] = await usageBuckets(container, { bucket: 'MINUTE', since: minute, until: minute + 60_000, sceneId });
    expect(bucket).toMatchObject({
      turns: 0,
      promptTokens: 0,
      memoryCalls: cast.length,
      memoryPromptTokens: prompt,
      memoryCompletionTokens: completion,
    });
    const total = (await usageTotals(container, sceneId)).find((r) => r.model === 'scripted')!;
    expect(total.memoryCalls).toBeGreaterThanOrEqual(cast.length);
    const stats = await characterStats(container, { since: minute, until: minute + 60_000, sceneId });
    for (const c of cast) {
      const own = rows.filter((r) => r.characterId === c.id);
      expect(stats.find((s) => s.characterId === c.id)).toMatchObject({
        lines: 0,
        memoryPromptTokens: own.reduce((n, r) => n + r.promptTokens, 0),
        memoryCompletionTokens: own.reduce((n, r) => n + r.completionTokens, 0),
      });
    }

    // Cost: priced like any call of the model.
    const priced = { ...container, config: { budget: { ...container.config.budget, prices: { scripted: { input: 1, output: 2 } } } } };
    const [costed] = await usageBuckets(priced, { bucket: 'MINUTE', since: minute, until: minute + 60_000, sceneId });
    expect(costed!.memoryCostUsd).toBeCloseTo((prompt + 2 * completion) / 1_000_000, 12);
    expect(costed!.costUsd).toBeCloseTo(costed!.memoryCostUsd, 12);
  });
});
