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

/** A bounded identifier string. */
export function idArg(value: string, name: string): string {
  if (value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw badInput(`${name} must be 1 to ${MAX_ID_LENGTH} characters`, name);
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

/** A finite number within bounds, or BAD_INPUT. */
export function numberArg(value: number, name: string, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw badInput(`${name} must be between ${min} and ${max}`, name);
  return value;
}
