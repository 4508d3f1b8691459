import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivedFrom, mergeSources } from './provenance.js';

const epochs = fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 8 });
const sources = fc.option(epochs, { nil: null });

describe('provenance', () => {
  it('a known source list names exactly its conversations; unknown covers every one up to the row’s own', () => {
    expect(derivedFrom([2, 5], 9, 5)).toBe(true);
    expect(derivedFrom([2, 5], 9, 3)).toBe(false);
    expect(derivedFrom(null, 4, 4)).toBe(true);
    expect(derivedFrom(null, 4, 5)).toBe(false);
  });

  it('what is derived from parts comes of every conversation any part came of (never fewer)', () => {
    fc.assert(
      fc.property(fc.array(sources, { maxLength: 5 }), fc.integer({ min: 1, max: 30 }), (parts, epoch) => {
        const upTo = 30;
        const merged = mergeSources(parts, 6);
        if (parts.some((p) => derivedFrom(p, upTo, epoch))) expect(derivedFrom(merged, upTo, epoch)).toBe(true);
        if (merged) expect(merged).toEqual([...new Set(merged)].sort((a, b) => a - b));
        if (merged) expect(merged.length).toBeLessThanOrEqual(6);
      }),
      { seed: 22, numRuns: 300 },
    );
  });
});
