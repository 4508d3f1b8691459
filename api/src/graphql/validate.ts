import { badInput } from './errors.js';

/** Largest id or slug we accept (ids are UUIDs, slugs are short). */
export const MAX_ID_LENGTH = 64;
/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;

/** A non-negative integer within 32-bit range, or BAD_INPUT naming the argument. */
export function nonNegativeInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
    throw badInput(`${name} must be a non-negative integer`, name);
  }
  return value;
}

/** A page size in 1..MAX_PAGE_SIZE. */
export function pageSize(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badInput(`${name} must be an integer from 1 to ${MAX_PAGE_SIZE}`, name);
  }
  return value;
}

/**
 * What every id and slug looks like: 1 to MAX_ID_LENGTH ASCII letters, digits, `-` and `_`
 * (UUIDs, integers and slugs all do). Checked before any query, so no NUL byte, lone surrogate,
 * quote or space ever reaches a database driver (SQLite fails on a NUL inside a literal).
 */
export const ID_SHAPE = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}$`);

/** True when `value` has the shape of an id or slug (see ID_SHAPE). */
export function isIdShaped(value: unknown): value is string {
  return typeof value === 'string' && ID_SHAPE.test(value);
}

/** An id or slug of the right shape (ID_SHAPE), or BAD_INPUT naming the argument. */
export function idArg(value: string, name: string): string {
  if (!isIdShaped(value)) {
    throw badInput(`${name} must be 1 to ${MAX_ID_LENGTH} letters, digits, '-' or '_'`, name);
  }
  return value;
}

/** Trimmed text within bounds, without control characters (newlines allowed), or BAD_INPUT. */
export function textArg(value: string, name: string, min: number, max: number): string {
  const text = value.trim();
  if (text.length < min || text.length > max) throw badInput(`${name} must be ${min} to ${max} characters`, name);
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) throw badInput(`${name} must not contain control characters`, name);
  return text;
}

/** A whole number in [min, max], or BAD_INPUT naming the argument. */
export function intArg(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(`${name} must be a whole number from ${min} to ${max}`, name);
  return value;
}

/** A finite number in [min, max], or BAD_INPUT naming the argument. */
export function numberArg(value: number, name: string, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw badInput(`${name} must be between ${min} and ${max}`, name);
  return value;
}
