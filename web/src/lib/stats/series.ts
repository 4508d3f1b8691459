/**
 * Pure helpers of the stats page: usage buckets into chart columns, the current bucket merged
 * in as the live feed moves, range totals and breakdown rows. No urql, no DOM.
 */

/** One `usage` bucket as the page reads it. */
export interface Bucket {
  start: number;
  turns: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  linesPerMinute: number;
  peakViewers: number;
  averageViewers: number;
}

export interface Totals {
  turns: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** Columns for the charts: x in seconds (uPlot's time unit), one array per series. */
export interface Columns {
  x: number[];
  turns: number[];
  linesPerMinute: number[];
  promptTokens: number[];
  completionTokens: number[];
  costUsd: number[];
  peakViewers: number[];
  averageViewers: number[];
}

export function columns(buckets: readonly Bucket[]): Columns {
  return {
    x: buckets.map((b) => b.start / 1000),
    turns: buckets.map((b) => b.turns),
    linesPerMinute: buckets.map((b) => b.linesPerMinute),
    promptTokens: buckets.map((b) => b.promptTokens),
    completionTokens: buckets.map((b) => b.completionTokens),
    costUsd: buckets.map((b) => b.costUsd),
    peakViewers: buckets.map((b) => b.peakViewers),
    averageViewers: buckets.map((b) => b.averageViewers),
  };
}

/**
 * The series after a refresh of its newest buckets: a bucket in `fresh` replaces the one with
 * the same start, newer ones are appended, and buckets that ended before `since` fall off (a
 * sliding "last hour" keeps its length). The result is in time order.
 */
export function mergeBuckets(series: readonly Bucket[], fresh: readonly Bucket[], since: number, bucketMs: number): Bucket[] {
  const byStart = new Map<number, Bucket>();
  for (const b of series) byStart.set(b.start, b);
  for (const b of fresh) byStart.set(b.start, b);
  return [...byStart.values()].filter((b) => b.start + bucketMs > since).sort((a, b) => a.start - b.start);
}

export function totals(buckets: readonly Bucket[]): Totals {
  const t: Totals = { turns: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
  for (const b of buckets) {
    t.turns += b.turns;
    t.promptTokens += b.promptTokens;
    t.completionTokens += b.completionTokens;
    t.costUsd += b.costUsd;
  }
  return t;
}

/** One row of a per-scene or per-model table, with its share of the largest row (for a bar). */
export interface BreakdownRow extends Totals {
  key: string;
  label: string;
  share: number;
}

/** Rows by tokens, largest first; `share` is relative to the largest row (0..1). */
export function breakdown(rows: readonly (Totals & { key: string; label: string })[]): BreakdownRow[] {
  const sorted = [...rows].sort((a, b) => b.promptTokens + b.completionTokens - (a.promptTokens + a.completionTokens) || b.turns - a.turns);
  const top = sorted[0] ? sorted[0].promptTokens + sorted[0].completionTokens : 0;
  return sorted.map((r) => ({ ...r, share: top > 0 ? (r.promptTokens + r.completionTokens) / top : 0 }));
}

export interface MoodCount {
  mood: string;
  emoji: string;
  count: number;
}

/** The most frequent moods first (ties by name), at most `limit`, each with its share of all moods. */
export function topMoods(moods: readonly MoodCount[], limit = 4): (MoodCount & { share: number })[] {
  const all = moods.reduce((s, m) => s + m.count, 0);
  return [...moods]
    .filter((m) => m.count > 0)
    .sort((a, b) => b.count - a.count || a.mood.localeCompare(b.mood))
    .slice(0, limit)
    .map((m) => ({ ...m, share: all > 0 ? m.count / all : 0 }));
}

/** The name addressed most often, or null when nobody was. */
export function topAddressee(addressees: readonly { name: string; count: number }[]): { name: string; count: number } | null {
  let best: { name: string; count: number } | null = null;
  for (const a of addressees) if (a.count > 0 && (!best || a.count > best.count)) best = a;
  return best;
}

/** Short numbers for tiles: 1234 -> "1,234", 123456 -> "123k", 1.2M. */
export function compact(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M`;
  if (n >= 100_000) return `${Math.round(n / 1000)}k`;
  return n.toLocaleString('en-US');
}

/** Axis ticks: 12, 1.5k, 20k, 3M (no more than four characters or so). */
export function short(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (abs >= 1_000) return `${+(n / 1_000).toFixed(1)}k`;
  return String(+n.toFixed(2));
}

/** Dollars: four decimals under a cent, else two. */
export function usd(n: number): string {
  return n > 0 && n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}
