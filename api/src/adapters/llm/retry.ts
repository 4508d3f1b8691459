/**
 * How the Llm adapter reacts to a failed model call. Errors come from the OpenAI SDK (with
 * `status` and `headers`), from LangChain (which may add `retryAfterMs`), from fetch/undici
 * (network errors without a status) or from our own timeout signal.
 */

/** What to do about one failed call. */
export type FailureKind = 'rate-limited' | 'retryable' | 'fatal';

/** HTTP status of an error, when it has one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  return typeof status === 'number' ? status : undefined;
}

/**
 * 429 → slow down; 408/409/5xx and errors without a status (network, timeouts) → try again;
 * any other HTTP status (400, 401, 404 ...) → no point retrying.
 */
export function classifyFailure(error: unknown): FailureKind {
  const status = statusOf(error);
  if (status === 429) return 'rate-limited';
  if (status === undefined || status === 408 || status === 409 || status >= 500) return 'retryable';
  return 'fatal';
}

function header(error: object, name: string): string | undefined {
  const headers = 'headers' in error ? error.headers : undefined;
  if (typeof headers !== 'object' || headers === null) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value: unknown = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Milliseconds the server asked us to wait: `retry-after-ms` (OpenAI), `retry-after` in
 * seconds or as an HTTP date, or LangChain's parsed `retryAfterMs`. Undefined when absent.
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const ms = Number(header(error, 'retry-after-ms'));
  if (header(error, 'retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = header(error, 'retry-after')?.trim();
  if (raw) {
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(raw);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const parsed = 'retryAfterMs' in error ? error.retryAfterMs : undefined;
  return typeof parsed === 'number' && Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

/**
 * Exponential back-off with "equal jitter": half the delay fixed, half random, so workers
 * that failed together do not retry together. `attempt` counts from 1.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Wait `ms`, or reject with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an aborted wait rejects with the signal's own reason, as fetch does
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as above: the caller's abort reason, unchanged
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
