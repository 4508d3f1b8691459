import type { Logger } from 'pino';
import { CharacterEntity, SceneEntity } from '../../adapters/db/entities.js';
import type { Orm } from '../../adapters/db/orm.js';
import type { Config } from '../../config.js';
import type { AppPubSub } from '../../graphql/topics.js';
import type { Clock } from '../../ports/clock.js';
import type { Job, JobQueue } from '../../ports/jobQueue.js';
import type { Llm } from '../../ports/llm.js';
import type { Embedder } from '../../ports/memory.js';
import type { Presence } from '../../ports/presence.js';
import type { Screen } from '../../ports/screen.js';

/** What the scene loop's steps need; the container supplies one of each. */
export interface SceneLoopDeps {
  config: Pick<Config, 'timing' | 'loop' | 'budget' | 'broadcast' | 'moderation'>;
  orm: Orm;
  pubsub: AppPubSub;
  queue: JobQueue;
  presence: Presence;
  llm: Llm;
  /** Screens every model line before it is published (services/lineScreen.ts). */
  screen: Screen;
  clock: Clock;
  logger: Logger;
  /** Embeddings for memory relevance, when an embeddings model is configured. */
  embedder?: Embedder | null;
  /**
   * When a conversation ends for good, play the most-voted approved proposal as a new
   * scene instead of restarting this one; resolves to the new scene's id, or null.
   */
  playNextProposal?: (endedSceneId: string, epoch: number) => Promise<string | null>;
}

/** Counters for tests, metrics and benchmarks. */
export interface LoopStats {
  modelCalls: number;
  turns: number;
  dropped: number;
}

/** Every step's first argument: the dependencies and the loop's counters. */
export interface LoopDeps extends SceneLoopDeps {
  stats: LoopStats;
}

/** A scene and its characters in display order, read with a fresh entity manager the step may keep using. */
export async function loadScene(deps: Pick<LoopDeps, 'orm'>, sceneId: string) {
  const em = deps.orm.em.fork();
  const scene = await em.findOne(SceneEntity, { id: sceneId });
  const characters = scene ? await em.find(CharacterEntity, { sceneId }, { orderBy: { sortOrder: 'asc' } }) : [];
  return { em, scene, characters };
}

/** Whether a turn may spend a model call: someone watches (or config says run anyway). */
export async function watched(deps: Pick<LoopDeps, 'config' | 'presence'>, sceneId: string): Promise<boolean> {
  return deps.config.loop.runWithoutViewers || (await deps.presence.count(sceneId)) > 0;
}

/** A stale or pointless step ends quietly: counted, logged at debug, nothing written. */
export function drop(deps: Pick<LoopDeps, 'stats' | 'logger'>, job: Job, why: string): void {
  deps.stats.dropped++;
  deps.logger.debug({ job: job.id, why }, 'step dropped');
}
