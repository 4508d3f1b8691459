import { SceneEntity } from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import { tracedJobHandler } from '../adapters/tracing/instrument.js';

/**
 * The worker role: process turn jobs, and sweep every few seconds so each scene that
 * should be moving has its next step queued (after a restart, a lost job or a viewer
 * arriving on another replica). Sweeping is idempotent thanks to deterministic job ids.
 */
export function createWorker(container: Container) {
  const { queue, loop, orm, logger, config } = container;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | null = null;

  const sweep = async () => {
    const scenes = await orm.em.fork().find(SceneEntity, { status: { $ne: 'PAUSED' } }, { fields: ['id'] });
    for (const { id } of scenes) await loop.wake(id);
  };
  const sweepSafely = () => {
    if (sweeping) return;
    sweeping = sweep()
      .catch((err) => logger.error({ err }, 'sweep failed'))
      .finally(() => {
        sweeping = null;
      });
  };

  return {
    async start() {
      await queue.process(tracedJobHandler((job) => loop.handle(job)));
      await sweep();
      timer = setInterval(sweepSafely, config.loop.sweepIntervalMs);
      timer.unref();
      logger.info('worker started');
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };
}
