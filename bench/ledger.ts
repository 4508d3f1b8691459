/**
 * Delivery accounting for one subscription: what arrived against what the scene logged.
 *
 * Counting only the gaps between frames that arrived misses the frames that never did: the
 * tail after a subscription's last frame and everything a socket the server closed would have
 * received. The ledger records which seqs arrived after `base` (the scene's last seq when the
 * measurement started); `tally(final)` then compares them with every seq in (base, final],
 * final being the scene's last seq once the run settled.
 */
export class SeqLedger {
  private base: number;
  private max: number;
  /** Seqs below `max` that have not arrived (yet). Empty while frames come in order. */
  private readonly missing = new Set<number>();
  private distinct = 0;
  duplicates = 0;
  outOfOrder = 0;

  constructor(base: number) {
    this.base = base;
    this.max = base;
  }

  /** Start counting afresh from `base`. */
  reset(base: number): void {
    this.base = base;
    this.max = base;
    this.missing.clear();
    this.distinct = 0;
    this.duplicates = 0;
    this.outOfOrder = 0;
  }

  /**
   * Record a frame's seq. 'before': at or below the base (a frame from before the measurement);
   * 'new' in order; 'late' fills a gap (out of order); 'duplicate' arrived before.
   */
  record(seq: number): 'before' | 'new' | 'late' | 'duplicate' {
    if (seq <= this.base) return 'before';
    if (seq > this.max) {
      for (let s = this.max + 1; s < seq; s++) this.missing.add(s);
      this.max = seq;
      this.distinct++;
      return 'new';
    }
    if (this.missing.delete(seq)) {
      this.distinct++;
      this.outOfOrder++;
      return 'late';
    }
    this.duplicates++;
    return 'duplicate';
  }

  /** The highest seq that arrived (the base when none did). */
  get last(): number {
    return this.max;
  }

  /** Whether every seq in (base, upTo] has arrived. */
  complete(upTo: number): boolean {
    if (this.max < upTo) return false;
    if (this.missing.size === 0) return true;
    for (const s of this.missing) if (s <= upTo) return false;
    return true;
  }

  /** Expected, received and lost frames for the seqs in (base, final]. */
  tally(final: number): { expected: number; received: number; lost: number; beyond: number } {
    const expected = Math.max(0, final - this.base);
    let beyond = 0;
    if (this.max > final) {
      beyond = this.max - final;
      for (const s of this.missing) if (s > final) beyond--;
    }
    const received = this.distinct - beyond;
    return { expected, received, lost: expected - received, beyond };
  }
}

/** Sums of many ledgers' tallies, plus duplicates and out-of-order frames. */
export interface DeliveryTotals {
  subscriptions: number;
  expected: number;
  received: number;
  lost: number;
  /** Frames with a seq above the final one read (the run was read before it settled). */
  beyond: number;
  duplicates: number;
  outOfOrder: number;
}

export function sumLedgers(entries: { ledger: SeqLedger; final: number }[]): DeliveryTotals {
  const t: DeliveryTotals = { subscriptions: entries.length, expected: 0, received: 0, lost: 0, beyond: 0, duplicates: 0, outOfOrder: 0 };
  for (const { ledger, final } of entries) {
    const one = ledger.tally(final);
    t.expected += one.expected;
    t.received += one.received;
    t.lost += one.lost;
    t.beyond += one.beyond;
    t.duplicates += ledger.duplicates;
    t.outOfOrder += ledger.outOfOrder;
  }
  return t;
}
