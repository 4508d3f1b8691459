import type { Client } from '@urql/core';
import type { CharacterMemoriesQuery as Result } from '../graphql/generated/graphql';
import { CharacterMemoriesQuery } from '../graphql/memory';

type Character = NonNullable<Result['scene']>['characters'][number];
export type MemoryNote = Character['memories']['nodes'][number];
export type RelationshipNote = Character['relationships'][number];

/** What the character card shows: a couple of memories and how the character feels about the others. */
export interface CharacterMind {
  /** How many memories the character holds. */
  total: number;
  /** The ones to show: the most important of the newest few, then the newest. */
  remembers: MemoryNote[];
  relationships: RelationshipNote[];
}

/** Memories read per character (the card shows the best `SHOWN` of them). */
const READ = 6;
const SHOWN = 2;

/**
 * The memories worth showing: most important first among the newest few (ties newest first),
 * skipping one that starts like one already picked (the same kind of memory twice says little).
 */
export function pickShown(nodes: readonly MemoryNote[], shown = SHOWN): MemoryNote[] {
  const opening = (m: MemoryNote) => m.text.split(/\s+/).slice(0, 4).join(' ');
  const ranked = [...nodes].sort((a, b) => b.importance - a.importance || b.createdAt - a.createdAt);
  const picked: MemoryNote[] = [];
  for (const m of ranked) if (picked.length < shown && !picked.some((p) => opening(p) === opening(m))) picked.push(m);
  // Too few distinct ones: fill with the rest in the same order.
  for (const m of ranked) if (picked.length < shown && !picked.includes(m)) picked.push(m);
  return picked;
}

/** Affinity -1..1 as a word for screen readers and the tooltip. */
export function feelingWord(affinity: number): string {
  if (affinity >= 0.5) return 'fond of';
  if (affinity >= 0.15) return 'likes';
  if (affinity > -0.15) return 'neutral about';
  if (affinity > -0.5) return 'wary of';
  return 'dislikes';
}

/**
 * What the characters of the shown scene remember, read when the scene, its conversation or
 * its status changes and when a moderator deletes or resets memories (`version`). Memories
 * are written shortly after a conversation ends, so an ended scene is read once more later.
 * A read started while another is in flight wins; the older answer is dropped.
 */
export class MemoriesStore {
  byCharacter = $state.raw<Readonly<Record<string, CharacterMind>>>({});
  private key = '';
  private generation = 0;
  private later: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly urql: Client) {}

  /** Show scene `sceneId`; `key` names its state (conversation, status, memory events): a new key reads again. */
  track(sceneId: string | null, key: string): void {
    const full = `${sceneId}|${key}`;
    if (full === this.key) return;
    const sameScene = this.key.startsWith(`${sceneId}|`);
    this.key = full;
    if (this.later) clearTimeout(this.later);
    this.later = null;
    if (!sameScene) this.byCharacter = {};
    if (!sceneId) return;
    void this.load(sceneId);
    // The `remember` step runs beside the cooldown: read again once it has had time to write.
    this.later = setTimeout(() => void this.load(sceneId), 8_000);
  }

  stop(): void {
    if (this.later) clearTimeout(this.later);
    this.later = null;
    this.generation++;
  }

  private async load(sceneId: string): Promise<void> {
    const n = ++this.generation;
    const result = await this.urql
      .query(CharacterMemoriesQuery, { id: sceneId, first: READ }, { requestPolicy: 'network-only' })
      .toPromise();
    if (n !== this.generation || !result.data?.scene) return;
    this.byCharacter = Object.fromEntries(
      result.data.scene.characters.map((c) => [
        c.id,
        { total: c.memories.totalCount, remembers: pickShown(c.memories.nodes), relationships: c.relationships },
      ]),
    );
  }
}
