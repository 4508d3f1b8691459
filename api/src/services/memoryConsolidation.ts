import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { CharacterEntity, MemoryEntity, type CharacterRow } from '../adapters/db/entities.js';
import type { Orm } from '../adapters/db/orm.js';
import {
  MEMORY_LIMITS,
  pickForConsolidation,
  reflectionImportance,
  type MemoryItem,
  type MemoryKind,
  type StoreLimits,
} from '../domain/memory.js';
import { mergeSources } from '../domain/provenance.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Llm } from '../ports/llm.js';
import type { Embedder } from '../ports/memory.js';
import { allocateSeqs } from './eventLog.js';
import { holdMemoryForBudget, recordMemoryCall } from './memoryUsage.js';

/** What writing and consolidating memories needs. */
export interface MemoryDeps {
  orm: Orm;
  llm: Llm;
  clock: Clock;
  logger: Logger;
  /** The token budgets, which memory calls count in and stop at like turns. */
  config: Pick<Config, 'budget'>;
  /** Set when an embeddings model is configured: memories are stored with their vectors. */
  embedder?: Embedder | null;
  /** The store's bounds; `MEMORY_LIMITS` unless a test wants consolidations sooner. */
  storeLimits?: StoreLimits;
}

/** Vectors for `texts`, or null without an embedder or when it fails (lexical relevance still works). */
export async function embed(deps: MemoryDeps, texts: string[]): Promise<number[][] | null> {
  if (!deps.embedder || texts.length === 0) return null;
  try {
    return await deps.embedder.embed(texts);
  } catch (err) {
    deps.logger.warn({ err, dependency: 'embeddings' }, 'embeddings failed; memories stored without vectors');
    return null;
  }
}

type Stored = Pick<MemoryItem, 'id' | 'text' | 'about' | 'importance' | 'createdAt'> & {
  kind: string;
  epoch: number;
  sourceEpochs?: number[] | null;
};

const asItem = (m: Stored): MemoryItem & { epoch: number; sources: number[] | null } => ({
  id: m.id,
  epoch: m.epoch,
  kind: m.kind as MemoryKind,
  text: m.text,
  about: m.about,
  importance: m.importance,
  createdAt: m.createdAt,
  // Null: kept before provenance was, read as every conversation up to its own.
  sources: m.sourceEpochs ?? null,
});

/**
 * When the character's store is past its bound, the model sums up the old, unimportant
 * memories as one reflection that replaces them (`domain/memory.ts` picks which). One per
 * conversation at most (the reflection is unique per character and conversation). The
 * reflection comes of every conversation its memories came of. It is not stored when a
 * moderator's hide dropped one of them while the model wrote (the next conversation tries
 * again). True when it ran.
 */
export async function consolidate(deps: MemoryDeps, character: CharacterRow, epoch: number, signal?: AbortSignal): Promise<boolean> {
  const { llm } = deps;
  const limits = deps.storeLimits ?? MEMORY_LIMITS;
  if (!llm.reflect) return false;
  const em = deps.orm.em.fork();
  if ((await em.count(MemoryEntity, { characterId: character.id })) <= limits.store) return false;
  const rows = await em.find(
    MemoryEntity,
    { characterId: character.id },
    { fields: ['id', 'kind', 'epoch', 'text', 'about', 'importance', 'createdAt', 'sourceEpochs'] },
  );
  const picked = pickForConsolidation(rows.map(asItem), limits);
  if (picked.length === 0) return false;
  const others = await em.find(CharacterEntity, { sceneId: character.sceneId, id: { $ne: character.id } });
  await holdMemoryForBudget(deps, character.sceneId);
  const result = await llm.reflect(
    {
      character: {
        name: character.name,
        persona: character.persona,
        model: character.model ?? null,
        temperature: character.temperature ?? null,
      },
      memories: [...picked]
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((m) => ({ text: m.text, about: m.about, importance: m.importance })),
      known: others.map((o) => o.name),
      seed: `${character.id}-${epoch}-reflection`,
    },
    signal,
  );
  await recordMemoryCall(deps, {
    kind: 'REFLECTION',
    sceneId: character.sceneId,
    characterId: character.id,
    characterName: character.name,
    epoch,
    model: result.model,
    promptTokens: result.promptTokens,
    completionTokens: result.completionTokens,
    createdAt: deps.clock.now(),
  });
  // Nothing usable: the memories stay; the next conversation tries again.
  if (!result.reflection) return false;
  const reflection = result.reflection;
  const vectors = await embed(deps, [reflection.text]);
  const now = deps.clock.now();
  const ids = picked.map((m) => m.id);
  try {
    return await deps.orm.em.fork().transactional(async (tx) => {
      // The scene row lock orders this with a moderator's hide (services/hiddenLines.ts): either
      // the hide finds the reflection and drops it, or this finds a folded memory gone and stops.
      await allocateSeqs(tx, character.sceneId, 0);
      if ((await tx.count(MemoryEntity, { id: { $in: ids }, characterId: character.id })) !== ids.length) return false;
      await tx.insert(MemoryEntity, {
        characterId: character.id,
        sceneId: character.sceneId,
        // Never older than what it folds (a late step for an earlier conversation): unknown
        // sources read as every conversation up to this one, which must cover them.
        epoch: Math.max(epoch, ...picked.map((m) => m.epoch)),
        kind: 'REFLECTION',
        ordinal: 0,
        text: reflection.text,
        about: reflection.about,
        importance: Math.max(reflection.importance, reflectionImportance(picked)),
        createdAt: now,
        embedding: vectors?.[0] ?? null,
        sourceEpochs: mergeSources(picked.map((m) => m.sources)),
      });
      await tx.nativeDelete(MemoryEntity, { id: { $in: ids }, characterId: character.id });
      return true;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return false;
    throw error;
  }
}
