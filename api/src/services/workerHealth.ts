import type { Logger } from 'pino';
import { errorCode, errorMessage } from '../adapters/dependencyErrors.js';
import { metrics } from '../adapters/metrics.js';
import type { HealthProbe } from '../ports/health.js';
import type { JobQueue } from '../ports/jobQueue.js';

export interface WorkerHealthOptions {
  queue: Pick<JobQueue, 'pause' | 'resume'>;
  probes: readonly HealthProbe[];
  logger: Logger;
  /** Time between checks while nothing fails. */
  intervalMs: number;
  /** A probe that has not answered within this long fails. */
  timeoutMs: number;
  /** Consecutive good checks before a paused worker takes jobs again. */
  recoverAfter?: number;
}

export interface WorkerHealth {
  start(): void;
  /** A job failed: check now rather than at the next tick (at most one check runs at a time). */
  jobFailed(): void;
  /** False while the worker is paused for a failing dependency. */
  healthy(): boolean;
  /** One check now; resolves to whether every probe answered in time. */
  check(): Promise<boolean>;
  stop(): Promise<void>;
}

type Outcome = { ok: true } | { ok: false; probe: HealthProbe; code: string; error: string };

/**
 * A worker that cannot reach its database (or Redis) stops taking work. Every `intervalMs`,
 * and at once after a failed job, each probe gets `timeoutMs` to answer. One failing probe
 * pauses the queue consumer: it takes no more jobs and hands the running ones back (due now,
 * no attempt used), so the healthy workers run them while this one would only hold and fail
 * them. Checks go on while paused; after `recoverAfter` good ones in a row the worker takes jobs
 * again. A probe still waiting from an earlier check is not asked again (no pile of hung
 * queries on a stalled pool): it counts as failing until it answers.
 */
export function createWorkerHealth(options: WorkerHealthOptions): WorkerHealth {
  const { queue, probes, logger, intervalMs, timeoutMs } = options;
  const recoverAfter = options.recoverAfter ?? 2;
  /** A probe's call that has not settled yet (it may outlive its check's deadline). */
  const pending = new Map<HealthProbe, Promise<void>>();
  let paused = false;
  let goodInARow = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | null = null;
  let stopped = false;
  metrics.workerHealthy(true);

  const probeOnce = async (probe: HealthProbe): Promise<Outcome> => {
    let call = pending.get(probe);
    if (!call) {
      call = probe.check().finally(() => pending.delete(probe));
      pending.set(probe, call);
    }
    let deadline: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        call,
        new Promise<never>((_, reject) => {
          deadline = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' })), timeoutMs);
        }),
      ]);
      return { ok: true };
    } catch (err) {
      return { ok: false, probe, code: errorCode(err), error: errorMessage(err) };
    } finally {
      clearTimeout(deadline);
    }
  };

  const checkAll = async (): Promise<boolean> => {
    const outcomes = await Promise.all(probes.map(probeOnce));
    const failed = outcomes.find((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    if (stopped) return !failed;
    if (failed) {
      goodInARow = 0;
      if (!paused) {
        paused = true;
        metrics.workerHealthy(false);
        metrics.workerPaused(failed.probe.dependency);
        const handedBack = await queue.pause();
        logger.warn(
          { dependency: failed.probe.dependency, target: failed.probe.target, code: failed.code, error: failed.error, handedBack },
          'dependency unhealthy: worker paused, its jobs handed back',
        );
      }
      return false;
    }
    if (paused && ++goodInARow >= recoverAfter) {
      paused = false;
      await queue.resume();
      metrics.workerHealthy(true);
      logger.warn({ dependencies: probes.map((p) => p.dependency) }, 'dependencies healthy again: worker takes jobs');
    }
    return true;
  };

  const check = (): Promise<boolean> => {
    running ??= checkAll().finally(() => {
      running = null;
    });
    return running;
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    void check()
      .catch((err: unknown) => logger.warn({ err }, 'health check failed to run'))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, intervalMs);
          timer.unref();
        }
      });
  };

  return {
    start() {
      if (timer || stopped || probes.length === 0) return;
      timer = setTimeout(tick, intervalMs);
      timer.unref();
    },
    jobFailed() {
      if (stopped || paused || running) return;
      void check().catch((err: unknown) => logger.warn({ err }, 'health check failed to run'));
    },
    healthy: () => !paused,
    check,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
