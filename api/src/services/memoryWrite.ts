import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import {
  CharacterEntity,
  MemoryEntity,
  MessageEntity,
  RelationshipEntity,
  SceneEntity,
  type CharacterRow,
  type MessageRow,
  type RelationshipRow,
  type SceneRow,
} from '../adapters/db/entities.js';
import { clipText, MEMORY_LIMITS } from '../domain/memory.js';
import { mergeSources } from '../domain/provenance.js';
import { nextRelationship, signalsFrom } from '../domain/relationship.js';
import { foldSummary, SUMMARY_MAX_CHARS } from '../domain/summary.js';
import type { MemoryDraft, MemoryLine, ViewDraft } from '../ports/memory.js';
import { allocateSeqs } from './eventLog.js';
import { consolidate, embed, type MemoryDeps } from './memoryConsolidation.js';
import { holdMemoryForBudget, recordMemoryCall } from './memoryUsage.js';

export type { MemoryDeps } from './memoryConsolidation.js';

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

/** A moderator's hide came while the model wrote: what it wrote may quote the hidden line. */
const STALE = 'stale';
/** Attempts per character when hides keep coming while the model writes. */
const WRITE_ATTEMPTS = 3;

/**
 * The `remember` step, after conversation `epoch` of a scene ended: each character writes its
 * memories of it (the model, in its own voice) and moves its relationships; then a store past
 * its bound is consolidated. Runs outside any turn's transaction. Idempotent: a character that
 * already has memories of this conversation is skipped, and the insert is unique per
 * (character, conversation, kind, ordinal), so a retried or doubled job stores nothing twice.
 * A character whose memory was reset after this conversation (`memoryFromEpoch`) is skipped.
 * Every model call is counted (services/memoryUsage.ts); none is made while a token budget is
 * spent: the step throws `DeferredError` and runs again when the window allows.
 * Only visible lines are given to the writer; when a moderator hides one of them (or empties a
 * view it was shown) while it writes, the answer is thrown away and written again from what is
 * still visible.
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
  if (characters.length === 0 || (await em.count(MessageEntity, { sceneId, epoch, hidden: false })) === 0) return outcome;

  for (const character of characters) {
    if (character.memoryFromEpoch > epoch || (await em.count(MemoryEntity, { characterId: character.id, epoch, kind: 'EPISODE' })) > 0) {
      outcome.skipped++;
    } else {
      let written: boolean | typeof STALE = STALE;
      for (let attempt = 0; attempt < WRITE_ATTEMPTS && written === STALE; attempt++) {
        const fresh = deps.orm.em.fork();
        const messages = await fresh.find(MessageEntity, { sceneId, epoch, hidden: false }, { orderBy: { turn: 'asc' } });
        if (messages.length === 0) written = false;
        else written = await writeFor(deps, fresh, scene, characters, character, messages, epoch, signal);
      }
      if (written === true) outcome.written++;
      else outcome.skipped++;
    }
    // Also for a character written before: a step deferred by the budget between its write and
    // its consolidation consolidates when it runs again.
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
): Promise<boolean | typeof STALE> {
  const others = characters.filter((c) => c.id !== character.id);
  const relationships = await em.find(RelationshipEntity, { characterId: character.id });
  const nameOf = new Map(characters.map((c) => [c.id, c.name]));
  const shown = relationships.filter((r) => nameOf.has(r.otherId) && r.view);
  const older = messages.slice(0, Math.max(0, messages.length - MEMORY_LINES));
  const lines = messages.slice(-MEMORY_LINES).map(toMemoryLine);
  await holdMemoryForBudget(deps, scene.id);
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
      views: shown.map((r) => ({ name: nameOf.get(r.otherId)!, view: r.view })),
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
  // Counted whether or not what it wrote is stored: the tokens are spent.
  await recordMemoryCall(deps, {
    kind: 'MEMORY',
    sceneId: scene.id,
    characterId: character.id,
    characterName: character.name,
    epoch,
    model: result.model,
    promptTokens: result.promptTokens,
    completionTokens: result.completionTokens,
    createdAt: deps.clock.now(),
  });
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
      // The scene row lock orders this with a moderator's hide (services/hiddenLines.ts): either
      // the hide comes after and drops what this stores, or this sees the hide and writes again.
      await allocateSeqs(tx, scene.id, 0);
      if (await hiddenSince(tx, messages, shown)) return STALE;
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
          sourceEpochs: [epoch],
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

/** Whether a line given to the writer was hidden, or a view it was shown emptied, since they were read. */
async function hiddenSince(tx: EntityManager, messages: MessageRow[], shown: RelationshipRow[]): Promise<boolean> {
  if ((await tx.count(MessageEntity, { id: { $in: messages.map((m) => m.id) }, hidden: true })) > 0) return true;
  if (shown.length === 0) return false;
  const current = await tx.find(RelationshipEntity, { id: { $in: shown.map((r) => r.id) } }, { fields: ['id', 'view'] });
  return shown.some((r) => current.find((c) => c.id === r.id)?.view !== r.view);
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
    // A new view comes of this conversation and of the old view the writer was asked to update.
    const kept = row ? (row.sourceEpochs ?? null) : [];
    const sourceEpochs = !said ? kept : row?.view ? mergeSources([kept, [epoch]]) : [epoch];
    if (row) {
      await tx.nativeUpdate(RelationshipEntity, { id: row.id }, { ...next, view, sourceEpochs, lastEpoch: epoch, updatedAt: now });
    } else {
      await tx.insert(RelationshipEntity, {
        characterId: character.id,
        otherId: other.id,
        sceneId,
        ...next,
        view,
        sourceEpochs,
        lastEpoch: epoch,
        updatedAt: now,
      });
    }
  }
}
