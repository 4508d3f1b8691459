/**
 * Limits every PostgreSQL session carries, so a stalled peer can never hold a scene hostage.
 *
 * The turn loop locks a scene's row with `update scene … returning` and commits a few
 * milliseconds later. If the connection stalls in between (a frozen network, a paused VM),
 * PostgreSQL would keep that lock for as long as TCP keeps the socket (hours). With these
 * settings the server itself gives up: it ends a session idle inside a transaction after
 * `idleInTransactionMs` (releasing the lock), cancels a statement after `statementMs`, and
 * a writer queued behind a lock fails after `lockMs` so its job retries instead of piling up.
 * The client side gets the matching bound: a query with no answer well after the server
 * would have cancelled it means the connection is dead, and it is destroyed.
 */
export interface SessionTimeouts {
  /** `statement_timeout`: no statement (lock waits included) runs longer. 0 = off. */
  statementMs: number;
  /** `lock_timeout`: no statement waits longer for a lock. 0 = off. */
  lockMs: number;
  /** `idle_in_transaction_session_timeout`: an open transaction that goes quiet is ended. 0 = off. */
  idleInTransactionMs: number;
}

/** The libpq `options` startup parameter that sets the limits for the whole session. */
export function sessionStartupOptions(t: SessionTimeouts): string {
  return [
    `-c statement_timeout=${t.statementMs}`,
    `-c lock_timeout=${t.lockMs}`,
    `-c idle_in_transaction_session_timeout=${t.idleInTransactionMs}`,
  ].join(' ');
}

/**
 * How long the client waits for any answer before it declares the connection dead: the
 * server answers (with a result or a cancel) within `statementMs`, plus slack for the
 * network. Null when statement timeouts are off (nothing bounds a legitimate statement).
 */
export function clientReplyTimeoutMs(statementMs: number): number | null {
  return statementMs > 0 ? statementMs + Math.min(2_000, statementMs) : null;
}

/** What this module needs of a node-postgres client (its query method and socket). */
interface PgClientLike {
  query: (...args: unknown[]) => unknown;
  connection?: { stream?: { destroy(error?: Error): void } };
}

/**
 * Make a pooled client destroy its socket when a query gets no answer within `timeoutMs`.
 * node-postgres' own `query_timeout` only rejects the promise: the connection stays busy
 * with the lost query, the rollback queues behind it and times out too, and the pool hands
 * the dead connection out again. Destroying the socket fails everything queued on it at
 * once and the pool drops it. Installed from the pool's `afterCreate` hook.
 */
export function destroyWhenSilent(client: PgClientLike, timeoutMs: number, onDead: () => void): void {
  const query = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    const callback = args.at(-1);
    if (typeof callback !== 'function') return query.apply(client, args);
    const timer = setTimeout(() => {
      onDead();
      client.connection?.stream?.destroy(new Error(`no reply from PostgreSQL within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    args[args.length - 1] = (...result: unknown[]) => {
      clearTimeout(timer);
      return (callback as (...a: unknown[]) => unknown)(...result);
    };
    return query.apply(client, args);
  };
}
