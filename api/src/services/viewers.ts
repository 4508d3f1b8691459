import type { Container } from '../container.js';

/**
 * Viewer changes that arrive within this window are counted in one presence write, one
 * count read and one scene-list message per scene. A connect storm of a thousand viewers a
 * second was otherwise a thousand Redis transactions, count reads and publishes a second
 * (BENCHMARKS.md, issue 13's connect storm); a viewer waits at most this long to be counted.
 */
export const VIEWER_BATCH_MS = 10;

/** The changes to one scene's count waiting for the next write. */
interface Batch {
  delta: number;
  /** Settles with the write: a joining viewer is counted once it resolves. */
  written: Promise<void>;
}

const pendingBy = new WeakMap<Container, Map<string, Batch>>();

/**
 * A viewer arrived at a scene: count them, tell the scene list, and wake the scene if it
 * was idle for lack of viewers. Rejects when the count cannot be written.
 */
export function viewerJoined(container: Container, sceneId: string): Promise<void> {
  return viewerChange(container, sceneId, 1);
}

/** A viewer left a scene. Never throws (it runs in `finally` blocks). */
export async function viewerLeft(container: Container, sceneId: string): Promise<void> {
  await viewerChange(container, sceneId, -1).catch((err: unknown) =>
    container.logger.warn({ err, sceneId }, 'counting a viewer out failed'),
  );
}

function viewerChange(container: Container, sceneId: string, delta: number): Promise<void> {
  let pending = pendingBy.get(container);
  if (!pending) pendingBy.set(container, (pending = new Map<string, Batch>()));
  let batch = pending.get(sceneId);
  if (!batch) {
    const opened: Batch = { delta: 0, written: Promise.resolve() };
    const queue = pending;
    opened.written = new Promise<void>((resolve) => setTimeout(resolve, VIEWER_BATCH_MS).unref()).then(() => {
      // Later changes open the next batch.
      queue.delete(sceneId);
      return write(container, sceneId, opened.delta);
    });
    pending.set(sceneId, opened);
    batch = opened;
  }
  batch.delta += delta;
  return batch.written;
}

async function write(container: Container, sceneId: string, delta: number): Promise<void> {
  const viewers = await container.presence.change(sceneId, delta);
  container.pubsub.publish('sceneList:changed', { sceneId, viewers });
  // From none to some: the scene may be idle for lack of viewers.
  if (delta > 0 && viewers > 0 && viewers <= delta) {
    container.loop.wake(sceneId).catch((err) => container.logger.warn({ err, sceneId }, 'wake failed'));
  }
}
