/**
 * Ordering and de-duplication of a scene's event stream. Events carry a per-scene `seq`
 * that grows by one per event. After a reconnect the server replays everything after the
 * `afterSeq` we send, and a re-sent subscription may repeat events we already have: this
 * module turns any mix of repeats, reorders and gaps into one in-order, once-only stream.
 */

export interface Sequenced {
  seq: number;
}

/** Where a stream stands: the last applied seq and events held back behind a gap. */
export interface SeqCursor<E extends Sequenced> {
  lastSeq: number;
  /** Events after a gap, sorted by seq, no duplicates. */
  pending: E[];
}

export interface MergeResult<E extends Sequenced> {
  cursor: SeqCursor<E>;
  /** Events to apply now, in seq order, each exactly once. */
  ready: E[];
  /** How many incoming events were dropped as already seen. */
  duplicates: number;
}

/** A fresh cursor that has applied everything up to `lastSeq` (a snapshot's `lastSeq`). */
export function cursorAt<E extends Sequenced>(lastSeq: number): SeqCursor<E> {
  return { lastSeq, pending: [] };
}

/**
 * Add incoming events to the cursor. Events at or below `lastSeq` are duplicates; the next
 * seq and any contiguous run after it become ready; the rest wait in `pending` for the gap
 * to fill (the caller resubscribes with `afterSeq: cursor.lastSeq` when a gap lasts).
 */
export function mergeEvents<E extends Sequenced>(cursor: SeqCursor<E>, incoming: readonly E[]): MergeResult<E> {
  let duplicates = 0;
  const bySeq = new Map<number, E>();
  for (const e of cursor.pending) bySeq.set(e.seq, e);
  for (const e of incoming) {
    if (!Number.isInteger(e.seq) || e.seq <= cursor.lastSeq || bySeq.has(e.seq)) {
      duplicates++;
      continue;
    }
    bySeq.set(e.seq, e);
  }
  const ready: E[] = [];
  let lastSeq = cursor.lastSeq;
  while (bySeq.has(lastSeq + 1)) {
    ready.push(bySeq.get(lastSeq + 1)!);
    bySeq.delete(lastSeq + 1);
    lastSeq++;
  }
  const pending = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return { cursor: { lastSeq, pending }, ready, duplicates };
}

/** True when events are waiting behind a missing seq. */
export function hasGap<E extends Sequenced>(cursor: SeqCursor<E>): boolean {
  return cursor.pending.length > 0;
}

/**
 * Give up on a gap that did not fill (events lost for good, e.g. pruned): apply what is
 * pending in order and move the cursor past it. Used only after a resubscribe also failed.
 */
export function skipGap<E extends Sequenced>(cursor: SeqCursor<E>): MergeResult<E> {
  const ready = [...cursor.pending];
  const lastSeq = ready.length ? ready[ready.length - 1]!.seq : cursor.lastSeq;
  return { cursor: { lastSeq, pending: [] }, ready, duplicates: 0 };
}
