import type { Container } from '../../src/container.js';

/**
 * Watches a container's scene loop and job queue, so a test that asserts "nothing happened"
 * (no model call while paused, while nobody watches, while the budget is spent) can first wait
 * for the event that proves the loop moved on, instead of sleeping:
 *
 * - `wakes(sceneId)`: wakes of that scene that have finished (the worker's sweeper wakes every
 *   scene that is not paused on each pass, so two more wakes of any scene are two more sweeps);
 * - `settled(sceneId)`: none of the scene's jobs is running, and every one still queued was
 *   deferred by its step (a spent budget parks the turn until its window allows). A paused or
 *   unwatched scene is settled when it has no job at all.
 *
 * Install it before the worker starts. It wraps `container.loop.wake`, `container.loop.handle`
 * and `container.queue.add` in place; the worker and the loop call them through those objects.
 */
export function watchLoop(container: Container) {
  const wakes = new Map<string, number>();
  const running = new Map<string, number>();
  /** Job id → its scene and how its last run ended (null: not run yet, or running). */
  const queued = new Map<string, { sceneId: string; ended: string | null }>();
  const bump = (map: Map<string, number>, key: string, by: number) => map.set(key, (map.get(key) ?? 0) + by);

  const { loop, queue } = container;
  const wake = loop.wake;
  loop.wake = async (sceneId) => {
    try {
      await wake(sceneId);
    } finally {
      bump(wakes, sceneId, 1);
    }
  };
  const add = queue.add.bind(queue);
  queue.add = async (name, data, options) => {
    const known = queued.get(options.jobId);
    // Adding an id that is already queued or running is a no-op for the queue: keep what we know.
    if (!known) queued.set(options.jobId, { sceneId: data.sceneId, ended: null });
    await add(name, data, options);
  };
  const handle = loop.handle;
  loop.handle = async (job) => {
    const entry = queued.get(job.id) ?? { sceneId: job.data.sceneId, ended: null };
    queued.set(job.id, entry);
    entry.ended = null;
    bump(running, job.data.sceneId, 1);
    try {
      await handle(job);
      queued.delete(job.id);
    } catch (err) {
      // A failed job is retried (still queued); a deferred one waits for its time.
      entry.ended = err instanceof Error ? err.name : 'Error';
      if (entry.ended === 'UnrecoverableError') queued.delete(job.id);
      throw err;
    } finally {
      bump(running, job.data.sceneId, -1);
    }
  };

  return {
    wakes: (sceneId: string) => wakes.get(sceneId) ?? 0,
    settled(sceneId: string): boolean {
      if ((running.get(sceneId) ?? 0) > 0) return false;
      return [...queued.values()].every((j) => j.sceneId !== sceneId || j.ended === 'DeferredError');
    },
  };
}
