import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../adapters/db/sql.js';
import type { Orm } from '../adapters/db/orm.js';
import type { Config } from '../config.js';
import { estimateCostUsd } from './budget.js';
import { analyticsRead } from './analyticsReads.js';
import { viewerBuckets } from './viewerSamples.js';

export const MINUTE_MS = 60_000;

/** Bucket sizes `usage` offers, in ms; buckets are aligned to UTC boundaries of their size. */
export const BUCKET_MS = { MINUTE: MINUTE_MS, HOUR: 60 * MINUTE_MS, DAY: 24 * 60 * MINUTE_MS } as const;
export type BucketSize = keyof typeof BUCKET_MS;

/** The most buckets one `usage` call may span, so a call's cost is bounded whatever it asks. */
export const MAX_USAGE_BUCKETS = 10_000;

/** One stored line's contribution to the usage rollup. */
export interface LineUsage {
  sceneId: string;
  model: string;
  createdAt: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/**
 * Count a line in `usage_minute` and `usage_total`. Called with the transaction that inserts the message, so the
 * rollup and the messages never disagree: both commit or neither does. The upsert (SQLite ≥ 3.24
 * and PostgreSQL) adds to the minute's row atomically, so concurrent turns of other scenes on
 * the same model and minute cannot lose an update.
 */
export async function recordLineUsage(tx: EntityManager, line: LineUsage): Promise<void> {
  const minute = Math.floor(line.createdAt / MINUTE_MS) * MINUTE_MS;
  await sqlRows<{ turns: number | string }>(
    tx,
    `insert into usage_minute (scene_id, model, minute, turns, prompt_tokens, completion_tokens) values (?, ?, ?, 1, ?, ?)
     on conflict (scene_id, model, minute) do update set
       turns = usage_minute.turns + excluded.turns,
       prompt_tokens = usage_minute.prompt_tokens + excluded.prompt_tokens,
       completion_tokens = usage_minute.completion_tokens + excluded.completion_tokens
     returning turns`,
    [line.sceneId, line.model, minute, line.promptTokens, line.completionTokens],
  );
  await sqlRows<{ turns: number | string }>(
    tx,
    `insert into usage_total (scene_id, model, turns, prompt_tokens, completion_tokens, latency_ms) values (?, ?, 1, ?, ?, ?)
     on conflict (scene_id, model) do update set
       turns = usage_total.turns + excluded.turns,
       prompt_tokens = usage_total.prompt_tokens + excluded.prompt_tokens,
       completion_tokens = usage_total.completion_tokens + excluded.completion_tokens,
       latency_ms = usage_total.latency_ms + excluded.latency_ms
     returning turns`,
    [line.sceneId, line.model, line.promptTokens, line.completionTokens, line.latencyMs],
  );
}

/** All-time usage of one scene and model, from `usage_total`. */
export interface UsageTotalRow {
  sceneId: string;
  model: string;
  turns: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Model calls for memory (writes and reflections) and their tokens, apart from the turns'. */
  memoryCalls: number;
  memoryPromptTokens: number;
  memoryCompletionTokens: number;
}

/** The all-time rollup (scenes × models rows, whatever the history), optionally for one scene. */
export async function usageTotals(deps: { orm: Orm }, sceneId: string | null = null): Promise<UsageTotalRow[]> {
  const rows = await analyticsRead(deps.orm, `usage_total:${sceneId ?? '*'}`, () =>
    sqlRows<{
      scene_id: string;
      model: string;
      turns: number | string;
      prompt_tokens: number | string;
      completion_tokens: number | string;
      latency_ms: number | string;
      memory_calls: number | string;
      memory_prompt_tokens: number | string;
      memory_completion_tokens: number | string;
    }>(
      deps.orm.em.fork(),
      `select scene_id, model, turns, prompt_tokens, completion_tokens, latency_ms, memory_calls, memory_prompt_tokens, memory_completion_tokens from usage_total${sceneId ? ' where scene_id = ?' : ''}`,
      sceneId ? [sceneId] : [],
    ),
  );
  return rows.map((r) => ({
    sceneId: r.scene_id,
    model: r.model,
    turns: Number(r.turns),
    promptTokens: Number(r.prompt_tokens),
    completionTokens: Number(r.completion_tokens),
    latencyMs: Number(r.latency_ms),
    memoryCalls: Number(r.memory_calls),
    memoryPromptTokens: Number(r.memory_prompt_tokens),
    memoryCompletionTokens: Number(r.memory_completion_tokens),
  }));
}

export interface UsageQuery {
  bucket: BucketSize;
  /** Inclusive, a whole minute. */
  since: number;
  /** Exclusive, a whole minute, after `since`. */
  until: number;
  sceneId?: string | null;
  model?: string | null;
}

export interface UsageBucket {
  start: number;
  turns: number;
  /** The turns' tokens. */
  promptTokens: number;
  completionTokens: number;
  /** Model calls for memory (writes and reflections) and their tokens. */
  memoryCalls: number;
  memoryPromptTokens: number;
  memoryCompletionTokens: number;
  /** Of every call, turns and memory. */
  costUsd: number;
  /** Of the memory calls alone. */
  memoryCostUsd: number;
  /** Minutes of the bucket inside the asked range (the first and last may be partial). */
  minutes: number;
  /** Highest viewer count sampled in the bucket (0 when nothing was sampled). */
  peakViewers: number;
  /** Mean viewer count over the bucket's samples (0 when nothing was sampled). */
  averageViewers: number;
}

/** The UTC-aligned bucket starts a range touches (the first may begin before `since`). */
export function bucketCount(bucket: BucketSize, since: number, until: number): number {
  const size = BUCKET_MS[bucket];
  return Math.floor((until - 1) / size) - Math.floor(since / size) + 1;
}

/** The quantities of a bucket, one column each in a {@link UsageSeries}. */
export const USAGE_COLUMNS = [
  'start',
  'turns',
  'promptTokens',
  'completionTokens',
  'memoryCalls',
  'memoryPromptTokens',
  'memoryCompletionTokens',
  'costUsd',
  'memoryCostUsd',
  'minutes',
  'peakViewers',
  'averageViewers',
] as const satisfies readonly (keyof UsageBucket)[];
export type UsageColumn = (typeof USAGE_COLUMNS)[number];

/**
 * A usage series stored by column: bucket `i` is `columns[name][i]`. A 10,000-bucket series is
 * twelve typed arrays (their bytes live outside the JavaScript heap and are never copied by the
 * young-generation collector) instead of 10,000 objects of twelve fields.
 */
export interface UsageSeries {
  length: number;
  columns: Record<UsageColumn, Float64Array>;
}

/** Bucket `i` of a series as one object (tests, and the rare read that is not served by column). */
export function bucketAt(series: UsageSeries, i: number): UsageBucket {
  const bucket = {} as UsageBucket;
  for (const name of USAGE_COLUMNS) bucket[name] = series.columns[name][i]!;
  return bucket;
}

/** Every bucket of the range as objects: {@link usageSeries} unrolled. */
export async function usageBuckets(deps: { orm: Orm; config: Pick<Config, 'budget'> }, q: UsageQuery): Promise<UsageBucket[]> {
  const series = await usageSeries(deps, q);
  return Array.from({ length: series.length }, (_, i) => bucketAt(series, i));
}

/**
 * Usage per bucket over [since, until), every bucket present (zeros where nothing was said), read
 * from the minute rollup: at most minutes × scenes × models rows of the range are summed, never
 * the messages. The caller has validated the range (whole minutes, bounded bucket count). Cost
 * is derived per model from its tokens with the configured prices, exactly as `stats` does, and
 * covers the memory calls too. Both reads finish before the series is built, so nothing of it
 * waits in memory for the second query.
 */
export async function usageSeries(deps: { orm: Orm; config: Pick<Config, 'budget'> }, q: UsageQuery): Promise<UsageSeries> {
  const size = BUCKET_MS[q.bucket];
  const where = ['minute >= ?', 'minute < ?'];
  const params: (string | number)[] = [q.since, q.until];
  if (q.sceneId) {
    where.push('scene_id = ?');
    params.push(q.sceneId);
  }
  if (q.model) {
    where.push('model = ?');
    params.push(q.model);
  }
  // `size` is one of three constants, never client text, so it is inlined: a bound parameter
  // would leave PostgreSQL to guess the division's type.
  const rows = await analyticsRead(deps.orm, `usage_minute:${size}:${q.since}:${q.until}:${q.sceneId ?? '*'}:${q.model ?? '*'}`, () =>
    sqlRows<{
      start: number | string;
      model: string;
      n: number | string;
      p: number | string | null;
      c: number | string | null;
      mn: number | string | null;
      mp: number | string | null;
      mc: number | string | null;
    }>(
      deps.orm.em.fork(),
      `select (minute / ${size}) * ${size} as start, model, sum(turns) as n, sum(prompt_tokens) as p, sum(completion_tokens) as c,
       sum(memory_calls) as mn, sum(memory_prompt_tokens) as mp, sum(memory_completion_tokens) as mc
     from usage_minute where ${where.join(' and ')} group by (minute / ${size}) * ${size}, model`,
      params,
    ),
  );
  const viewers = await viewerBuckets(deps, { sizeMs: size, since: q.since, until: q.until, sceneId: q.sceneId });
  const first = Math.floor(q.since / size) * size;
  const length = Math.max(0, Math.ceil((q.until - first) / size));
  const columns = Object.fromEntries(USAGE_COLUMNS.map((name) => [name, new Float64Array(length)])) as UsageSeries['columns'];
  const c = columns;
  for (let i = 0, start = first; i < length; i++, start += size) {
    c.start[i] = start;
    c.minutes[i] = (Math.min(start + size, q.until) - Math.max(start, q.since)) / MINUTE_MS;
  }
  const prices = deps.config.budget.prices;
  const at = (start: number) => {
    const i = (start - first) / size;
    return Number.isInteger(i) && i >= 0 && i < length ? i : -1;
  };
  for (const r of rows) {
    const i = at(Number(r.start));
    if (i < 0) continue;
    const promptTokens = Number(r.p ?? 0);
    const completionTokens = Number(r.c ?? 0);
    c.turns[i]! += Number(r.n);
    c.promptTokens[i]! += promptTokens;
    c.completionTokens[i]! += completionTokens;
    const memoryPromptTokens = Number(r.mp ?? 0);
    const memoryCompletionTokens = Number(r.mc ?? 0);
    c.memoryCalls[i]! += Number(r.mn ?? 0);
    c.memoryPromptTokens[i]! += memoryPromptTokens;
    c.memoryCompletionTokens[i]! += memoryCompletionTokens;
    const memoryCost = estimateCostUsd(prices, r.model, memoryPromptTokens, memoryCompletionTokens);
    c.memoryCostUsd[i]! += memoryCost;
    c.costUsd[i]! += estimateCostUsd(prices, r.model, promptTokens, completionTokens) + memoryCost;
  }
  for (const v of viewers) {
    const i = at(v.start);
    if (i < 0) continue;
    c.peakViewers[i] = v.peak;
    c.averageViewers[i] = v.average;
  }
  return { length, columns };
}
