import type { EntityManager } from '@mikro-orm/core';
import { MemoryEntity, RelationshipEntity, SceneEntity, type MessageRow } from '../adapters/db/entities.js';
import type { SceneEventBody } from '../domain/events.js';
import { derivedFrom } from '../domain/provenance.js';
import { rebuildSummary } from './turnContext.js';

/** What hiding a line took away besides the line itself. */
export interface Forgotten {
  /** MEMORY_DELETED for every memory dropped, for open character cards. */
  events: SceneEventBody[];
  /** Memories dropped. */
  memories: number;
  /** Relationship views emptied. */
  views: number;
  /** Whether the scene's running summary was rebuilt without it. */
  summary: boolean;
}

/**
 * Everything that came of a line a moderator just hid, gone with it, inside the hide's
 * transaction (the scene row is locked, so no memory write or consolidation interleaves):
 * - every memory derived from its conversation is dropped: the episodes each character wrote
 *   of it and the reflections that folded them (provenance: `domain/provenance.ts`). Dropped,
 *   not rewritten: a rewrite by a model could paraphrase the line again. The line itself stays
 *   stored with its reason, which is what moderators read;
 * - every relationship view derived from it is emptied (affinity and familiarity, numbers,
 *   stay): the next conversation writes a new one;
 * - the running summary of the current conversation, when the line was folded into it, is
 *   rebuilt from the lines still visible, so no later prompt carries its gist or topic words.
 */
export async function forgetHiddenLine(tx: EntityManager, message: MessageRow): Promise<Forgotten> {
  const { sceneId, epoch } = message;
  const memories = (
    await tx.find(MemoryEntity, { sceneId }, { fields: ['id', 'characterId', 'epoch', 'sourceEpochs'], orderBy: { id: 'asc' } })
  ).filter((m) => derivedFrom(m.sourceEpochs ?? null, m.epoch, epoch));
  if (memories.length) await tx.nativeDelete(MemoryEntity, { id: { $in: memories.map((m) => m.id) } });

  const views = (await tx.find(RelationshipEntity, { sceneId, view: { $ne: '' } }, { fields: ['id', 'lastEpoch', 'sourceEpochs'] })).filter(
    (r) => derivedFrom(r.sourceEpochs ?? null, r.lastEpoch, epoch),
  );
  if (views.length) await tx.nativeUpdate(RelationshipEntity, { id: { $in: views.map((r) => r.id) } }, { view: '', sourceEpochs: [] });

  const scene = await tx.findOne(SceneEntity, { id: sceneId }, { fields: ['id', 'epoch', 'summaryThroughTurn'] });
  const summary = !!scene && scene.epoch === epoch && message.turn <= scene.summaryThroughTurn;
  if (summary) {
    const rebuilt = await rebuildSummary(tx, sceneId, epoch, scene.summaryThroughTurn);
    await tx.nativeUpdate(SceneEntity, { id: sceneId }, { summary: rebuilt });
  }
  return {
    events: memories.map((m): SceneEventBody => ({ type: 'MEMORY_DELETED', memoryId: m.id, characterId: m.characterId })),
    memories: memories.length,
    views: views.length,
    summary,
  };
}
