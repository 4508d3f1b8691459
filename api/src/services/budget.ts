import type { EntityManager } from '@mikro-orm/core';
import type { SceneRow } from '../adapters/db/entities.js';
import type { Orm } from '../adapters/db/orm.js';
import { sqlRows } from '../adapters/db/sql.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';

/** Why a scene may not call the model now, and when it may again. */
export interface BudgetBlock {
  scope: 'SCENE' | 'GLOBAL';
  used: number;
  limit: number;
  resumesAt: number;
}

interface WindowUse {
  used: number;
  oldest: number | null;
}

/**
 * Tokens spent after `since`: the lines' (turns) and the memory calls' (memory writes and
 * reflections, `memory_call`), so a budget stops both. `oldest` is the earliest of either.
 */
async function tokensSince(em: EntityManager, since: number, sceneId?: string): Promise<WindowUse> {
  const where = sceneId ? 'scene_id = ? and created_at > ?' : 'created_at > ?';
  const params = sceneId ? [sceneId, since] : [since];
  let used = 0;
  let oldest: number | null = null;
  for (const table of ['message', 'memory_call']) {
    const rows = await sqlRows<{ used: number | string | null; oldest: number | string | null }>(
      em,
      `select sum(prompt_tokens + completion_tokens) as used, min(created_at) as oldest from ${table} where ${where}`,
      params,
    );
    const row = rows[0];
    used += Number(row?.used ?? 0);
    if (row?.oldest != null) oldest = Math.min(oldest ?? Infinity, Number(row.oldest));
  }
  return { used, oldest };
}

/** Tokens a scene used in its budget window (for stats and tiles). */
export async function sceneTokensInWindow(
  deps: { orm: Orm; config: Pick<Config, 'budget'>; clock: Clock },
  sceneId: string,
): Promise<number> {
  const since = deps.clock.now() - deps.config.budget.sceneWindowMs;
  return (await tokensSince(deps.orm.em.fork(), since, sceneId)).used;
}

/**
 * Check the scene's budget (its own override, else the default) and the global one.
 * When spent, spending resumes once the oldest usage leaves the window; the turn loop
 * re-checks then, so a still-spent budget simply defers again.
 */
export async function budgetBlock(
  em: EntityManager,
  budget: Config['budget'],
  scene: Pick<SceneRow, 'id' | 'tokenBudgetPerHour'>,
  now: number,
): Promise<BudgetBlock | null> {
  const checks = [
    { scope: 'SCENE' as const, limit: scene.tokenBudgetPerHour ?? budget.sceneTokens, windowMs: budget.sceneWindowMs, sceneId: scene.id },
    { scope: 'GLOBAL' as const, limit: budget.globalTokens, windowMs: budget.globalWindowMs, sceneId: undefined },
  ];
  for (const check of checks) {
    const { used, oldest } = await tokensSince(em, now - check.windowMs, check.sceneId);
    if (used >= check.limit) {
      return { scope: check.scope, used, limit: check.limit, resumesAt: (oldest ?? now) + check.windowMs + 1 };
    }
  }
  return null;
}

/** Estimated cost in USD of tokens for a model (0 for models missing from the price table). */
export function estimateCostUsd(prices: Config['budget']['prices'], model: string, promptTokens: number, completionTokens: number): number {
  const price = prices[model];
  if (!price) return 0;
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}

/** The status reason shown while a budget holds a scene back. */
export function budgetReason(block: BudgetBlock): string {
  const what = block.scope === 'SCENE' ? "This scene's token budget" : 'The global token budget';
  return `${what} is spent (${block.used}/${block.limit} tokens); the conversation resumes at ${new Date(block.resumesAt).toISOString()}.`;
}

export const isBudgetReason = (reason: string | null | undefined) => !!reason && /token budget is spent/.test(reason);
