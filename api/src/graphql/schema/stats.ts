import type { UsageRow } from '../../services/sceneQueries.js';
import { estimateCostUsd } from '../../services/budget.js';
import { usageTotals } from '../../services/usage.js';
import { builder } from '../builder.js';

interface Totals {
  turns: number;
  promptTokens: number;
  completionTokens: number;
  estimatedCostUsd: number;
}

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

const ModelUsageRef = builder.objectRef<ModelUsage>('ModelUsage').implement({
  description: 'Usage of one model across all scenes.',
  fields: (t) => ({
    model: t.exposeString('model', { description: 'Model name.' }),
    turns: t.exposeInt('turns', { description: 'Lines written.' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Prompt tokens.' }),
    completionTokens: t.exposeInt('completionTokens', { description: 'Completion tokens.' }),
    estimatedCostUsd: t.exposeFloat('estimatedCostUsd', { description: 'Estimated cost in USD from the configured price table.' }),
    averageLatencyMs: t.exposeInt('averageLatencyMs', { description: 'Mean latency per line.' }),
  }),
});

const SceneUsageRef = builder.objectRef<SceneUsage>('SceneUsage').implement({
  description: 'Usage of one scene across its conversations.',
  fields: (t) => ({
    sceneId: t.exposeID('sceneId', { description: 'Scene id.' }),
    turns: t.exposeInt('turns', { description: 'Lines written.' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Prompt tokens.' }),
    completionTokens: t.exposeInt('completionTokens', { description: 'Completion tokens.' }),
    estimatedCostUsd: t.exposeFloat('estimatedCostUsd', { description: 'Estimated cost in USD from the configured price table.' }),
  }),
});

const StatsRef = builder.objectRef<Stats>('Stats').implement({
  description: 'Usage across PixelTales: turns, tokens by model and by scene, and viewers now.',
  fields: (t) => ({
    turns: t.exposeInt('turns', { description: 'Lines written in all scenes.' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Prompt tokens in all scenes.' }),
    completionTokens: t.exposeInt('completionTokens', { description: 'Completion tokens in all scenes.' }),
    estimatedCostUsd: t.exposeFloat('estimatedCostUsd', {
      description: 'Estimated cost in USD of all lines (configured price table; unknown models count as 0).',
    }),
    viewers: t.exposeInt('viewers', { description: 'Live scene subscriptions now, all scenes.' }),
    byModel: t.field({ type: [ModelUsageRef], description: 'Per model.', resolve: (s) => s.byModel }),
    byScene: t.field({ type: [SceneUsageRef], description: 'Per scene.', resolve: (s) => s.byScene }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: StatsRef,
    description: 'Usage numbers for dashboards (all time), read from totals kept per scene and model as lines are stored.',
    resolve: async (_r, _a, ctx) => {
      // The all-time rollup holds one row per scene and model: the same sums the messages give.
      const rows: UsageRow[] = (await usageTotals(ctx.container)).map(({ latencyMs, ...r }) => ({
        ...r,
        averageLatencyMs: r.turns ? Math.round(latencyMs / r.turns) : 0,
      }));
      const counts = await ctx.container.presence.counts();
      const prices = ctx.container.config.budget.prices;
      const costed = rows.map((r) => ({ ...r, cost: estimateCostUsd(prices, r.model, r.promptTokens, r.completionTokens) }));
      return summarize(
        costed,
        [...counts.values()].reduce((a, b) => a + b, 0),
      );
    },
  }),
);

function summarize(rows: (UsageRow & { cost: number })[], viewers: number): Stats {
  const add = <T extends Totals>(into: T, r: UsageRow & { cost: number }): T => {
    into.turns += r.turns;
    into.promptTokens += r.promptTokens;
    into.completionTokens += r.completionTokens;
    into.estimatedCostUsd += r.cost;
    return into;
  };
  const byModel = new Map<string, ModelUsage & { latencySum: number }>();
  const byScene = new Map<string, SceneUsage>();
  const total: Totals = { turns: 0, promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0 };
  for (const r of rows) {
    add(total, r);
    const m = byModel.get(r.model) ?? {
      model: r.model,
      turns: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimatedCostUsd: 0,
      averageLatencyMs: 0,
      latencySum: 0,
    };
    m.latencySum += r.averageLatencyMs * r.turns;
    byModel.set(r.model, add(m, r));
    byScene.set(
      r.sceneId,
      add(byScene.get(r.sceneId) ?? { sceneId: r.sceneId, turns: 0, promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0 }, r),
    );
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
