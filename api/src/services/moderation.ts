import { MessageEntity, SceneEntity, type MessageRow, type SceneRow } from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import { forgetHiddenLine, type Forgotten } from './hiddenLines.js';
import { commitSceneChange } from './sceneCommit.js';

/**
 * Hide a message from viewers (moderators still see it, with the reason). Every viewer's
 * log and bubble drop it through a MESSAGE_HIDDEN event; replays redact it. What came of it
 * goes too (`forgetHiddenLine`): the memories derived from its conversation (a MEMORY_DELETED
 * each), the views, the running summary. Idempotent.
 */
export async function hideMessage(
  container: Container,
  messageId: number,
  reason: string,
): Promise<{ message: MessageRow | null; changed: boolean; forgotten: Forgotten | null }> {
  const em = container.orm.em.fork();
  const message = await em.findOne(MessageEntity, { id: messageId });
  if (!message) return { message: null, changed: false, forgotten: null };
  if (message.hidden) return { message, changed: false, forgotten: null };
  const now = container.clock.now();
  let forgotten: Forgotten | null = null;
  const records = await commitSceneChange(container, message.sceneId, {}, message.epoch, now, async (tx) => {
    const updated = await tx.nativeUpdate(MessageEntity, { id: messageId, hidden: false }, { hidden: true, hiddenReason: reason });
    if (!updated) return [];
    forgotten = await forgetHiddenLine(tx, message);
    return [{ type: 'MESSAGE_HIDDEN', messageId, turn: message.turn, reason }, ...forgotten.events];
  });
  return { message: { ...message, hidden: true, hiddenReason: reason }, changed: !!records?.length, forgotten };
}

/** A narrator line: every viewer sees it now, and the next speaker reacts to it. */
export async function injectNarration(container: Container, sceneId: string, text: string): Promise<SceneRow | null> {
  const scene = await container.orm.em.fork().findOne(SceneEntity, { id: sceneId });
  if (!scene) return null;
  const now = container.clock.now();
  await commitSceneChange(container, sceneId, {}, scene.epoch, now, async (tx) => {
    await tx.nativeUpdate(SceneEntity, { id: sceneId }, { pendingNarration: text });
    return [{ type: 'NARRATION', text }];
  });
  return { ...scene, pendingNarration: text };
}

/** Change a scene's pace and/or token budget (null budget = the configured default). */
export async function updateSceneSettings(
  container: Container,
  sceneId: string,
  change: { pace?: number; tokenBudgetPerHour?: number | null },
): Promise<SceneRow | null> {
  const scene = await container.orm.em.fork().findOne(SceneEntity, { id: sceneId });
  if (!scene) return null;
  const pace = change.pace ?? scene.pace;
  const tokenBudgetPerHour = change.tokenBudgetPerHour === undefined ? (scene.tokenBudgetPerHour ?? null) : change.tokenBudgetPerHour;
  if (pace === scene.pace && tokenBudgetPerHour === (scene.tokenBudgetPerHour ?? null)) return scene;
  const now = container.clock.now();
  const broadcastDelaySeconds = scene.broadcastDelaySeconds ?? container.config.broadcast.delaySeconds;
  await commitSceneChange(container, sceneId, {}, scene.epoch, now, async (tx) => {
    await tx.nativeUpdate(SceneEntity, { id: sceneId }, { pace, tokenBudgetPerHour });
    return [{ type: 'SETTINGS_CHANGED', pace, tokenBudgetPerHour, broadcastDelaySeconds }];
  });
  return { ...scene, pace, tokenBudgetPerHour };
}

/**
 * Set how many seconds viewers lag behind moderators (null: BROADCAST_DELAY_SECONDS). Events
 * committed from now on air that much later; those already waiting keep their time, and no
 * later event airs before them, so viewers never see the log out of order or with a hole.
 * Unchanged when the scene already has this setting. Null when there is no such scene.
 */
export async function setBroadcastDelay(container: Container, sceneId: string, seconds: number | null): Promise<SceneRow | null> {
  const scene = await container.orm.em.fork().findOne(SceneEntity, { id: sceneId });
  if (!scene) return null;
  if ((scene.broadcastDelaySeconds ?? null) === seconds) return scene;
  const broadcastDelaySeconds = seconds ?? container.config.broadcast.delaySeconds;
  const { pace } = scene;
  const tokenBudgetPerHour = scene.tokenBudgetPerHour ?? null;
  await commitSceneChange(container, sceneId, {}, scene.epoch, container.clock.now(), async (tx) => {
    await tx.nativeUpdate(SceneEntity, { id: sceneId }, { broadcastDelaySeconds: seconds });
    return [{ type: 'SETTINGS_CHANGED', pace, tokenBudgetPerHour, broadcastDelaySeconds }];
  });
  return { ...scene, broadcastDelaySeconds: seconds };
}
