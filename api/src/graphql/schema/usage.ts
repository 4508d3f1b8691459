import { MAX_USAGE_BUCKETS, usageSeries, type UsageSeries } from '../../services/usage.js';
import { builder } from '../builder.js';
import { USAGE_BUCKET_FIELDS as F, usageQueryOf, type UsageBucketRow } from '../usageFields.js';

const UsageBucketSizeEnum = builder.enumType('UsageBucketSize', {
  description: 'How wide each bucket of a `usage` series is; buckets start on UTC boundaries of their size.',
  values: {
    MINUTE: { description: 'One minute.' },
    HOUR: { description: 'One hour.' },
    DAY: { description: 'One UTC day.' },
  } as const,
});

const UsageBucketRef = builder.objectRef<UsageBucketRow>('UsageBucket').implement({
  description: 'Usage in one bucket of time (only the part of it inside the asked range).',
  fields: (t) => ({
    start: t.field({
      type: 'Timestamp',
      description: 'Start of the bucket on its UTC boundary (the first bucket may start before `since`).',
      resolve: (b) => F.start!(b.columns, b.index),
    }),
    turns: t.int({
      resolve: (b) => F.turns!(b.columns, b.index),
      description: 'Lines written.',
    }),
    promptTokens: t.int({
      resolve: (b) => F.promptTokens!(b.columns, b.index),
      description: 'Prompt tokens of the lines (turns); memory calls are in memoryPromptTokens.',
    }),
    completionTokens: t.int({
      resolve: (b) => F.completionTokens!(b.columns, b.index),
      description: 'Completion tokens of the lines (turns); memory calls are in memoryCompletionTokens.',
    }),
    memoryCalls: t.int({
      resolve: (b) => F.memoryCalls!(b.columns, b.index),
      description: 'Model calls for memory: characters writing memories of a finished conversation, and reflections (consolidations).',
    }),
    memoryPromptTokens: t.int({
      resolve: (b) => F.memoryPromptTokens!(b.columns, b.index),
      description: 'Prompt tokens of the memory calls.',
    }),
    memoryCompletionTokens: t.int({
      resolve: (b) => F.memoryCompletionTokens!(b.columns, b.index),
      description: 'Completion tokens of the memory calls.',
    }),
    linesPerMinute: t.float({
      description: 'Lines per minute over the part of the bucket inside the range (turns / its minutes).',
      resolve: (b) => F.linesPerMinute!(b.columns, b.index),
    }),
    costUsd: t.float({
      resolve: (b) => F.costUsd!(b.columns, b.index),
      description:
        'Estimated cost in USD of every model call, turns and memory, from the configured price table (unknown models count as 0).',
    }),
    memoryCostUsd: t.float({
      resolve: (b) => F.memoryCostUsd!(b.columns, b.index),
      description: 'Estimated cost in USD of the memory calls alone (part of costUsd).',
    }),
    peakViewers: t.int({
      resolve: (b) => F.peakViewers!(b.columns, b.index),
      description:
        'Most viewers seen at one sample (every 5 s) in the bucket: of the scene, or of all scenes together at one instant when `sceneId` is omitted. Not filtered by `model`; 0 when nothing was sampled.',
    }),
    averageViewers: t.float({
      resolve: (b) => F.averageViewers!(b.columns, b.index),
      description:
        'Mean viewers over the samples of the bucket (instants where nobody watched count as 0). Not filtered by `model`; 0 when nothing was sampled.',
    }),
  }),
});

const UsageRef = builder.objectRef<UsageSeries>('Usage').implement({
  description: 'A usage series for dashboards, read from totals kept per minute as lines are stored.',
  fields: (t) => ({
    buckets: t.field({
      type: [UsageBucketRef],
      description: 'Every bucket of the range in time order, zeros included.',
      resolve: (u) => Array.from({ length: u.length }, (_, index): UsageBucketRow => ({ columns: u.columns, index })),
    }),
  }),
});

builder.queryField('usage', (t) =>
  t.field({
    type: UsageRef,
    description: `Turns, tokens and cost per bucket over [since, until), optionally for one scene and/or model. At most ${MAX_USAGE_BUCKETS} buckets per call, and per operation for all its usage fields together (more is BAD_INPUT with extensions.limit "usageBuckets"); the buckets add up to the totals of the range.`,
    args: {
      bucket: t.arg({ type: UsageBucketSizeEnum, required: true, description: 'Bucket width.' }),
      since: t.arg({ type: 'Timestamp', required: true, description: 'Start of the range, inclusive; a whole minute.' }),
      until: t.arg({ type: 'Timestamp', required: true, description: 'End of the range, exclusive; a whole minute after `since`.' }),
      sceneId: t.arg.id({ description: 'Only this scene (all scenes when omitted).' }),
      model: t.arg.string({ description: 'Only this model (all models when omitted).' }),
    },
    // http/wideUsage.ts answers most `usage` reads without this resolver (same validation, same series).
    resolve: async (_r, args, ctx) => usageSeries(ctx.container, usageQueryOf(args)),
  }),
);
