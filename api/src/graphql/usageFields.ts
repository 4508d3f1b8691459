import {
  BUCKET_MS,
  MAX_USAGE_BUCKETS,
  MINUTE_MS,
  bucketCount,
  type BucketSize,
  type UsageQuery,
  type UsageSeries,
} from '../services/usage.js';
import { badInput } from './errors.js';
import { idArg, textArg } from './validate.js';

/** Latest instant `usage` accepts (the largest a JavaScript Date can hold). */
const MAX_TIMESTAMP = 8_640_000_000_000_000;

/** One bucket of a series as the schema sees it: the series' columns and the bucket's index. */
export interface UsageBucketRow {
  columns: UsageSeries['columns'];
  index: number;
}

type Columns = UsageSeries['columns'];

/**
 * The value of each `UsageBucket` field of bucket `i`, before its scalar serializes it. The
 * schema's resolvers (./schema/usage.ts) and the wide-read path (http/wideUsage.ts) both read
 * fields through this table, so the two cannot compute a field differently.
 */
export const USAGE_BUCKET_FIELDS: Readonly<Record<string, (c: Columns, i: number) => number>> = {
  start: (c, i) => c.start[i]!,
  turns: (c, i) => c.turns[i]!,
  promptTokens: (c, i) => c.promptTokens[i]!,
  completionTokens: (c, i) => c.completionTokens[i]!,
  memoryCalls: (c, i) => c.memoryCalls[i]!,
  memoryPromptTokens: (c, i) => c.memoryPromptTokens[i]!,
  memoryCompletionTokens: (c, i) => c.memoryCompletionTokens[i]!,
  linesPerMinute: (c, i) => c.turns[i]! / c.minutes[i]!,
  costUsd: (c, i) => c.costUsd[i]!,
  memoryCostUsd: (c, i) => c.memoryCostUsd[i]!,
  peakViewers: (c, i) => c.peakViewers[i]!,
  averageViewers: (c, i) => c.averageViewers[i]!,
};

/** A whole minute within range, or BAD_INPUT: the rollups cannot split a minute. */
export function minuteArg(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_TIMESTAMP || value % MINUTE_MS !== 0) {
    throw badInput(`${name} must be a whole minute (a multiple of ${MINUTE_MS} ms) from 0 to ${MAX_TIMESTAMP}`, name);
  }
  return value;
}

/** The arguments of `usage` as graphql-js coerced them. */
export interface UsageArgs {
  bucket: BucketSize;
  since: number;
  until: number;
  sceneId?: string | number | null;
  model?: string | null;
}

/** The query `usage` runs for its arguments, or BAD_INPUT (the resolver and the wide-read path alike). */
export function usageQueryOf(args: UsageArgs): UsageQuery {
  const since = minuteArg(args.since, 'since');
  const until = minuteArg(args.until, 'until');
  if (since >= until) throw badInput('since must be before until', 'since');
  const count = bucketCount(args.bucket, since, until);
  if (count > MAX_USAGE_BUCKETS) {
    const widest = Math.floor((MAX_USAGE_BUCKETS * BUCKET_MS[args.bucket]) / MINUTE_MS);
    throw badInput(
      `the range spans ${count} ${args.bucket} buckets; at most ${MAX_USAGE_BUCKETS} per call (about ${widest} minutes), use a wider bucket or a shorter range`,
      'until',
    );
  }
  const sceneId = args.sceneId == null ? null : idArg(String(args.sceneId), 'sceneId');
  const model = args.model == null ? null : textArg(args.model, 'model', 1, 80);
  return { bucket: args.bucket, since, until, sceneId, model };
}
