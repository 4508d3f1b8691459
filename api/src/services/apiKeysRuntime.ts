import type { ApiKeyRow } from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import { addApiKeyUsage, findLiveApiKey, hashApiKey, type PendingUsage } from './apiKeys.js';

/** Who a request is when it presents a live API key. */
export interface ApiKeyIdentity {
  id: number;
  name: string;
  prefix: string;
  /** This key's requests per minute (its own or the server default). */
  requestsPerMinute: number;
  /** Browser origins allowed; empty = any. */
  allowedOrigins: readonly string[];
}

/** Per process: looked-up keys (briefly) and usage not yet written. */
export interface ApiKeysRuntime {
  /** The live key for a token, or null. Cached for API_KEY_CACHE_MS, so a revocation anywhere applies within that bound. */
  resolve(token: string): Promise<ApiKeyIdentity | null>;
  /** Count one request by a key, accepted or rejected (written on the next flush). */
  count(id: number, accepted: boolean): void;
  /** Forget a key at once in this process (it was revoked here). */
  forget(id: number): void;
  /** Write the pending counts now. */
  flush(): Promise<void>;
  /** Flush and stop the timer. Safe to call twice. */
  stop(): Promise<void>;
}

const runtimes = new WeakMap<Container, ApiKeysRuntime>();

/**
 * The runtime of a container, made on first use. One per container rather than per server so
 * the HTTP context, graphql-ws operations and the resolvers share one cache and one set of
 * counters; `buildServer`'s stop flushes it.
 */
export function apiKeysRuntime(container: Container): ApiKeysRuntime {
  let runtime = runtimes.get(container);
  if (!runtime) runtimes.set(container, (runtime = createRuntime(container)));
  return runtime;
}

/** Lookups kept per process: bounded, so random tokens cannot grow memory. */
const CACHE_MAX = 10_000;

function createRuntime(container: Container): ApiKeysRuntime {
  const { cacheMs, flushMs, defaultRatePerMinute } = container.config.apiKeys;
  const cache = new Map<string, { identity: ApiKeyIdentity | null; until: number }>();
  let pending = new Map<number, PendingUsage>();
  let flushing: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();

  const identityOf = (row: ApiKeyRow): ApiKeyIdentity => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    requestsPerMinute: row.requestsPerMinute ?? defaultRatePerMinute,
    allowedOrigins: [...row.allowedOrigins],
  });

  async function resolve(token: string): Promise<ApiKeyIdentity | null> {
    const digest = hashApiKey(token);
    const now = performance.now();
    const hit = cache.get(digest);
    if (hit && hit.until > now) return hit.identity;
    const row = await findLiveApiKey(container, token);
    const identity = row ? identityOf(row) : null;
    if (cacheMs > 0) {
      cache.delete(digest);
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(digest, { identity, until: now + cacheMs });
    }
    return identity;
  }

  function flush(): Promise<void> {
    // Chained, so two flushes never write the same counts.
    flushing = flushing.then(async () => {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      try {
        await addApiKeyUsage(container, batch);
      } catch (err) {
        // Put the counts back for the next flush rather than lose them.
        for (const [id, u] of batch) merge(id, u);
        container.logger.warn({ err }, 'api keys: could not write usage counters');
      }
    });
    return flushing;
  }

  function merge(id: number, u: PendingUsage): void {
    const p = pending.get(id);
    if (!p) pending.set(id, { ...u });
    else {
      p.requests += u.requests;
      p.rejected += u.rejected;
      p.lastUsedAt = Math.max(p.lastUsedAt, u.lastUsedAt);
    }
  }

  return {
    resolve,
    count(id, accepted) {
      merge(id, { requests: 1, rejected: accepted ? 0 : 1, lastUsedAt: container.clock.now() });
    },
    forget(id) {
      for (const [digest, entry] of cache) if (entry.identity?.id === id) cache.delete(digest);
    },
    flush,
    async stop() {
      clearInterval(timer);
      if (stopped) return;
      stopped = true;
      await flush();
      runtimes.delete(container);
    },
  };
}
