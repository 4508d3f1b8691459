import { BUCKET_MS, MAX_USAGE_BUCKETS, MINUTE_MS, bucketCount, usageBuckets, type UsageBucket } from '../../services/usage.js';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { idArg, textArg } from '../validate.js';

/** Latest instant `usage` accepts (the largest a JavaScript Date can hold). */
const MAX_TIMESTAMP = 8_640_000_000_000_000;

const UsageBucketSizeEnum = builder.enumType('UsageBucketSize', {
  description: 'How wide each bucket of a `usage` series is; buckets start on UTC boundaries of their size.',
  values: {
    MINUTE: { description: 'One minute.' },
    HOUR: { description: 'One hour.' },
    DAY: { description: 'One UTC day.' },
  } as const,
});

const UsageBucketRef = builder.objectRef<UsageBucket>('UsageBucket').implement({
  description: 'Usage in one bucket of time (only the part of it inside the asked range).',
  fields: (t) => ({
    start: t.field({
      type: 'Timestamp',
      description: 'Start of the bucket on its UTC boundary (the first bucket may start before `since`).',
      resolve: (b) => b.start,
    }),
    turns: t.exposeInt('turns', { description: 'Lines written.' }),
    promptTokens: t.exposeInt('promptTokens', {
      description: 'Prompt tokens of the lines (turns); memory calls are in memoryPromptTokens.',
    }),
    completionTokens: t.exposeInt('completionTokens', {
      description: 'Completion tokens of the lines (turns); memory calls are in memoryCompletionTokens.',
    }),
    memoryCalls: t.exposeInt('memoryCalls', {
      description: 'Model calls for memory: characters writing memories of a finished conversation, and reflections (consolidations).',
    }),
    memoryPromptTokens: t.exposeInt('memoryPromptTokens', { description: 'Prompt tokens of the memory calls.' }),
    memoryCompletionTokens: t.exposeInt('memoryCompletionTokens', { description: 'Completion tokens of the memory calls.' }),
    linesPerMinute: t.float({
      description: 'Lines per minute over the part of the bucket inside the range (turns / its minutes).',
      resolve: (b) => b.turns / b.minutes,
    }),
    costUsd: t.exposeFloat('costUsd', {
      description:
        'Estimated cost in USD of every model call, turns and memory, from the configured price table (unknown models count as 0).',
    }),
    memoryCostUsd: t.exposeFloat('memoryCostUsd', { description: 'Estimated cost in USD of the memory calls alone (part of costUsd).' }),
    peakViewers: t.exposeInt('peakViewers', {
      description:
        'Most viewers seen at one sample (every 5 s) in the bucket: of the scene, or of all scenes together at one instant when `sceneId` is omitted. Not filtered by `model`; 0 when nothing was sampled.',
    }),
    averageViewers: t.exposeFloat('averageViewers', {
      description:
        'Mean viewers over the samples of the bucket (instants where nobody watched count as 0). Not filtered by `model`; 0 when nothing was sampled.',
    }),
  }),
});

const UsageRef = builder.objectRef<{ buckets: UsageBucket[] }>('Usage').implement({
  description: 'A usage series for dashboards, read from totals kept per minute as lines are stored.',
  fields: (t) => ({
    buckets: t.field({
      type: [UsageBucketRef],
      description: 'Every bucket of the range in time order, zeros included.',
      resolve: (u) => u.buckets,
    }),
  }),
});

/** A whole minute within range, or BAD_INPUT: the rollups cannot split a minute. */
export function minuteArg(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_TIMESTAMP || value % MINUTE_MS !== 0) {
    throw badInput(`${name} must be a whole minute (a multiple of ${MINUTE_MS} ms) from 0 to ${MAX_TIMESTAMP}`, name);
  }
  return value;
}

builder.queryField('usage', (t) =>
  t.field({
    type: UsageRef,
    description: `Turns, tokens and cost per bucket over [since, until), optionally for one scene and/or model. At most ${MAX_USAGE_BUCKETS} buckets per call; the buckets add up to the totals of the range.`,
    args: {
      bucket: t.arg({ type: UsageBucketSizeEnum, required: true, description: 'Bucket width.' }),
      since: t.arg({ type: 'Timestamp', required: true, description: 'Start of the range, inclusive; a whole minute.' }),
      until: t.arg({ type: 'Timestamp', required: true, description: 'End of the range, exclusive; a whole minute after `since`.' }),
      sceneId: t.arg.id({ description: 'Only this scene (all scenes when omitted).' }),
      model: t.arg.string({ description: 'Only this model (all models when omitted).' }),
    },
    resolve: async (_r, args, ctx) => {
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
      return { buckets: await usageBuckets(ctx.container, { bucket: args.bucket, since, until, sceneId, model }) };
    },
  }),
);
