import {
  CharacterEntity,
  MemoryEntity,
  RelationshipEntity,
  SceneEntity,
  type MemoryRow,
  type RelationshipRow,
} from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import { commitSceneChange } from './sceneCommit.js';

type Db = Pick<Container, 'orm'>;

/** A memory as the API shows it (its vector stays in the database). */
export type MemoryView = Omit<MemoryRow, 'embedding'>;

/** A page of a character's memories, newest first. */
export interface MemoryPage {
  nodes: MemoryView[];
  hasNextPage: boolean;
  total: number;
}

/** `first` memories of a character older than the memory `beforeId` (the cursor), newest first. */
export async function memoryPage(db: Db, characterId: string, first: number, beforeId?: number): Promise<MemoryPage> {
  const em = db.orm.em.fork();
  const rows = await em.find(
    MemoryEntity,
    { characterId, ...(beforeId !== undefined ? { id: { $lt: beforeId } } : {}) },
    { orderBy: { id: 'desc' }, limit: first + 1, exclude: ['embedding'] },
  );
  const total = await em.count(MemoryEntity, { characterId });
  return { nodes: rows.slice(0, first), hasNextPage: rows.length > first, total };
}

/** How a character sees each other character of its scene (those it has talked with), closest first. */
export async function relationshipsOf(
  db: Db,
  characterId: string,
): Promise<(RelationshipRow & { otherName: string; otherColour: string })[]> {
  const em = db.orm.em.fork();
  const rows = await em.find(RelationshipEntity, { characterId }, { orderBy: { familiarity: 'desc', id: 'asc' } });
  if (rows.length === 0) return [];
  const others = await em.find(CharacterEntity, { id: { $in: rows.map((r) => r.otherId) } });
  const byId = new Map(others.map((o) => [o.id, o]));
  return rows.flatMap((r) => {
    const other = byId.get(r.otherId);
    return other ? [{ ...r, otherName: other.name, otherColour: other.colour }] : [];
  });
}

/**
 * Delete one memory; viewers get MEMORY_DELETED on its scene. Null when there is no such
 * memory (deleting twice finds nothing the second time).
 */
export async function deleteMemory(container: Container, memoryId: number): Promise<MemoryView | null> {
  const em = container.orm.em.fork();
  const memory = await em.findOne(MemoryEntity, { id: memoryId }, { exclude: ['embedding'] });
  if (!memory) return null;
  const scene = await em.findOne(SceneEntity, { id: memory.sceneId });
  if (!scene) {
    await em.nativeDelete(MemoryEntity, { id: memoryId });
    return memory;
  }
  let deleted = 0;
  await commitSceneChange(container, scene.id, {}, scene.epoch, container.clock.now(), async (tx) => {
    deleted = await tx.nativeDelete(MemoryEntity, { id: memoryId });
    return deleted ? [{ type: 'MEMORY_DELETED', memoryId, characterId: memory.characterId }] : [];
  });
  return deleted ? memory : null;
}

/**
 * Forget everything a character remembers: its memories and its views of the others (theirs
 * of it stay). Conversations up to the scene's current one are never written afterwards, even
 * by a `remember` step still pending. Viewers get MEMORY_RESET. Resolves to the character's
 * scene id, or null when there is no such character.
 */
export async function resetCharacterMemory(container: Container, characterId: string): Promise<string | null> {
  const em = container.orm.em.fork();
  const character = await em.findOne(CharacterEntity, { id: characterId });
  if (!character) return null;
  const scene = await em.findOne(SceneEntity, { id: character.sceneId });
  if (!scene) return null;
  await commitSceneChange(container, scene.id, {}, scene.epoch, container.clock.now(), async (tx) => {
    // The scene row is locked: its epoch cannot move under us.
    const current = await tx.findOne(SceneEntity, { id: scene.id });
    await tx.nativeUpdate(CharacterEntity, { id: characterId }, { memoryFromEpoch: (current?.epoch ?? scene.epoch) + 1 });
    await tx.nativeDelete(MemoryEntity, { characterId });
    await tx.nativeDelete(RelationshipEntity, { characterId });
    return [{ type: 'MEMORY_RESET', characterId }];
  });
  return scene.id;
}

/** Reset the memory of every character of a scene (a reset scene with `keepMemories: false`). */
export async function resetSceneMemories(container: Container, sceneId: string): Promise<number> {
  const characters = await container.orm.em.fork().find(CharacterEntity, { sceneId });
  for (const c of characters) await resetCharacterMemory(container, c.id);
  return characters.length;
}
