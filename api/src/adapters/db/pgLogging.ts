import type { Logger } from 'pino';
import { dependencyError, errorMessage } from '../dependencyErrors.js';

/**
 * PostgreSQL's errors as structured log lines instead of the driver's console output. The
 * `pg` client emits `error` when the server ends an idle connection (a restart,
 * `pg_terminate_backend`, a network cut); knex only marks the connection dead and prints
 * `Connection Error: …` through `console.log` when its pool next looks at it.
 */

/** A pg client as the pool's `afterCreate` hook sees it. */
export interface PgEventSource {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** Log every `error` a pooled pg client emits (knex keeps its own listener, which marks it dead). */
export function logPgClientErrors(client: PgEventSource, target: string, logger?: Logger): void {
  client.on('error', (err) => logger?.warn(dependencyError('postgres', target, err), 'PostgreSQL connection error'));
}

/** The knex `log` hooks: knex's messages go to pino; without a logger they go nowhere, never to the console. */
export function knexLog(target: string, logger?: Logger): Record<'warn' | 'error' | 'deprecate' | 'debug', (message: unknown) => void> {
  const text = errorMessage;
  return {
    warn: (message) => {
      const line = text(message);
      // The pg client's `error` event was already logged with its code (logPgClientErrors).
      if (line.startsWith('Connection Error:')) logger?.debug({ dependency: 'postgres', target }, 'knex dropped a dead connection');
      else logger?.warn({ dependency: 'postgres', target, code: 'KNEX_WARNING', error: line }, 'knex warning');
    },
    error: (message) => logger?.error({ dependency: 'postgres', target, code: 'KNEX_ERROR', error: text(message) }, 'knex error'),
    deprecate: (message) => logger?.debug({ component: 'knex' }, text(message)),
    debug: (message) => logger?.debug({ component: 'knex' }, text(message)),
  };
}
