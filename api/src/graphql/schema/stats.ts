import { estimateCostUsd } from '../../services/budget.js';
import { usageTotals, type UsageTotalRow } from '../../services/usage.js';
import type { ObjectFieldBuilder } from '@pothos/core';
import { builder } from '../builder.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

interface Totals {
  turns: number;
  promptTokens: number;
  completionTokens: number;
  memoryCalls: number;
  memoryPromptTokens: number;
  memoryCompletionTokens: number;
  estimatedCostUsd: number;
  memoryCostUsd: number;
}

const zero = (): Totals => ({
  turns: 0,
  promptTokens: 0,
  completionTokens: 0,
  memoryCalls: 0,
  memoryPromptTokens: 0,
  memoryCompletionTokens: 0,
  estimatedCostUsd: 0,
  memoryCostUsd: 0,
});

/** A row of the all-time rollup with its costs. */
type Costed = UsageTotalRow & { cost: number; memoryCost: number };

interface ModelUsage extends Totals {
  model: string;
  averageLatencyMs: number;
}

interface SceneUsage extends Totals {
  sceneId: string;
}

interface Stats extends Totals {
  viewers: number;
  byModel: ModelUsage[];
  byScene: SceneUsage[];
}

/** The token and cost fields every usage type has; `of` says what the numbers cover. */
const totalsFields = <P extends Totals>(t: ObjectFieldBuilder<Types, P>, of: string) => ({
  turns: t.int({ resolve: (u) => u.turns, description: `Lines written${of}.` }),
  promptTokens: t.int({
    resolve: (u) => u.promptTokens,
    description: `Prompt tokens of the lines (turns)${of}; memory calls are in memoryPromptTokens.`,
  }),
  completionTokens: t.int({
    resolve: (u) => u.completionTokens,
    description: `Completion tokens of the lines (turns)${of}; memory calls are in memoryCompletionTokens.`,
  }),
  memoryCalls: t.int({
    resolve: (u) => u.memoryCalls,
    description: `Model calls for memory${of}: characters writing memories of a conversation, and reflections.`,
  }),
  memoryPromptTokens: t.int({ resolve: (u) => u.memoryPromptTokens, description: `Prompt tokens of the memory calls${of}.` }),
  memoryCompletionTokens: t.int({ resolve: (u) => u.memoryCompletionTokens, description: `Completion tokens of the memory calls${of}.` }),
  estimatedCostUsd: t.float({
    resolve: (u) => u.estimatedCostUsd,
    description: `Estimated cost in USD of every model call${of}, turns and memory (configured price table; unknown models count as 0).`,
  }),
  memoryCostUsd: t.float({ resolve: (u) => u.memoryCostUsd, description: `Estimated cost in USD of the memory calls alone${of}.` }),
});

const ModelUsageRef = builder.objectRef<ModelUsage>('ModelUsage').implement({
  description: 'Usage of one model across all scenes.',
  fields: (t) => ({
    model: t.exposeString('model', { description: 'Model name.' }),
    ...totalsFields(t, ''),
    averageLatencyMs: t.exposeInt('averageLatencyMs', { description: 'Mean latency per line.' }),
  }),
});

const SceneUsageRef = builder.objectRef<SceneUsage>('SceneUsage').implement({
  description: 'Usage of one scene across its conversations.',
  fields: (t) => ({
    sceneId: t.exposeID('sceneId', { description: 'Scene id.' }),
    ...totalsFields(t, ''),
  }),
});

const StatsRef = builder.objectRef<Stats>('Stats').implement({
  description: 'Usage across PixelTales: turns, tokens by model and by scene, and viewers now.',
  fields: (t) => ({
    ...totalsFields(t, ' in all scenes'),
    viewers: t.exposeInt('viewers', { description: 'Live scene subscriptions now, all scenes.' }),
    byModel: t.field({ type: [ModelUsageRef], description: 'Per model.', resolve: (s) => s.byModel }),
    byScene: t.field({ type: [SceneUsageRef], description: 'Per scene.', resolve: (s) => s.byScene }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: StatsRef,
    description:
      'Usage numbers for dashboards (all time), read from totals kept per scene and model as lines are stored and memories written.',
    resolve: async (_r, _a, ctx) => {
      // The all-time rollup holds one row per scene and model: the same sums the messages (and memory calls) give.
      const counts = await ctx.container.presence.counts();
      const prices = ctx.container.config.budget.prices;
      const costed = (await usageTotals(ctx.container)).map((r) => {
        const memoryCost = estimateCostUsd(prices, r.model, r.memoryPromptTokens, r.memoryCompletionTokens);
        return { ...r, memoryCost, cost: estimateCostUsd(prices, r.model, r.promptTokens, r.completionTokens) + memoryCost };
      });
      return summarize(
        costed,
        [...counts.values()].reduce((a, b) => a + b, 0),
      );
    },
  }),
);

function summarize(rows: Costed[], viewers: number): Stats {
  const add = <T extends Totals>(into: T, r: Costed): T => {
    into.turns += r.turns;
    into.promptTokens += r.promptTokens;
    into.completionTokens += r.completionTokens;
    into.memoryCalls += r.memoryCalls;
    into.memoryPromptTokens += r.memoryPromptTokens;
    into.memoryCompletionTokens += r.memoryCompletionTokens;
    into.estimatedCostUsd += r.cost;
    into.memoryCostUsd += r.memoryCost;
    return into;
  };
  const byModel = new Map<string, ModelUsage & { latencySum: number }>();
  const byScene = new Map<string, SceneUsage>();
  const total = zero();
  for (const r of rows) {
    add(total, r);
    const m = byModel.get(r.model) ?? { model: r.model, ...zero(), averageLatencyMs: 0, latencySum: 0 };
    m.latencySum += (r.turns ? Math.round(r.latencyMs / r.turns) : 0) * r.turns;
    byModel.set(r.model, add(m, r));
    byScene.set(r.sceneId, add(byScene.get(r.sceneId) ?? { sceneId: r.sceneId, ...zero() }, r));
  }
  return {
    ...total,
    viewers,
    byModel: [...byModel.values()].map(({ latencySum, ...m }) => ({
      ...m,
      averageLatencyMs: m.turns ? Math.round(latencySum / m.turns) : 0,
    })),
    byScene: [...byScene.values()],
  };
}
