import { describe, expect, it } from 'vitest';
import { cursorAt, hasGap, mergeEvents, skipGap } from './eventMerge';

const ev = (seq: number, tag = '') => ({ seq, tag });
const seqs = (list: { seq: number }[]) => list.map((e) => e.seq);

describe('mergeEvents', () => {
  it('applies the next events in order', () => {
    const r = mergeEvents(cursorAt(3), [ev(4), ev(5)]);
    expect(seqs(r.ready)).toEqual([4, 5]);
    expect(r.cursor).toEqual({ lastSeq: 5, pending: [] });
  });

  it('drops events at or below the cursor (resume replays, re-sent subscriptions)', () => {
    const r = mergeEvents(cursorAt<{ seq: number; tag: string }>(5), [ev(3), ev(5), ev(6), ev(6, 'again')]);
    expect(seqs(r.ready)).toEqual([6]);
    expect(r.ready[0]!.tag).toBe('');
    expect(r.duplicates).toBe(3);
  });

  it('orders a shuffled batch', () => {
    const r = mergeEvents(cursorAt(0), [ev(3), ev(1), ev(2)]);
    expect(seqs(r.ready)).toEqual([1, 2, 3]);
  });

  it('holds events behind a gap until it fills', () => {
    const a = mergeEvents(cursorAt(1), [ev(2), ev(4), ev(5)]);
    expect(seqs(a.ready)).toEqual([2]);
    expect(hasGap(a.cursor)).toBe(true);
    expect(seqs(a.cursor.pending)).toEqual([4, 5]);
    const b = mergeEvents(a.cursor, [ev(4), ev(3)]);
    expect(seqs(b.ready)).toEqual([3, 4, 5]);
    expect(b.duplicates).toBe(1);
    expect(hasGap(b.cursor)).toBe(false);
  });

  it('survives a reconnect that replays an overlapping range', () => {
    let cursor = cursorAt<{ seq: number; tag: string }>(10);
    const seen: number[] = [];
    for (const batch of [[ev(11), ev(12)], [ev(12), ev(13)], [ev(11), ev(12), ev(13), ev(14)], [ev(15)]]) {
      const r = mergeEvents(cursor, batch);
      cursor = r.cursor;
      seen.push(...seqs(r.ready));
    }
    expect(seen).toEqual([11, 12, 13, 14, 15]);
  });

  it('ignores malformed seqs', () => {
    const r = mergeEvents(cursorAt(0), [{ seq: Number.NaN }, { seq: 1.5 }, { seq: 1 }]);
    expect(seqs(r.ready)).toEqual([1]);
  });

  it('skipGap flushes pending events in order', () => {
    const a = mergeEvents(cursorAt(1), [ev(5), ev(3)]);
    const b = skipGap(a.cursor);
    expect(seqs(b.ready)).toEqual([3, 5]);
    expect(b.cursor).toEqual({ lastSeq: 5, pending: [] });
  });
});
