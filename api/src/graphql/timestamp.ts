import { badInput } from './errors.js';

/** The range of a JavaScript Date: ±100,000,000 days around the epoch. */
export const MAX_TIMESTAMP_MS = 8.64e15;

/** What the `Timestamp` scalar says about itself in the schema. */
export const TIMESTAMP_DESCRIPTION =
  'A point in time. Output: milliseconds since the Unix epoch (UTC), as a number. Input: the same number (an integer), ' +
  'or an ISO 8601 string: a date (`2026-01-31`, midnight UTC) or a date and time with `Z` or an offset ' +
  '(`2026-01-31T18:30:00Z`, `2026-01-31T19:30:00.250+01:00`; fractions beyond milliseconds are cut off).';

// Date, then optionally time (seconds and fraction optional) with a zone, which must be there:
// a time without a zone means "local" in ISO 8601, and the server's local zone is nobody's.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2}))?$/;

/**
 * A `Timestamp` input value as epoch milliseconds, or BAD_INPUT: an integer within the Date
 * range, or an ISO 8601 date or date-time string (see TIMESTAMP_DESCRIPTION). Nothing else is
 * guessed at (no numeric strings, no local times, no calendar overflow such as February 30).
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) <= MAX_TIMESTAMP_MS) return value;
    throw badInput('Timestamp must be an integer number of milliseconds within ±8.64e15, or an ISO 8601 string');
  }
  if (typeof value === 'string') {
    const ms = value.length <= 40 ? fromIso(value) : null;
    if (ms !== null) return ms;
    throw badInput('Timestamp must be an ISO 8601 date or date-time with a zone (e.g. 2026-01-31T18:30:00Z), or epoch milliseconds');
  }
  throw badInput(
    `Timestamp must be a number or an ISO 8601 string, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`,
  );
}

function fromIso(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const millis = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  // The Date rolls February 30 over into March; the calendar day must be the one written.
  if (date.getUTCDate() !== day) return null;
  const zone = m[8] ?? 'Z';
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 23 || minutes > 59) return null;
    offset = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  const ms = date.getTime() - offset;
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIMESTAMP_MS ? ms : null;
}
