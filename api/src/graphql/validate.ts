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
