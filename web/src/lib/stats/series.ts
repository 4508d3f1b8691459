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

/** One character's numbers over a range, as `characterStats` returns them. */
export interface CharacterRow {
  characterId: string;
  name: string;
  sceneId: string;
  lines: number;
  averageRating?: number | null;
  moods: MoodCount[];
  addressees: { name: string; count: number }[];
}

/**
 * Character numbers of consecutive parts of a range added up (the API answers at most so many
 * minutes per call): lines, moods and addressees summed, the average rating weighted by lines;
 * most lines first, like the API.
 */
export function mergeCharacterRows(parts: readonly (readonly CharacterRow[])[]): CharacterRow[] {
  const byId = new Map<string, CharacterRow & { rated: number; ratingSum: number }>();
  for (const part of parts) {
    for (const c of part) {
      const row = byId.get(c.characterId) ?? { ...c, lines: 0, moods: [], addressees: [], rated: 0, ratingSum: 0, averageRating: null };
      row.lines += c.lines;
      if (c.averageRating != null && c.lines > 0) {
        row.rated += c.lines;
        row.ratingSum += c.averageRating * c.lines;
      }
      row.moods = addCounts(row.moods, c.moods, (m) => m.mood);
      row.addressees = addCounts(row.addressees, c.addressees, (a) => a.name);
      byId.set(c.characterId, row);
    }
  }
  return [...byId.values()]
    .map(({ rated, ratingSum, ...row }) => ({ ...row, averageRating: rated > 0 ? ratingSum / rated : null }))
    .sort((a, b) => b.lines - a.lines || a.name.localeCompare(b.name));
}

function addCounts<T extends { count: number }>(a: readonly T[], b: readonly T[], key: (t: T) => string): T[] {
  const out = new Map<string, T>();
  for (const t of [...a, ...b]) {
    const k = key(t);
    const seen = out.get(k);
    out.set(k, seen ? { ...seen, count: seen.count + t.count } : { ...t });
  }
  return [...out.values()].sort((x, y) => y.count - x.count);
}
