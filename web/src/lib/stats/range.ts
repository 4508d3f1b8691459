/**
 * The stats page's time range: presets (last hour, day, week) or a custom pair of instants,
 * turned into what `usage` accepts: whole minutes, `since < until`, and a bucket size that keeps
 * the series under the API's bucket limit and small enough to draw.
 */

export const MINUTE_MS = 60_000;
export const BUCKET_MS = { MINUTE: MINUTE_MS, HOUR: 60 * MINUTE_MS, DAY: 24 * 60 * MINUTE_MS } as const;
export type BucketSize = keyof typeof BUCKET_MS;

/** The API refuses more buckets than this per `usage` call (schema.graphql). */
export const API_MAX_BUCKETS = 10_000;
/** More points than this make a chart slow and no more readable: pick a wider bucket. */
export const MAX_POINTS = 1_500;

export type Preset = 'hour' | 'day' | 'week';
export const PRESET_MS: Record<Preset, number> = { hour: BUCKET_MS.HOUR, day: BUCKET_MS.DAY, week: 7 * BUCKET_MS.DAY };
export const PRESET_LABEL: Record<Preset, string> = { hour: 'Last hour', day: 'Last day', week: 'Last week' };

export interface Range {
  since: number;
  until: number;
  bucket: BucketSize;
  /** True when the range ends now and slides with the clock (presets). */
  live: boolean;
}

/** Buckets a `[since, until)` range covers; buckets start on UTC boundaries (like the API). */
export function bucketCount(bucket: BucketSize, since: number, until: number): number {
  const width = BUCKET_MS[bucket];
  return Math.ceil(until / width) - Math.floor(since / width);
}

/** The narrowest bucket that keeps the series at most `MAX_POINTS` long (and always within the API's limit). */
export function chooseBucket(since: number, until: number): BucketSize {
  for (const b of ['MINUTE', 'HOUR'] as const) if (bucketCount(b, since, until) <= MAX_POINTS) return b;
  return 'DAY';
}

/** A preset range ending at the next whole minute after `now` (so the current minute is in it). */
export function presetRange(preset: Preset, now: number): Range {
  const until = Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const since = until - PRESET_MS[preset];
  return { since, until, bucket: chooseBucket(since, until), live: true };
}

/**
 * A custom range from two `<input type="datetime-local">` values (local time), or why it is
 * not one. Both ends are rounded down to whole minutes.
 */
export function customRange(from: string, to: string): Range | { error: string } {
  const since = parseLocal(from);
  const until = parseLocal(to);
  if (since === null) return { error: 'From: pick a date and time.' };
  if (until === null) return { error: 'To: pick a date and time.' };
  if (since >= until) return { error: 'From must be at least a minute before To.' };
  const bucket = chooseBucket(since, until);
  if (bucketCount(bucket, since, until) > API_MAX_BUCKETS) return { error: 'That range is too long: pick at most 27 years.' };
  return { since, until, bucket, live: false };
}

function parseLocal(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / MINUTE_MS) * MINUTE_MS : null;
}

/** `<input type="datetime-local">` value for an instant, in local time, to the minute. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Start of the bucket holding `at` (UTC boundaries, like the API). */
export function bucketStart(bucket: BucketSize, at: number): number {
  const width = BUCKET_MS[bucket];
  return Math.floor(at / width) * width;
}

/** `characterStats` answers at most this many minutes per call (schema.graphql). */
export const CHARACTER_MAX_MINUTES = 10_000;
/** Calls the page makes at most for one range's character numbers; longer ranges show their newest part. */
export const CHARACTER_MAX_CALLS = 5;

/**
 * Consecutive whole-minute parts of a range, newest last, each within what `characterStats`
 * accepts; at most `CHARACTER_MAX_CALLS` of them, so a very long range keeps its newest part.
 */
export function characterParts(since: number, until: number): { since: number; until: number }[] {
  const width = CHARACTER_MAX_MINUTES * MINUTE_MS;
  const parts: { since: number; until: number }[] = [];
  for (let end = until; end > since && parts.length < CHARACTER_MAX_CALLS; end -= width) {
    parts.unshift({ since: Math.max(since, end - width), until: end });
  }
  return parts;
}
