/** What an operator's moderation term may be: letters, digits, spaces, hyphens and apostrophes, 1–60 characters. */
export const TERM_PATTERN = /^[\p{L}\p{N}' -]{1,60}$/u;

/** An operator term as the screen compares it: trimmed, single spaces, lower case. */
export function normalizeTerm(term: string): string {
  return term.trim().replace(/\s+/g, ' ').toLowerCase();
}
