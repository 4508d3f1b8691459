import type { EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { CharacterEntity, SceneEntity } from '../adapters/db/entities.js';
import type { SceneSeed } from '../domain/content.js';
import { roomById } from '../domain/rooms.js';

/**
 * Insert the built-in scenes that are not there yet (matched by slug). Safe to run on
 * every start and from several processes: a slug conflict means another process won.
 */
export async function seedBuiltInScenes(em: EntityManager, seeds: readonly SceneSeed[], now: number): Promise<number> {
  const existing = new Set((await em.find(SceneEntity, {}, { fields: ['slug'] })).map((s) => s.slug));
  let created = 0;
  for (const [order, seed] of seeds.entries()) {
    if (existing.has(seed.slug)) continue;
    try {
      await em.transactional(async (tx) => {
        await insertScene(tx, seed, now, { builtIn: true, sortOrder: order });
      });
      created++;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return created;
}

/** Insert one scene with its characters at their home spots; returns the scene id. */
export async function insertScene(
  tx: EntityManager,
  seed: SceneSeed,
  now: number,
  extra: {
    builtIn: boolean;
    sortOrder: number;
    proposalId?: string;
    characterModels?: ({ model?: string | null; temperature?: number | null } | undefined)[];
  },
): Promise<string> {
  const sceneId = randomUUID();
  const spots = roomById(seed.room).spots;
  const characters = seed.characters.map((c, i) => {
    const spot = spots.some((s) => s.name === c.spot) ? c.spot : spots[i % spots.length]!.name;
    return {
      id: randomUUID(),
      sceneId,
      sortOrder: i,
      name: c.name,
      colour: c.colour,
      persona: c.persona,
      appearance: c.appearance,
      model: extra.characterModels?.[i]?.model ?? null,
      temperature: extra.characterModels?.[i]?.temperature ?? null,
      talkativeness: c.talkativeness,
      homeSpot: spot,
      spot,
      baseMood: c.mood,
      baseMoodEmoji: c.moodEmoji,
      mood: c.mood,
      moodEmoji: c.moodEmoji,
      facing: 'down',
      action: 'IDLE',
      actionStartedAt: now,
      actionDurationMs: 0,
      endRequestedAt: null,
    };
  });
  await tx.insert(SceneEntity, {
    id: sceneId,
    slug: seed.slug,
    name: seed.name,
    description: seed.description,
    room: seed.room,
    builtIn: extra.builtIn,
    sortOrder: extra.sortOrder,
    status: 'RUNNING',
    epoch: 1,
    nextTurn: 1,
    lastSeq: 0,
    pace: 1,
    startCharacterId: characters[0]?.id ?? null,
    startedAt: now,
    nextTurnAt: now,
    summary: '',
    summaryThroughTurn: 0,
    proposalId: extra.proposalId ?? null,
    createdAt: now,
  });
  await tx.insertMany(CharacterEntity, characters);
  return sceneId;
}

/** True for a unique-constraint violation on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string };
  return e?.name === 'UniqueConstraintViolationException' || e?.code === '23505' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}
