import { CharacterEntity, SceneEntity } from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import { cooldownMs } from '../domain/timing.js';
import type { SceneEventBody } from '../domain/events.js';
import { characterState } from './mappers.js';
import { commitSceneChange } from './sceneCommit.js';

/** What a control action did: `changed` is false when the scene was already in that state. */
export interface ControlResult {
  found: boolean;
  changed: boolean;
}

const NOT_FOUND: ControlResult = { found: false, changed: false };

async function sceneExists(container: Container, sceneId: string) {
  return container.orm.em.fork().findOne(SceneEntity, { id: sceneId });
}

/**
 * Pause a running scene: no model calls until resumed. A turn in flight is dropped when
 * its result comes back (the guard sees PAUSED); everyone stops talking.
 */
export async function pauseScene(container: Container, sceneId: string, reason: string): Promise<ControlResult> {
  const scene = await sceneExists(container, sceneId);
  if (!scene) return NOT_FOUND;
  const now = container.clock.now();
  const records = await commitSceneChange(container, sceneId, { status: 'RUNNING' }, scene.epoch, now, async (tx) => {
    const busy = await tx.find(CharacterEntity, { sceneId, action: { $ne: 'IDLE' } });
    await tx.nativeUpdate(SceneEntity, { id: sceneId }, { status: 'PAUSED', statusReason: reason });
    await tx.nativeUpdate(
      CharacterEntity,
      { sceneId, action: { $ne: 'IDLE' } },
      { action: 'IDLE', actionStartedAt: now, actionDurationMs: 0 },
    );
    return [
      { type: 'STATUS_CHANGED', status: 'PAUSED', reason },
      ...busy.map((c): SceneEventBody => ({
        type: 'CHARACTER_CHANGED',
        character: characterState({ ...c, action: 'IDLE', actionStartedAt: now, actionDurationMs: 0 }),
      })),
    ];
  });
  if (records) container.pubsub.publish('sceneList:changed', { sceneId, status: 'PAUSED', statusReason: reason });
  return { found: true, changed: records !== null };
}

/** Resume a paused scene: the next turn starts now. */
export async function resumeScene(container: Container, sceneId: string): Promise<ControlResult> {
  const scene = await sceneExists(container, sceneId);
  if (!scene) return NOT_FOUND;
  const now = container.clock.now();
  const records = await commitSceneChange(container, sceneId, { status: 'PAUSED' }, scene.epoch, now, async (tx) => {
    await tx.nativeUpdate(SceneEntity, { id: sceneId }, { status: 'RUNNING', statusReason: null, nextTurnAt: now });
    return [{ type: 'STATUS_CHANGED', status: 'RUNNING', reason: null }];
  });
  if (records) {
    container.pubsub.publish('sceneList:changed', { sceneId, status: 'RUNNING', statusReason: null });
    await container.loop.wake(sceneId);
  }
  return { found: true, changed: records !== null };
}

/** End the current conversation now; the next one starts after the cooldown. */
export async function endScene(container: Container, sceneId: string, reason: string): Promise<ControlResult> {
  const scene = await sceneExists(container, sceneId);
  if (!scene) return NOT_FOUND;
  const now = container.clock.now();
  const nextConversationAt = now + cooldownMs(container.config.timing, scene.pace);
  const records = await commitSceneChange(container, sceneId, { status: ['RUNNING', 'PAUSED'] }, scene.epoch, now, async (tx) => {
    await tx.nativeUpdate(SceneEntity, { id: sceneId }, { status: 'ENDED', statusReason: reason, endedAt: now });
    return [
      { type: 'STATUS_CHANGED', status: 'ENDED', reason },
      { type: 'CONVERSATION_ENDED', nextConversationAt },
    ];
  });
  if (records) {
    container.pubsub.publish('sceneList:changed', { sceneId, status: 'ENDED', statusReason: reason });
    await container.loop.scheduleMemories(sceneId, scene.epoch);
    await container.loop.wake(sceneId);
  }
  return { found: true, changed: records !== null };
}

/** Start a fresh conversation now: from an ended scene (skipping the cooldown) or as a reset from any state. */
export async function restartScene(container: Container, sceneId: string, reason: 'NEXT' | 'RESET'): Promise<ControlResult> {
  const scene = await sceneExists(container, sceneId);
  if (!scene) return NOT_FOUND;
  const guard = reason === 'NEXT' ? { status: 'ENDED' as const, open: true as const } : {};
  const changed = await container.loop.restartConversation(sceneId, guard, reason);
  if (changed) await container.loop.wake(sceneId);
  return { found: true, changed };
}

/**
 * Skip an ended scene's cooldown: run the step the cooldown would run (play the top approved
 * proposal, else start the next conversation). Changes nothing unless the scene has ended and
 * no proposal took over yet; it makes no model call.
 */
export async function startNextConversationNow(container: Container, sceneId: string): Promise<ControlResult> {
  const scene = await sceneExists(container, sceneId);
  if (!scene) return NOT_FOUND;
  if (scene.status !== 'ENDED' || scene.successorSceneId) return { found: true, changed: false };
  return { found: true, changed: await container.loop.nextConversation(sceneId, scene.epoch) };
}
