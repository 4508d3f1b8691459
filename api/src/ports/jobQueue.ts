export { DeferredError, RateLimitedError, UnrecoverableError } from './errors.js';

/** Job names the turn loop uses (kebab-case). */
export type JobName = 'turn' | 'speech-end' | 'next-scene' | 'remember';

/** Payload of every scene job: which step of which conversation it is for. */
export interface SceneJobData {
  sceneId: string;
  epoch: number;
  turn: number;
  /**
   * W3C `traceparent` of the span that scheduled the job from outside a job (a mutation, the
   * sweeper): the job's span becomes its child, in whichever process runs it.
   */
  traceparent?: string;
  /**
   * W3C `traceparent` of the job that scheduled this one: a link, not a parent, so a
   * conversation is a chain of linked traces rather than one trace that never ends.
   */
  tracelink?: string;
}

/** A job as a processor sees it. */
export interface Job {
  id: string;
  name: JobName;
  data: SceneJobData;
  /** Attempts already made before this one (0 on the first run). */
  attemptsMade: number;
  /** Aborted when the queue shuts down mid-job. */
  signal: AbortSignal;
  /** When the job became due (added, plus its delay), epoch ms: the queue wait is now minus this. */
  readyAt?: number;
}

export interface AddJobOptions {
  /** Deterministic id: adding an id that is already waiting, delayed or active is a no-op. No `:`. */
  jobId: string;
  delayMs?: number;
}

export type JobHandler = (job: Job) => Promise<void>;

/**
 * The job queue port. Producers (`add`) live in every role; one processor
 * (`process`) is registered by the worker role.
 */
export interface JobQueue {
  readonly kind: string;
  add(name: JobName, data: SceneJobData, options: AddJobOptions): Promise<void>;
  /** Register the processor and start taking jobs. */
  process(handler: JobHandler): Promise<void>;
  /** Jobs waiting or delayed (for metrics and tests). */
  depth(): Promise<number>;
  /**
   * Stop taking jobs and hand back the running ones at once: each one's `signal` is aborted and
   * the job goes back to the queue, due now and without using an attempt, without waiting for its
   * handler to return (a handler stuck on a dead connection must not hold its job). Jobs fetched
   * while paused are handed back the same way. Resolves to how many running jobs were handed back.
   * Idempotent; `resume()` takes jobs again.
   */
  pause(): Promise<number>;
  /** Take jobs again after `pause()`. */
  resume(): Promise<void>;
  /** Stop taking jobs, abort or finish the running ones, release connections. Safe to call twice. */
  stop(): Promise<void>;
}
