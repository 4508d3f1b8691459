import { SceneEntity } from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import { tracedJobHandler } from '../adapters/tracing/instrument.js';
import { createWorkerHealth } from './workerHealth.js';

/**
 * The worker role: process turn jobs, and sweep every few seconds so each scene that
 * should be moving has its next step queued (after a restart, a lost job or a viewer
 * arriving on another replica). Sweeping is idempotent thanks to deterministic job ids.
 * With the shared queue (BullMQ) it also watches its own database and Redis: while either
 * fails the health check it takes no jobs and does not sweep (services/workerHealth.ts).
 */
export function createWorker(container: Container) {
  const { queue, loop, orm, logger, config } = container;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | null = null;
  // In one process with the in-memory queue there is nobody to hand jobs to.
  const { intervalMs, timeoutMs } = config.jobs.health;
  const health = createWorkerHealth({
    queue,
    probes: queue.kind === 'bullmq' && intervalMs > 0 ? container.healthProbes : [],
    logger,
    intervalMs,
    timeoutMs,
  });

  const sweep = async () => {
    const scenes = await orm.em.fork().find(SceneEntity, { status: { $ne: 'PAUSED' } }, { fields: ['id'] });
    for (const { id } of scenes) await loop.wake(id);
  };
  const sweepSafely = () => {
    if (sweeping || !health.healthy()) return;
    sweeping = sweep()
      .catch((err: unknown) => logger.warn({ err }, 'sweep failed'))
      .finally(() => {
        sweeping = null;
      });
  };
  const handle = tracedJobHandler((job) => loop.handle(job));

  return {
    async start() {
      await queue.process(async (job) => {
        try {
          await handle(job);
        } catch (err) {
          // A failed job may be the first sign of a dead connection: check now, not at the next tick.
          if (!job.signal.aborted) health.jobFailed();
          throw err;
        }
      });
      await sweep();
      timer = setInterval(sweepSafely, config.loop.sweepIntervalMs);
      timer.unref();
      health.start();
      logger.info('worker started');
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await health.stop();
      await sweeping;
    },
  };
}
