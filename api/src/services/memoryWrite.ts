import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import {
  CharacterEntity,
  MemoryEntity,
  MessageEntity,
  RelationshipEntity,
  SceneEntity,
  type CharacterRow,
  type MessageRow,
  type SceneRow,
} from '../adapters/db/entities.js';
import type { Orm } from '../adapters/db/orm.js';
import { clipText, MEMORY_LIMITS, pickForConsolidation, reflectionImportance, type MemoryItem, type MemoryKind } from '../domain/memory.js';
import { nextRelationship, signalsFrom } from '../domain/relationship.js';
import { foldSummary, SUMMARY_MAX_CHARS } from '../domain/summary.js';
import type { Clock } from '../ports/clock.js';
import type { Llm } from '../ports/llm.js';
import type { Embedder, MemoryDraft, MemoryLine, ViewDraft } from '../ports/memory.js';

/** What writing memories needs. */
export interface MemoryDeps {
  orm: Orm;
  llm: Llm;
  clock: Clock;
  logger: Logger;
  /** Set when an embeddings model is configured: memories are stored with their vectors. */
  embedder?: Embedder | null;
}

/** Lines of a finished conversation given to the memory writer (the rest is folded into its summary). */
const MEMORY_LINES = 40;

/** What one `remember` step did, per character. */
export interface RememberOutcome {
  written: number;
  consolidated: number;
  skipped: number;
}

const toMemoryLine = (m: MessageRow): MemoryLine => ({
  speaker: m.speakerName,
  recipient: m.recipientName ?? null,
  content: m.content,
  reaction: m.reaction,
  rating: m.rating,
});

/**
 * The `remember` step, after conversation `epoch` of a scene ended: each character writes its
 * memories of it (the model, in its own voice) and moves its relationships; then a store past
 * its bound is consolidated. Runs outside any turn's transaction. Idempotent: a character that
 * already has memories of this conversation is skipped, and the insert is unique per
 * (character, conversation, kind, ordinal), so a retried or doubled job stores nothing twice.
 * A character whose memory was reset after this conversation (`memoryFromEpoch`) is skipped.
 */
export async function rememberConversation(
  deps: MemoryDeps,
  sceneId: string,
  epoch: number,
  signal?: AbortSignal,
): Promise<RememberOutcome> {
  const outcome: RememberOutcome = { written: 0, consolidated: 0, skipped: 0 };
  const { llm } = deps;
  if (!llm.writeMemories) return outcome;
  const em = deps.orm.em.fork();
  const scene = await em.findOne(SceneEntity, { id: sceneId });
  if (!scene) return outcome;
  const characters = await em.find(CharacterEntity, { sceneId }, { orderBy: { sortOrder: 'asc' } });
  const messages = await em.find(MessageEntity, { sceneId, epoch, hidden: false }, { orderBy: { turn: 'asc' } });
  if (messages.length === 0 || characters.length === 0) return outcome;

  for (const character of characters) {
    if (character.memoryFromEpoch > epoch || (await em.count(MemoryEntity, { characterId: character.id, epoch, kind: 'EPISODE' })) > 0) {
      outcome.skipped++;
      continue;
    }
    const written = await writeFor(deps, em, scene, characters, character, messages, epoch, signal);
    if (written) outcome.written++;
    else outcome.skipped++;
    if (await consolidate(deps, character, epoch, signal)) outcome.consolidated++;
  }
  return outcome;
}

async function writeFor(
  deps: MemoryDeps,
  em: EntityManager,
  scene: SceneRow,
  characters: CharacterRow[],
  character: CharacterRow,
  messages: MessageRow[],
  epoch: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const others = characters.filter((c) => c.id !== character.id);
  const relationships = await em.find(RelationshipEntity, { characterId: character.id });
  const nameOf = new Map(characters.map((c) => [c.id, c.name]));
  const older = messages.slice(0, Math.max(0, messages.length - MEMORY_LINES));
  const lines = messages.slice(-MEMORY_LINES).map(toMemoryLine);
  const result = await deps.llm.writeMemories!(
    {
      character: {
        name: character.name,
        persona: character.persona,
        mood: character.mood,
        model: character.model ?? null,
        temperature: character.temperature ?? null,
      },
      scene: { name: scene.name, description: scene.description },
      others: others.map((o) => ({ name: o.name, persona: o.persona })),
      views: relationships.flatMap((r) => (nameOf.has(r.otherId) && r.view ? [{ name: nameOf.get(r.otherId)!, view: r.view }] : [])),
      summary: foldSummary(
        '',
        older.map((m) => ({ turn: m.turn, speaker: m.speakerName, recipient: m.recipientName ?? null, content: m.content })),
        SUMMARY_MAX_CHARS,
      ),
      lines,
      seed: `${scene.id}-${epoch}-${character.id}-memory`,
    },
    signal,
  );
  deps.logger.info(
    {
      scene: scene.slug,
      epoch,
      character: character.name,
      model: result.model,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      memories: result.memories.length,
      fallback: result.fallback || undefined,
    },
    'memories written',
  );
  // Something is always remembered: when the model gave nothing usable, a plain line of who was there.
  const drafts: MemoryDraft[] =
    result.memories.length > 0
      ? result.memories
      : [
          {
            text: clipText(`I was in ${scene.name} with ${others.map((o) => o.name).join(', ')}.`, MEMORY_LIMITS.text),
            about: [],
            importance: 2,
          },
        ];
  const vectors = await embed(
    deps,
    drafts.map((d) => d.text),
  );
  const now = deps.clock.now();
  const allLines = messages.map(toMemoryLine);

  try {
    return await deps.orm.em.fork().transactional(async (tx) => {
      // Checked again inside the transaction: a reset or another worker may have come first.
      const fresh = await tx.findOne(CharacterEntity, { id: character.id });
      if (!fresh || fresh.memoryFromEpoch > epoch) return false;
      if ((await tx.count(MemoryEntity, { characterId: character.id, epoch, kind: 'EPISODE' })) > 0) return false;
      for (const [ordinal, d] of drafts.entries()) {
        await tx.insert(MemoryEntity, {
          characterId: character.id,
          sceneId: scene.id,
          epoch,
          kind: 'EPISODE',
          ordinal,
          text: d.text,
          about: d.about,
          importance: Math.round(Math.min(10, Math.max(1, d.importance))),
          createdAt: now,
          embedding: vectors?.[ordinal] ?? null,
        });
      }
      await moveRelationships(tx, scene.id, character, others, allLines, result.views, epoch, now);
      return true;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return false;
    throw error;
  }
}

/** Each of the character's relationships moves once per conversation (`lastEpoch` guards retries). */
async function moveRelationships(
  tx: EntityManager,
  sceneId: string,
  character: CharacterRow,
  others: CharacterRow[],
  lines: MemoryLine[],
  views: ViewDraft[],
  epoch: number,
  now: number,
): Promise<void> {
  for (const other of others) {
    const said = views.find((v) => v.name === other.name) ?? null;
    const row = await tx.findOne(RelationshipEntity, { characterId: character.id, otherId: other.id });
    if (row && row.lastEpoch >= epoch) continue;
    const next = nextRelationship(row ?? null, signalsFrom(lines, character.name, other.name, said?.feeling ?? null));
    const view = said ? clipText(said.view, MEMORY_LIMITS.view) : (row?.view ?? '');
    if (row) {
      await tx.nativeUpdate(RelationshipEntity, { id: row.id }, { ...next, view, lastEpoch: epoch, updatedAt: now });
    } else {
      await tx.insert(RelationshipEntity, {
        characterId: character.id,
        otherId: other.id,
        sceneId,
        ...next,
        view,
        lastEpoch: epoch,
        updatedAt: now,
      });
    }
  }
}

async function embed(deps: MemoryDeps, texts: string[]): Promise<number[][] | null> {
  if (!deps.embedder || texts.length === 0) return null;
  try {
    return await deps.embedder.embed(texts);
  } catch (err) {
    // Lexical relevance still works for memories stored without vectors.
    deps.logger.warn({ err, dependency: 'embeddings' }, 'embeddings failed; memories stored without vectors');
    return null;
  }
}

const asItem = (m: { id: number; kind: string; text: string; about: string[]; importance: number; createdAt: number }): MemoryItem => ({
  id: m.id,
  kind: m.kind as MemoryKind,
  text: m.text,
  about: m.about,
  importance: m.importance,
  createdAt: m.createdAt,
});

/**
 * When the character's store is past its bound, the model sums up the old, unimportant
 * memories as one reflection that replaces them (`domain/memory.ts` picks which). One per
 * conversation at most (the reflection is unique per character and conversation). True when it ran.
 */
export async function consolidate(deps: MemoryDeps, character: CharacterRow, epoch: number, signal?: AbortSignal): Promise<boolean> {
  const { llm } = deps;
  if (!llm.reflect) return false;
  const em = deps.orm.em.fork();
  if ((await em.count(MemoryEntity, { characterId: character.id })) <= MEMORY_LIMITS.store) return false;
  const rows = await em.find(
    MemoryEntity,
    { characterId: character.id },
    { fields: ['id', 'kind', 'text', 'about', 'importance', 'createdAt'] },
  );
  const picked = pickForConsolidation(rows.map(asItem));
  if (picked.length === 0) return false;
  const others = await em.find(CharacterEntity, { sceneId: character.sceneId, id: { $ne: character.id } });
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
  // Nothing usable: the memories stay; the next conversation tries again.
  if (!result.reflection) return false;
  const reflection = result.reflection;
  const vectors = await embed(deps, [reflection.text]);
  const now = deps.clock.now();
  try {
    return await deps.orm.em.fork().transactional(async (tx) => {
      await tx.insert(MemoryEntity, {
        characterId: character.id,
        sceneId: character.sceneId,
        epoch,
        kind: 'REFLECTION',
        ordinal: 0,
        text: reflection.text,
        about: reflection.about,
        importance: Math.max(reflection.importance, reflectionImportance(picked)),
        createdAt: now,
        embedding: vectors?.[0] ?? null,
      });
      await tx.nativeDelete(MemoryEntity, { id: { $in: picked.map((m) => m.id) }, characterId: character.id });
      return true;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return false;
    throw error;
  }
}
