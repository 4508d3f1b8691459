import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { errorCode, errorMessage, urlTarget } from '../dependencyErrors.js';

/** Why start-up refused Redis; stable codes for logs and exit statuses. */
export type RedisProblem = 'REDIS_UNREACHABLE' | 'REDIS_AUTH' | 'REDIS_UNUSABLE';

/** Redis this process cannot start with. `message` names host:port and what to do. */
export class RedisStartupError extends Error {
  constructor(
    readonly code: RedisProblem,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RedisStartupError';
  }

  /** sysexits, as for the database: 69 (unavailable, may pass on its own) when unreachable, else 78 (configuration). */
  get exitCode(): number {
    return this.code === 'REDIS_UNREACHABLE' ? 69 : 78;
  }
}

/** Errors that may pass: the server is starting, restarting or not reachable yet. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One connection attempt: connect (AUTH/SELECT from the URL included) and PING, within `timeoutMs`. */
async function attempt(url: string, timeoutMs: number): Promise<void> {
  let lastError: unknown = null;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // One attempt each: the loop below owns retries, deadline and logging.
    retryStrategy: () => null,
  });
  client.on('error', (err) => (lastError = err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    // ioredis rejects with "Connection is closed." and reports the cause on 'error'.
    throw lastError ?? err;
  } finally {
    client.disconnect();
  }
}

/** A code for what went wrong: the system code, or AUTH for a refused password / missing AUTH. */
function problemCode(err: unknown): string {
  const text = errorMessage(err);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(text)) return 'AUTH';
  const code = errorCode(err);
  return /timed? ?out/i.test(text) && !TRANSIENT.has(code) ? 'ETIMEDOUT' : code;
}

/**
 * Before any Redis client, queue or subscriber exists: connect once to `url` and PING. A
 * refused password ends start-up at once; a server that does not answer is retried with
 * back-off (one warning per attempt, a few per second at most) until `waitMs` has passed, then
 * {@link RedisStartupError} with exit status 69 — the way an unreachable database ends start-up.
 * Without it, ioredis reconnects forever and the process never opens its port nor exits.
 */
export async function probeRedis(url: string, options: { waitMs: number; logger?: Logger }): Promise<void> {
  const where = urlTarget(url, 6379);
  const deadline = Date.now() + options.waitMs;
  let attempts = 0;
  let delay = 250;
  for (;;) {
    attempts++;
    try {
      await attempt(url, Math.max(250, Math.min(2_000, deadline - Date.now())));
      if (attempts > 1) options.logger?.info({ dependency: 'redis', target: where, attempts }, 'Redis reachable');
      return;
    } catch (err) {
      const code = problemCode(err);
      if (code === 'AUTH') {
        throw new RedisStartupError('REDIS_AUTH', `Redis at ${where} refused the credentials in REDIS_URL: ${errorMessage(err)}`);
      }
      if (!TRANSIENT.has(code)) {
        throw new RedisStartupError('REDIS_UNUSABLE', `Redis at ${where} cannot be used (${code}): ${errorMessage(err)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new RedisStartupError(
          'REDIS_UNREACHABLE',
          `Redis at ${where} is unreachable (${code}) after ${attempts} attempts over ${options.waitMs} ms; ` +
            `check REDIS_URL and that the server is running (REDIS_CONNECT_TIMEOUT_MS sets how long to wait).`,
        );
      }
      options.logger?.warn({ dependency: 'redis', target: where, attempt: attempts, code }, 'Redis unreachable; retrying');
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, 2_000);
    }
  }
}
