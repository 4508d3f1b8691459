import { DelayedError, Queue, UnrecoverableError as BullUnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DeferredError, RateLimitedError, UnrecoverableError } from '../../ports/errors.js';
import { dependencyError } from '../dependencyErrors.js';
import { metrics } from '../metrics.js';
import type { AddJobOptions, JobHandler, JobName, JobQueue, SceneJobData } from '../../ports/jobQueue.js';

export interface BullmqQueueOptions {
  /** Producer client (any role adds jobs). Closed by the caller, not here. */
  connection: Redis;
  /** Called once by `process()`: a client with `maxRetriesPerRequest: null` for the workers. Closed by the caller. */
  workerConnection: () => Redis;
  /** BullMQ key prefix (`REDIS_PREFIX`), so several deployments or test runs share one Redis. */
  prefix: string;
  /** Jobs one process runs at once, per queue. */
  concurrency?: number;
  /** Total attempts per job before it is given up. */
  attempts?: number;
  /** First retry delay; doubles on each further attempt. */
  backoffMs?: number;
  /**
   * Lock of an active job, renewed every half lock while its worker lives. The stalled-job
   * check runs every quarter lock (0.5–5 s), so a dead worker's job is back in the queue
   * within about 1.25 × this: its lock expires, then the next check moves it.
   */
  lockMs?: number;
  /**
   * Global start rate of `turn` jobs (the ones that call the model), shared by every worker
   * through Redis. BullMQ counts in fixed windows; the exact sliding-window cap on model calls
   * is the call window in front of the Llm (see `adapters/ratelimit`).
   */
  limiter?: { max: number; durationMs: number };
  logger?: Logger;
}

/** Turns call the model and are rate-limited; the other steps are plain database work and are not. */
const QUEUE_OF: Record<JobName, 'scene-turns' | 'scene-steps'> = {
  turn: 'scene-turns',
  'speech-end': 'scene-steps',
  'next-scene': 'scene-steps',
  // Memory writing calls the model once per character.
  remember: 'scene-turns',
};

const jobDataSchema = z.object({
  sceneId: z.string().min(1),
  epoch: z.number().int(),
  turn: z.number().int(),
  traceparent: z.string().max(256).optional(),
  tracelink: z.string().max(256).optional(),
});

/**
 * The scaled job queue: BullMQ on Redis. Same contract as the in-process queue
 * (`test/contract/jobQueue.contract.ts`): deterministic ids (adding an id that is waiting,
 * delayed or active is a no-op; finished jobs are removed so the loop can add the id again),
 * delayed jobs, retries with exponential back-off, `UnrecoverableError` → BullMQ's, and
 * `RateLimitedError` → the whole turns queue waits (`queue.rateLimit`, the non-deprecated
 * form of `worker.rateLimit`) and the job goes back to waiting without using an attempt.
 * `stop()` stops fetching, aborts running jobs and puts them straight back in the queue for
 * another worker, then closes BullMQ's own connections; the clients passed in stay open.
 * `pause()` does the same without closing (a worker whose database is unreachable), `resume()`
 * fetches again.
 */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const { connection, prefix, logger } = options;
  const concurrency = options.concurrency ?? 8;
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const lockMs = options.lockMs ?? 5_000;
  const queues = {
    'scene-turns': new Queue<SceneJobData, void, JobName>('scene-turns', { connection, prefix }),
    'scene-steps': new Queue<SceneJobData, void, JobName>('scene-steps', { connection, prefix }),
  };
  // BullMQ's errors are Redis errors (its own connection handling, scripts): logged as such.
  const target = `${connection.options.host ?? '127.0.0.1'}:${connection.options.port ?? 6379}`;
  const redisError = (err: unknown, queue: string, message: string) =>
    logger?.warn({ ...dependencyError('redis', target, err), queue }, message);
  for (const q of Object.values(queues)) q.on('error', (err) => redisError(err, q.name, 'queue error'));
  const workers: Worker<SceneJobData, void, JobName>[] = [];
  const stopping = new AbortController();
  let stopped: Promise<void> | null = null;

  /** Jobs this process runs now: `handBack()` releases one at once (pause). */
  const running = new Set<{ handBack(): void; released: Promise<void> }>();
  let paused = false;
  /** Put a job back in the queue, due now, without using an attempt (BullMQ then leaves it alone). */
  const release = async (job: BullJob<SceneJobData, void, JobName>, token: string | undefined): Promise<never> => {
    await job.moveToDelayed(Date.now(), token);
    throw new DelayedError();
  };

  const makeProcessor =
    (handler: JobHandler, queueName: keyof typeof queues) =>
    async (job: BullJob<SceneJobData, void, JobName>, token?: string, signal?: AbortSignal): Promise<void> => {
      const data = jobDataSchema.safeParse(job.data);
      if (!data.success || !job.id) throw new BullUnrecoverableError(`malformed job ${job.id}: ${data.error?.message ?? 'no id'}`);
      // Fetched while pausing (a blocking fetch already under way): not ours to run.
      if (paused && !stopping.signal.aborted) return release(job, token);
      const handedBack = new AbortController();
      const aborts = AbortSignal.any([stopping.signal, handedBack.signal, ...(signal ? [signal] : [])]);
      let settle = () => {};
      const entry = {
        handBack: () => handedBack.abort(new Error('worker paused')),
        released: new Promise<void>((resolve) => (settle = resolve)),
      };
      running.add(entry);
      if (job.attemptsMade === 0) metrics.jobPickedUp(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
      try {
        if (stopping.signal.aborted) throw stopping.signal.reason;
        const readyAt = job.timestamp + (job.opts.delay ?? 0);
        const work = handler({ id: job.id, name: job.name, data: data.data, attemptsMade: job.attemptsMade, signal: aborts, readyAt });
        // A paused worker does not wait for a handler stuck on a dead connection: the job goes
        // back now, and whatever the handler does later is stale (every commit re-checks its guard).
        const abandoned = new Promise<'handed-back'>((resolve) =>
          handedBack.signal.addEventListener('abort', () => resolve('handed-back'), { once: true }),
        );
        if ((await Promise.race([work, abandoned])) === 'handed-back') {
          work.catch(() => undefined);
          return await release(job, token);
        }
      } catch (err) {
        if (err instanceof DelayedError) throw err;
        if (stopping.signal.aborted || handedBack.signal.aborted) {
          // Shutting down or paused mid-job: hand it back at once instead of waiting for its lock to expire.
          return release(job, token);
        }
        if (err instanceof UnrecoverableError) throw new BullUnrecoverableError(err.message);
        if (err instanceof DeferredError) {
          // Not a failure (a spent budget): run the same job again when it may.
          await job.moveToDelayed(Math.max(Date.now(), err.runAt), token);
          throw new DelayedError();
        }
        if (err instanceof RateLimitedError && queueName === 'scene-turns') {
          logger?.warn({ job: job.id, waitMs: err.retryAfterMs }, 'model rate limited; every worker holds back');
          // Only ever lengthen the pause: a short wait for a free slot must not cut short a provider's Retry-After.
          const waitMs = Math.max(1, Math.round(err.retryAfterMs));
          if (waitMs > (await queues[queueName].getRateLimitTtl(Number.MAX_SAFE_INTEGER))) await queues[queueName].rateLimit(waitMs);
          throw Worker.RateLimitError();
        }
        throw err instanceof Error ? err : new Error(String(err));
      } finally {
        running.delete(entry);
        settle();
      }
    };

  return {
    kind: 'bullmq',
    async add(name: JobName, data: SceneJobData, opts: AddJobOptions) {
      if (stopping.signal.aborted) return;
      if (opts.jobId.includes(':')) throw new Error(`job id must not contain ':' (${opts.jobId})`);
      // An id that exists (waiting, delayed, active, retrying) makes this a no-op.
      await queues[QUEUE_OF[name]].add(name, data, {
        jobId: opts.jobId,
        delay: Math.max(0, Math.round(opts.delayMs ?? 0)),
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: true,
        removeOnFail: true,
      });
    },
    async process(handler: JobHandler) {
      if (workers.length || stopping.signal.aborted) return;
      const workerConnection = options.workerConnection();
      for (const name of Object.keys(queues) as (keyof typeof queues)[]) {
        // BullMQ only honours a manual `rateLimit()` at fetch time when the worker has a limiter,
        // so the turns worker always gets one (effectively unlimited when none is configured).
        const limiter =
          name !== 'scene-turns'
            ? undefined
            : options.limiter
              ? { max: options.limiter.max, duration: options.limiter.durationMs }
              : { max: 1_000_000_000, duration: 1_000 };
        const worker = new Worker<SceneJobData, void, JobName>(name, makeProcessor(handler, name), {
          connection: workerConnection,
          prefix,
          concurrency,
          lockDuration: lockMs,
          // Renewing at half the lock tolerates an event loop blocked for that long. The check
          // only moves jobs whose lock is gone, so checking often cannot steal a live job; it
          // just shortens the wait after a crash (lock + one interval, was 2 × a 30 s lock).
          lockRenewTime: lockMs / 2,
          stalledInterval: Math.min(5_000, Math.max(500, Math.round(lockMs / 4))),
          maxStalledCount: 2,
          // Idle workers re-check every second. A job handed back by a stopping worker can have its
          // wake-up taken by that worker's own still-blocked connection; this bounds the delay.
          drainDelay: 1,
          ...(limiter ? { limiter } : {}),
        });
        worker.on('error', (err) => redisError(err, name, 'worker error'));
        worker.on('failed', (job, err) => {
          const final = !job || err.name === 'UnrecoverableError' || job.attemptsMade >= attempts;
          logger?.warn({ job: job?.id, attempt: job?.attemptsMade, err, final }, 'job failed');
        });
        worker.on('stalled', (jobId) => logger?.warn({ job: jobId }, 'job stalled (its worker died?); retrying'));
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    async pause() {
      if (paused || stopping.signal.aborted) return 0;
      paused = true;
      // Stop fetching (locally; other workers go on), without waiting for the running jobs...
      await Promise.all(workers.map((w) => w.pause(true)));
      // ...which go back to the queue now. Bounded: with Redis itself gone the moves cannot
      // happen, and the jobs come back when their locks expire.
      const handedBack = [...running];
      for (const entry of handedBack) entry.handBack();
      await Promise.race([Promise.all(handedBack.map((e) => e.released)), new Promise((r) => setTimeout(r, lockMs).unref())]);
      return handedBack.length;
    },
    async resume() {
      if (!paused || stopping.signal.aborted) return;
      paused = false;
      await Promise.all(workers.map((w) => w.resume()));
    },
    async depth() {
      let n = 0;
      for (const q of Object.values(queues)) {
        const counts = await q.getJobCounts('waiting', 'delayed', 'prioritized');
        n += Object.values(counts).reduce((a, b) => a + b, 0);
      }
      return n;
    },
    stop() {
      stopped ??= (async () => {
        // Close first (no more fetching), then abort what runs so it is released, not re-fetched here.
        const closing = workers.map((w) => w.close());
        stopping.abort(new Error('queue stopped'));
        await Promise.allSettled(closing);
        await Promise.allSettled(Object.values(queues).map((q) => q.close()));
      })();
      return stopped;
    },
  };
}
