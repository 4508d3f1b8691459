/**
 * Dashboard reads (`stats`, `usage`, `characterStats`, the stats feed) share the database pool
 * with the turn loop. However many dashboards poll, at most `MAX_CONCURRENT` of their queries
 * hold a pooled connection at once in a process (the rest wait here, in order), so the turn's
 * commits always find a free connection; and identical reads still waiting are shared, so a
 * wall of dashboards asking the same question while the gate is busy costs one query. One gate
 * per process: the pool it protects is per process too.
 */

/** At most this many analytics queries use the pool at once per process (the pool holds 10). */
export const MAX_CONCURRENT_ANALYTICS_READS = 2;

let active = 0;
const waiting: (() => void)[] = [];
/** Reads still waiting for a slot, by key: a caller asking the same joins them. */
const queued = new Map<string, Promise<unknown>>();
const dbIds = new WeakMap<object, number>();
let lastDbId = 0;

async function slot(): Promise<void> {
  if (active >= MAX_CONCURRENT_ANALYTICS_READS) await new Promise<void>((resolve) => waiting.push(resolve));
  else active++;
}

function release(): void {
  // The slot passes straight to the next waiter, so `active` stays counted for it.
  const next = waiting.shift();
  if (next) next();
  else active--;
}

/**
 * Run `read` under the gate. A read of the same `what` on the same `db` that is still waiting for a slot is
 * joined instead of queued again: it has not started, so its answer is as fresh as this call's
 * own would be (results never change, only fewer queries run). A read already running is not
 * joined.
 */
export function analyticsRead<T>(db: object, what: string, read: () => Promise<T>): Promise<T> {
  // Two containers in one process (tests) never share a read: the key names the database handle.
  let id = dbIds.get(db);
  if (id === undefined) {
    id = ++lastDbId;
    dbIds.set(db, id);
  }
  const key = `${id}:${what}`;
  const waitingRead = queued.get(key);
  if (waitingRead) return waitingRead as Promise<T>;
  const p = (async () => {
    await slot();
    queued.delete(key);
    try {
      return await read();
    } finally {
      release();
    }
  })();
  // Set before the body resumes from `await slot()` (a microtask later), which deletes it.
  queued.set(key, p);
  return p;
}
