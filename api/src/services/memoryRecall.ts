import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { MemoryEntity, RelationshipEntity, type CharacterRow } from '../adapters/db/entities.js';
import { MEMORY_LIMITS, recall, type MemoryItem, type MemoryKind } from '../domain/memory.js';
import type { TurnContext } from '../ports/llm.js';
import type { Embedder } from '../ports/memory.js';

/** What the turn prompt gets from memory: the best memories and how the speaker sees those present. */
export type Recalled = Required<Pick<TurnContext, 'memories' | 'relationships'>>;

/**
 * The speaker's top memories for the conversation so far (recency, importance, relevance to
 * `queryText` and to who is present; by embeddings when an embedder is given and the memories
 * have vectors, else lexically), and one relationship line per other character present. Reads
 * at most one store (bounded by consolidation) and one relationship row per pair.
 */
export async function recallForTurn(
  em: EntityManager,
  speaker: CharacterRow,
  present: CharacterRow[],
  queryText: string,
  now: number,
  options: { embedder?: Embedder | null; logger?: Logger; k?: number } = {},
): Promise<Recalled> {
  const others = present.filter((c) => c.id !== speaker.id);
  const withVectors = Boolean(options.embedder);
  const rows = await em.find(
    MemoryEntity,
    { characterId: speaker.id },
    { fields: ['id', 'kind', 'text', 'about', 'importance', 'createdAt', ...(withVectors ? (['embedding'] as const) : [])] },
  );
  let embedding: number[] | null = null;
  if (options.embedder && rows.some((r) => r.embedding) && queryText.trim()) {
    try {
      [embedding = null] = await options.embedder.embed([queryText]);
    } catch (err) {
      options.logger?.warn({ err, dependency: 'embeddings' }, 'embeddings failed; recalling memories lexically');
    }
  }
  const items: MemoryItem[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind as MemoryKind,
    text: r.text,
    about: r.about,
    importance: r.importance,
    createdAt: r.createdAt,
    embedding: r.embedding ?? null,
  }));
  const best = recall(items, { now, text: queryText, present: others.map((o) => o.name), embedding }, options.k ?? MEMORY_LIMITS.recall);
  const relationships = others.length
    ? await em.find(RelationshipEntity, { characterId: speaker.id, otherId: { $in: others.map((o) => o.id) } })
    : [];
  const nameOf = new Map(others.map((o) => [o.id, o.name]));
  return {
    memories: best.map((m) => ({ about: m.about, text: m.text })),
    relationships: relationships
      .filter((r) => nameOf.has(r.otherId))
      .sort((a, b) => b.familiarity - a.familiarity)
      .map((r) => ({ name: nameOf.get(r.otherId)!, affinity: r.affinity, familiarity: r.familiarity, view: r.view })),
  };
}
