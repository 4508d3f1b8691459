/**
 * Errors that cross port boundaries. Adapters map them to their own notions
 * (BullMQ's `UnrecoverableError`, `worker.rateLimit()`).
 */

/** Thrown by a job processor for a job that must not be retried. */
export class UnrecoverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableError';
  }
}

/**
 * Thrown when the model provider asked us to slow down (HTTP 429) and the Llm's own
 * retries are spent. The queue holds the job back for `retryAfterMs` without failing it.
 */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/**
 * Thrown by a processor when its job cannot run yet (e.g. a spent token budget): the
 * queue runs the same job again at `runAt` (epoch ms) without counting a failed attempt.
 * BullMQ: `job.moveToDelayed(runAt, token)` then `DelayedError`.
 */
export class DeferredError extends Error {
  constructor(
    message: string,
    readonly runAt: number,
  ) {
    super(message);
    this.name = 'DeferredError';
  }
}
