import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { dependencyError, urlTarget } from '../dependencyErrors.js';

/** The ioredis clients one process opens, created on demand and closed together. */
export interface RedisConnections {
  /**
   * A new client named `<prefix>:<role>` (visible in `CLIENT LIST`). `blocking` sets
   * `maxRetriesPerRequest: null`, which BullMQ workers and subscribers need so a command
   * waits for a reconnect instead of failing.
   */
  client(role: string, options?: { blocking?: boolean; subscriber?: boolean }): Redis;
  /** Quit every client, newest first (disconnect if quitting fails). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Errors are logged as `dependency: 'redis'` lines with the server's `host:port` (never the URL,
 * which may hold a password) and the error's code, once per outage per client.
 * Clients reconnect forever with capped back-off: a Redis restart or a killed connection
 * must heal without restarting the process. BullMQ does not close clients passed to it,
 * so every client is tracked here and closed by the container after the adapters stop.
 */
export function createRedisConnections(url: string, prefix: string, logger?: Logger): RedisConnections {
  const clients: Redis[] = [];
  const target = urlTarget(url, 6379);
  let closed = false;
  return {
    client(role, options = {}) {
      if (closed) throw new Error('redis connections are closed');
      const settings: RedisOptions = {
        connectionName: `${prefix}:${role}`,
        retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), 2_000),
        ...(options.blocking ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 20 }),
        // A subscriber skips ioredis' ready check (an INFO): when its connection is killed, the
        // check can run while the client still counts as in subscriber mode, fail ("only
        // subscriber commands may be used") and leave it connected but never resubscribed, so
        // the replica heard no events until its idle resync (multiProcess test, Redis killed).
        ...(options.subscriber ? { enableReadyCheck: false } : {}),
      };
      const client = new Redis(url, settings);
      let warned = false;
      client.on('error', (err) => {
        // ioredis repeats the same error on every reconnect attempt; log it once per outage.
        if (!warned) logger?.warn({ ...dependencyError('redis', target, err), role }, 'redis connection error');
        warned = true;
      });
      client.on('ready', () => {
        if (warned) logger?.info({ dependency: 'redis', target, role }, 'redis connection restored');
        warned = false;
      });
      clients.push(client);
      return client;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const client of clients.reverse()) {
        if (client.status === 'end') continue;
        await client.quit().catch(() => client.disconnect());
      }
    },
  };
}
