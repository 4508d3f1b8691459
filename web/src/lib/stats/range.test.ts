import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_MAX_BUCKETS,
  BUCKET_MS,
  bucketCount,
  bucketStart,
  CHARACTER_MAX_CALLS,
  CHARACTER_MAX_MINUTES,
  characterParts,
  chooseBucket,
  customRange,
  MAX_POINTS,
  MINUTE_MS,
  presetRange,
  toLocalInput,
} from './range';

const T = Date.UTC(2026, 11, 1, 11, 40, 17, 250); // 11:40:17.250 UTC

describe('presetRange', () => {
  it('ends at the next whole minute and picks a bucket per preset', () => {
    const hour = presetRange('hour', T);
    expect(hour.until).toBe(Date.UTC(2026, 11, 1, 11, 41));
    expect(hour.since).toBe(Date.UTC(2026, 11, 1, 10, 41));
    expect(hour).toMatchObject({ bucket: 'MINUTE', live: true });
    expect(bucketCount('MINUTE', hour.since, hour.until)).toBe(60);
    expect(presetRange('day', T).bucket).toBe('MINUTE');
    const week = presetRange('week', T);
    expect(week.bucket).toBe('HOUR');
    expect(bucketCount('HOUR', week.since, week.until)).toBe(169);
  });
});

describe('chooseBucket', () => {
  it('keeps every whole-minute range within the chart and the API limits, with the narrowest bucket that fits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e8 }), fc.integer({ min: 1, max: 5e6 }), (startMin, lengthMin) => {
        const since = startMin * MINUTE_MS;
        const until = since + lengthMin * MINUTE_MS;
        const b = chooseBucket(since, until);
        const n = bucketCount(b, since, until);
        expect(n).toBeLessThanOrEqual(API_MAX_BUCKETS);
        if (b !== 'DAY') expect(n).toBeLessThanOrEqual(MAX_POINTS);
        if (b === 'HOUR') expect(bucketCount('MINUTE', since, until)).toBeGreaterThan(MAX_POINTS);
        if (b === 'DAY') expect(bucketCount('HOUR', since, until)).toBeGreaterThan(MAX_POINTS);
      }),
      { seed: 12, numRuns: 300 },
    );
  });
  it('counts buckets on UTC boundaries like the API', () => {
    expect(bucketCount('HOUR', Date.UTC(2026, 0, 1, 10, 30), Date.UTC(2026, 0, 1, 11, 30))).toBe(2);
    expect(bucketStart('DAY', T)).toBe(Date.UTC(2026, 11, 1));
    expect(bucketStart('MINUTE', T)).toBe(T - 17_250);
    expect(BUCKET_MS.HOUR).toBe(3_600_000);
  });
});

describe('customRange', () => {
  it('turns two local date-times into a whole-minute range', () => {
    const r = customRange('2026-11-30T08:00', '2026-11-30T20:15:40');
    if ('error' in r) throw new Error(r.error);
    expect(r.since).toBe(new Date('2026-11-30T08:00').getTime());
    expect(r.until).toBe(new Date('2026-11-30T20:15').getTime());
    expect(r).toMatchObject({ bucket: 'MINUTE', live: false });
    expect(toLocalInput(r.since)).toBe('2026-11-30T08:00');
  });
  it('refuses empty, malformed, reversed, equal and over-long ranges with a message', () => {
    expect(customRange('', '2026-11-30T08:00')).toEqual({ error: 'From: pick a date and time.' });
    expect(customRange('2026-11-30T08:00', 'tomorrow')).toEqual({ error: 'To: pick a date and time.' });
    expect(customRange('2026-11-30T09:00', '2026-11-30T08:00')).toEqual({ error: 'From must be at least a minute before To.' });
    expect(customRange('2026-11-30T08:00:10', '2026-11-30T08:00:50')).toEqual({ error: 'From must be at least a minute before To.' });
    expect(customRange('1990-01-01T00:00', '2026-01-01T00:00')).toEqual({ error: 'That range is too long: pick at most 27 years.' });
  });
});

describe('characterParts', () => {
  it('splits a week into parts the API accepts, and keeps the newest part of a very long range', () => {
    const week = presetRange('week', T);
    const parts = characterParts(week.since, week.until);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.since).toBe(week.since);
    expect(parts.at(-1)!.until).toBe(week.until);
    expect(parts[0]!.until).toBe(parts[1]!.since);
    for (const p of parts) expect((p.until - p.since) / MINUTE_MS).toBeLessThanOrEqual(CHARACTER_MAX_MINUTES);
    const hour = presetRange('hour', T);
    expect(characterParts(hour.since, hour.until)).toEqual([{ since: hour.since, until: hour.until }]);
    const year = characterParts(week.until - 365 * BUCKET_MS.DAY, week.until);
    expect(year).toHaveLength(CHARACTER_MAX_CALLS);
    expect(year.at(-1)!.until).toBe(week.until);
  });
});
