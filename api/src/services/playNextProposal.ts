import { ProposalEntity, SceneEntity } from '../adapters/db/entities.js';
import type { Orm } from '../adapters/db/orm.js';
import type { SceneSeed } from '../domain/content.js';
import { effectiveSettings, type ModelPolicy } from '../domain/modelPolicy.js';
import { roomById } from '../domain/rooms.js';
import type { AppPubSub } from '../graphql/topics.js';
import type { Clock } from '../ports/clock.js';
import { commitSceneChange } from './sceneCommit.js';
import { insertScene } from './seed.js';

/**
 * What playing a proposal needs. Named here rather than taken from the container because the
 * container wires this function into the scene loop: depending on it would close a circle.
 */
export interface PlayProposalDeps {
  orm: Orm;
  clock: Clock;
  pubsub: AppPubSub;
  /** The operator's current model rules: a proposal stored under older ones plays within today's. */
  policy: ModelPolicy;
  /** BROADCAST_DELAY_SECONDS (the ended scene's last event airs after the lines before it). */
  config?: { broadcast: { delaySeconds: number }; timing: { timeScale: number } };
}

/**
 * After a conversation ends: play the most-voted approved proposal as a new scene. In one
 * transaction the proposal becomes PLAYED, the scene is created and the ended scene points
 * at its successor (so exactly one worker can do it). Resolves to the new scene id or null.
 */
export async function playNextProposal(deps: PlayProposalDeps, endedSceneId: string, epoch: number): Promise<string | null> {
  const em = deps.orm.em.fork();
  const [best] = await em.find(ProposalEntity, { status: 'APPROVED' }, { orderBy: { score: 'desc', createdAt: 'asc' }, limit: 1 });
  if (!best) return null;
  const now = deps.clock.now();
  const room = roomById(best.room);
  const seed: SceneSeed = {
    slug: `${slugify(best.name)}-${best.id.slice(0, 6)}`,
    name: best.name,
    description: best.description,
    room: room.id,
    characters: best.characters.map((c, i) => ({
      name: c.name,
      colour: c.colour.toLowerCase(),
      persona: c.persona,
      appearance: c.appearance,
      talkativeness: 1,
      mood: 'curious',
      moodEmoji: '🙂',
      spot: room.spots[i % room.spots.length]!.name,
    })),
  };
  let newSceneId: string | null = null;
  const order = await em.count(SceneEntity, {});
  try {
    await commitSceneChange(deps, endedSceneId, { epoch, status: 'ENDED', open: true }, epoch, now, async (tx) => {
      newSceneId = await insertScene(tx, seed, now, {
        builtIn: false,
        sortOrder: order,
        proposalId: best.id,
        characterModels: best.characters.map((c) =>
          effectiveSettings(deps.policy, { model: c.model ?? null, temperature: c.temperature ?? null }),
        ),
      });
      const taken = await tx.nativeUpdate(
        ProposalEntity,
        { id: best.id, status: 'APPROVED' },
        { status: 'PLAYED', playedSceneId: newSceneId },
      );
      if (!taken) throw new ProposalTaken();
      await tx.nativeUpdate(SceneEntity, { id: endedSceneId }, { successorSceneId: newSceneId });
      return [{ type: 'NEXT_SCENE_STARTED', nextSceneId: newSceneId, nextSceneSlug: seed.slug }];
    });
  } catch (err) {
    if (err instanceof ProposalTaken) return null;
    throw err;
  }
  if (newSceneId) deps.pubsub.publish('sceneList:changed', { sceneId: newSceneId, status: 'RUNNING', epoch: 1 });
  return newSceneId;
}

class ProposalTaken extends Error {}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'scene'
  );
}
