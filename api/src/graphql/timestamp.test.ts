import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP_MS, parseTimestamp } from './timestamp.js';

const code = (value: unknown) => {
  try {
    parseTimestamp(value);
    return 'ok';
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code ?? 'uncoded';
  }
};

describe('Timestamp input', () => {
  it('takes epoch milliseconds as they are', () => {
    expect(parseTimestamp(0)).toBe(0);
    expect(parseTimestamp(1_767_225_600_000)).toBe(1_767_225_600_000);
    expect(parseTimestamp(-MAX_TIMESTAMP_MS)).toBe(-MAX_TIMESTAMP_MS);
  });

  it('takes ISO 8601 dates and date-times with a zone, as Date reads them', () => {
    for (const text of [
      '2026-01-31',
      '2026-01-31T18:30Z',
      '2026-01-31T18:30:00Z',
      '2026-01-31T18:30:00.250Z',
      '2026-01-31t18:30:00z',
      '2026-01-31T19:30:00.250+01:00',
      '2026-01-31T13:00:00-05:30',
      '2024-02-29T00:00:00Z',
    ]) {
      expect(parseTimestamp(text), text).toBe(new Date(text.toUpperCase()).getTime());
    }
    expect(parseTimestamp('2026-01-31T18:30:00.123999Z')).toBe(Date.UTC(2026, 0, 31, 18, 30, 0, 123));
    expect(parseTimestamp('0050-01-01')).toBe(new Date('0050-01-01T00:00:00Z').getTime());
  });

  it('refuses everything else with BAD_INPUT', () => {
    for (const value of [
      '1e999',
      '1700000000000',
      '',
      '2026-01-31T18:30:00',
      '2026-02-30',
      '2025-02-29T00:00:00Z',
      '2026-13-01',
      '2026-01-31T24:00:00Z',
      '2026-01-31T23:59:60Z',
      '2026-01-31T18:30:00+24:00',
      '+275760-09-13T00:00:01Z',
      'x'.repeat(60_000),
      '2026-01-31\u0000',
      {},
      [],
      null,
      true,
      1.5,
      Infinity,
      NaN,
      MAX_TIMESTAMP_MS + 1,
      1e300,
    ]) {
      expect(code(value), JSON.stringify(value)?.slice(0, 40)).toBe('BAD_INPUT');
    }
  });

  it('reads back every instant it writes as ISO 8601 (property)', () => {
    fc.assert(
      // Four-digit years: toISOString writes six digits and a sign outside them.
      fc.property(fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }), (ms) => {
        expect(parseTimestamp(new Date(ms).toISOString())).toBe(ms);
      }),
      { seed: 20, numRuns: 500 },
    );
  });
});
