/**
 * Where memories and relationship views come from: the conversations (epochs of their scene)
 * they were derived from, so that hiding a line finds everything that came of it. A memory
 * writer reads every visible line of a conversation, so what it writes is derived from all of
 * them: the conversation is the unit. Pure.
 */

/** Sources as stored: the conversations, or null for "every conversation up to `upTo`" (rows kept before provenance was). */
export type Sources = readonly number[] | null;

/** Whether something derived from `sources` (null: every conversation up to `upTo`) came of conversation `epoch`. */
export function derivedFrom(sources: Sources, upTo: number, epoch: number): boolean {
  return sources === null ? epoch <= upTo : sources.includes(epoch);
}

/** Conversations a row lists at most; past that it counts as derived from every one up to its own. */
export const SOURCES_MAX = 64;

/**
 * The sources of something derived from all of `parts`: their union, ascending, without
 * repeats. Unknown (null) when any part is unknown or the union is longer than `max`: null
 * reads as every conversation up to the new row's own, a superset of the union (the new row
 * is never older than what it came of), so the bound costs precision, never safety.
 */
export function mergeSources(parts: readonly Sources[], max = SOURCES_MAX): number[] | null {
  if (parts.some((p) => p === null)) return null;
  const union = [...new Set(parts.flatMap((p) => p ?? []))].sort((a, b) => a - b);
  return union.length > max ? null : union;
}
