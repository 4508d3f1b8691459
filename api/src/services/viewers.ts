import type { Container } from '../container.js';

/**
 * A viewer arrived at a scene: count them, tell the scene list, and wake the scene
 * if it was idle for lack of viewers.
 */
export async function viewerJoined(container: Container, sceneId: string): Promise<void> {
  const viewers = await container.presence.join(sceneId);
  container.pubsub.publish('sceneList:changed', { sceneId, viewers });
  if (viewers === 1) container.loop.wake(sceneId).catch((err) => container.logger.warn({ err, sceneId }, 'wake failed'));
}

/** A viewer left a scene. Never throws (it runs in `finally` blocks). */
export async function viewerLeft(container: Container, sceneId: string): Promise<void> {
  const viewers = await container.presence.leave(sceneId).catch(() => 0);
  container.pubsub.publish('sceneList:changed', { sceneId, viewers });
}
