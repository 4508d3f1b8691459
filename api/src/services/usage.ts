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

/**
 * Usage per bucket over [since, until), every bucket present (zeros where nothing was said), read
 * from the minute rollup: at most minutes × scenes × models rows of the range are summed, never
 * the messages. The caller has validated the range (whole minutes, bounded bucket count). Cost
 * is derived per model from its tokens with the configured prices, exactly as `stats` does, and
 * covers the memory calls too.
 */
export async function usageBuckets(deps: { orm: Orm; config: Pick<Config, 'budget'> }, q: UsageQuery): Promise<UsageBucket[]> {
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
  const first = Math.floor(q.since / size) * size;
  const buckets: UsageBucket[] = [];
  for (let start = first; start < q.until; start += size) {
    const minutes = (Math.min(start + size, q.until) - Math.max(start, q.since)) / MINUTE_MS;
    buckets.push({
      start,
      turns: 0,
      promptTokens: 0,
      completionTokens: 0,
      memoryCalls: 0,
      memoryPromptTokens: 0,
      memoryCompletionTokens: 0,
      costUsd: 0,
      memoryCostUsd: 0,
      minutes,
      peakViewers: 0,
      averageViewers: 0,
    });
  }
  const prices = deps.config.budget.prices;
  for (const r of rows) {
    const b = buckets[(Number(r.start) - first) / size];
    if (!b) continue;
    const promptTokens = Number(r.p ?? 0);
    const completionTokens = Number(r.c ?? 0);
    b.turns += Number(r.n);
    b.promptTokens += promptTokens;
    b.completionTokens += completionTokens;
    const memoryPromptTokens = Number(r.mp ?? 0);
    const memoryCompletionTokens = Number(r.mc ?? 0);
    b.memoryCalls += Number(r.mn ?? 0);
    b.memoryPromptTokens += memoryPromptTokens;
    b.memoryCompletionTokens += memoryCompletionTokens;
    const memoryCost = estimateCostUsd(prices, r.model, memoryPromptTokens, memoryCompletionTokens);
    b.memoryCostUsd += memoryCost;
    b.costUsd += estimateCostUsd(prices, r.model, promptTokens, completionTokens) + memoryCost;
  }
  for (const v of await viewerBuckets(deps, { sizeMs: size, since: q.since, until: q.until, sceneId: q.sceneId })) {
    const b = buckets[(v.start - first) / size];
    if (!b) continue;
    b.peakViewers = v.peak;
    b.averageViewers = v.average;
  }
  return buckets;
}
