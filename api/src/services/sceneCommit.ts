import type { EntityManager } from '@mikro-orm/core';
import type { SceneEventBody, SceneEventRecord } from '../domain/events.js';
import type { Orm } from '../adapters/db/orm.js';
import { withSpan } from '../adapters/tracing/tracing.js';
import type { AppPubSub } from '../graphql/topics.js';
import { airsAtFor, appendEvents, lockScene, publishEvents, type SceneGuard } from './eventLog.js';

export interface CommitDeps {
  orm: Orm;
  pubsub: AppPubSub;
  /** BROADCAST_DELAY_SECONDS, for scenes without a delay of their own (absent: 0). */
  config?: { broadcast: { delaySeconds: number }; timing: { timeScale: number } };
}

/** What a commit's `work` may need to know: when its rows reach viewers (null: at once). */
export interface CommitInfo {
  airsAt: number | null;
}

/**
 * The one way scene state changes: in a transaction, lock the scene row and check the
 * guard, let `work` write its rows and return the events, append them to the log, commit,
 * then publish. Resolves to the published events, or null when the guard failed (a stale
 * step: nothing was written).
 */
export async function commitSceneChange(
  deps: CommitDeps,
  sceneId: string,
  guard: SceneGuard,
  eventEpoch: number,
  now: number,
  work: (tx: EntityManager, info: CommitInfo) => Promise<SceneEventBody[]>,
): Promise<SceneEventRecord[] | null> {
  const attributes = { 'pixeltales.scene.id': sceneId };
  const records = await withSpan('commit', attributes, (span) =>
    deps.orm.em.fork().transactional(async (tx) => {
      const locked = await lockScene(tx, sceneId, 0, guard);
      if (locked === null) {
        span.setAttribute('pixeltales.stale', true);
        return null;
      }
      const airsAt = airsAtFor(locked, now, deps.config?.broadcast.delaySeconds ?? 0, deps.config?.timing.timeScale);
      const bodies = await work(tx, { airsAt });
      return appendEvents(tx, sceneId, eventEpoch, bodies, now, {}, airsAt);
    }),
  );
  if (records)
    await withSpan('publish', { ...attributes, 'pixeltales.events': records.length }, async () => publishEvents(deps.pubsub, records));
  return records;
}
