import type { Logger } from 'pino';
import { metrics } from '../metrics.js';
import { DeferredError, RateLimitedError, UnrecoverableError } from '../../ports/errors.js';
import type { AddJobOptions, JobHandler, JobName, JobQueue, SceneJobData } from '../../ports/jobQueue.js';

export interface MemoryQueueOptions {
  /** Jobs run at once (different scenes run side by side). */
  concurrency?: number;
  /** Total attempts per job before it is given up. */
  attempts?: number;
  /** First retry delay; doubles on each further attempt. */
  backoffMs?: number;
  logger?: Logger;
}

interface Entry {
  id: string;
  name: JobName;
  data: SceneJobData;
  attemptsMade: number;
  state: 'delayed' | 'waiting' | 'active';
  timer?: NodeJS.Timeout;
  /** When the job became due (epoch ms), for the pickup-latency metric. */
  dueAt: number;
  /** Counts runs: a run handed back by `pause()` no longer owns the entry when its handler returns. */
  run: number;
  /** Aborts the current run's signal (pause). */
  handBack?: AbortController;
  /** The current run, while active. */
  running?: Promise<void>;
}

/**
 * The embedded job queue: in-process, with delayed jobs, deterministic ids (adding an id
 * that is waiting, delayed or active is a no-op; a finished id may be added again),
 * retries with exponential back-off, `UnrecoverableError`, `RateLimitedError` and `DeferredError`.
 * Jobs do not survive a restart: on start the loop's sweeper re-schedules every scene
 * from the database, which is the source of truth.
 */
export function createMemoryQueue(options: MemoryQueueOptions = {}): JobQueue {
  const concurrency = options.concurrency ?? 8;
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const jobs = new Map<string, Entry>();
  const ready: Entry[] = [];
  const active = new Set<Promise<void>>();
  /** Runs handed back by pause(): stop() does not wait for them. */
  const abandoned = new Set<Promise<void>>();
  const abort = new AbortController();
  let handler: JobHandler | null = null;
  let stopped = false;
  let paused = false;

  const schedule = (entry: Entry, delayMs: number) => {
    entry.dueAt = Date.now() + Math.max(0, delayMs);
    if (delayMs <= 0) {
      entry.state = 'waiting';
      ready.push(entry);
      queueMicrotask(pump);
      return;
    }
    entry.state = 'delayed';
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      entry.state = 'waiting';
      ready.push(entry);
      pump();
    }, delayMs);
  };

  const pump = () => {
    while (handler && !stopped && !paused && active.size < concurrency && ready.length) {
      const entry = ready.shift()!;
      entry.state = 'active';
      const run = execute(handler, entry).finally(() => {
        active.delete(run);
        abandoned.delete(run);
        pump();
      });
      entry.running = run;
      active.add(run);
    }
  };

  const execute = async (fn: JobHandler, entry: Entry) => {
    metrics.jobPickedUp(Date.now() - entry.dueAt);
    const run = ++entry.run;
    const handBack = new AbortController();
    entry.handBack = handBack;
    // Handed back by pause(): the entry is waiting again and this run's outcome is not its own.
    const stale = () => entry.run !== run || handBack.signal.aborted;
    try {
      await fn({
        id: entry.id,
        name: entry.name,
        data: entry.data,
        attemptsMade: entry.attemptsMade,
        signal: AbortSignal.any([abort.signal, handBack.signal]),
        readyAt: entry.dueAt,
      });
      if (stale()) return;
      jobs.delete(entry.id);
    } catch (err) {
      if (stale()) return;
      if (stopped) return void jobs.delete(entry.id);
      if (err instanceof RateLimitedError) return schedule(entry, err.retryAfterMs);
      if (err instanceof DeferredError) return schedule(entry, Math.max(0, err.runAt - Date.now()));
      entry.attemptsMade++;
      const hopeless = err instanceof UnrecoverableError || entry.attemptsMade >= attempts;
      options.logger?.warn({ job: entry.id, attempt: entry.attemptsMade, err, final: hopeless }, 'job failed');
      if (hopeless) return void jobs.delete(entry.id);
      schedule(entry, backoffMs * 2 ** (entry.attemptsMade - 1));
    }
  };

  return {
    kind: 'memory',
    async add(name: JobName, data: SceneJobData, opts: AddJobOptions) {
      if (stopped || jobs.has(opts.jobId)) return;
      const entry: Entry = { id: opts.jobId, name, data, attemptsMade: 0, state: 'waiting', dueAt: Date.now(), run: 0 };
      jobs.set(entry.id, entry);
      schedule(entry, opts.delayMs ?? 0);
    },
    async process(fn: JobHandler) {
      handler = fn;
      pump();
    },
    async pause() {
      if (paused || stopped) return 0;
      paused = true;
      // Running jobs go back to the front of the line at once; their handlers are not awaited.
      const running = [...jobs.values()].filter((e) => e.state === 'active');
      for (const entry of running) {
        entry.handBack?.abort(new Error('worker paused'));
        if (entry.running) abandoned.add(entry.running);
        entry.state = 'waiting';
        entry.dueAt = Date.now();
      }
      ready.unshift(...running);
      return running.length;
    },
    async resume() {
      if (!paused || stopped) return;
      paused = false;
      pump();
    },
    async depth() {
      let n = 0;
      for (const e of jobs.values()) if (e.state !== 'active') n++;
      return n;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const e of jobs.values()) if (e.timer) clearTimeout(e.timer);
      ready.length = 0;
      abort.abort(new Error('queue stopped'));
      await Promise.allSettled([...active].filter((run) => !abandoned.has(run)));
      jobs.clear();
    },
  };
}
