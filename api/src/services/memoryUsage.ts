import type { Logger } from 'pino';
import { MemoryCallEntity, SceneEntity } from '../adapters/db/entities.js';
import { metrics } from '../adapters/metrics.js';
import type { Orm } from '../adapters/db/orm.js';
import { sqlRows } from '../adapters/db/sql.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import { DeferredError } from '../ports/errors.js';
import type { MemoryUsage } from '../ports/memory.js';
import { budgetBlock, budgetReason } from './budget.js';
import { MINUTE_MS } from './usage.js';

/** What a model call made for memory is: writing a conversation's memories, or a consolidation. */
export type MemoryCallKind = 'MEMORY' | 'REFLECTION';

/** One model call made for a character's memory, as counted. */
export interface MemoryCall extends Pick<MemoryUsage, 'model' | 'promptTokens' | 'completionTokens'> {
  kind: MemoryCallKind;
  sceneId: string;
  characterId: string;
  characterName: string;
  epoch: number;
  createdAt: number;
}

/**
 * Count a memory model call right after it returned, in its own transaction: whether what it
 * wrote is then stored or thrown away (a hide, a reset, another worker first), the tokens were
 * spent. One `memory_call` row (what the budgets sum) and the rollups dashboards read:
 * `usage_minute` and `usage_total` (scene, model; `turns` untouched) and `character_minute`
 * (the character; `lines` untouched). The upserts add atomically, like a turn's.
 */
export async function recordMemoryCall(deps: { orm: Orm }, call: MemoryCall): Promise<void> {
  const minute = Math.floor(call.createdAt / MINUTE_MS) * MINUTE_MS;
  const { sceneId, characterId, model, promptTokens, completionTokens } = call;
  await deps.orm.em.fork().transactional(async (tx) => {
    await tx.insert(MemoryCallEntity, {
      sceneId,
      characterId,
      epoch: call.epoch,
      kind: call.kind,
      model,
      promptTokens,
      completionTokens,
      createdAt: call.createdAt,
    });
    await sqlRows(
      tx,
      `insert into usage_minute (scene_id, model, minute, turns, prompt_tokens, completion_tokens, memory_calls, memory_prompt_tokens, memory_completion_tokens)
       values (?, ?, ?, 0, 0, 0, 1, ?, ?)
       on conflict (scene_id, model, minute) do update set
         memory_calls = usage_minute.memory_calls + 1,
         memory_prompt_tokens = usage_minute.memory_prompt_tokens + excluded.memory_prompt_tokens,
         memory_completion_tokens = usage_minute.memory_completion_tokens + excluded.memory_completion_tokens
       returning memory_calls`,
      [sceneId, model, minute, promptTokens, completionTokens],
    );
    await sqlRows(
      tx,
      `insert into usage_total (scene_id, model, turns, prompt_tokens, completion_tokens, latency_ms, memory_calls, memory_prompt_tokens, memory_completion_tokens)
       values (?, ?, 0, 0, 0, 0, 1, ?, ?)
       on conflict (scene_id, model) do update set
         memory_calls = usage_total.memory_calls + 1,
         memory_prompt_tokens = usage_total.memory_prompt_tokens + excluded.memory_prompt_tokens,
         memory_completion_tokens = usage_total.memory_completion_tokens + excluded.memory_completion_tokens
       returning memory_calls`,
      [sceneId, model, promptTokens, completionTokens],
    );
    await sqlRows(
      tx,
      `insert into character_minute (scene_id, character_id, name, minute, lines, rating_sum, memory_prompt_tokens, memory_completion_tokens)
       values (?, ?, ?, ?, 0, 0, ?, ?)
       on conflict (character_id, minute) do update set
         memory_prompt_tokens = character_minute.memory_prompt_tokens + excluded.memory_prompt_tokens,
         memory_completion_tokens = character_minute.memory_completion_tokens + excluded.memory_completion_tokens
       returning lines`,
      [sceneId, characterId, call.characterName, minute, promptTokens, completionTokens],
    );
  });
  metrics.memoryCalled(call);
}

/**
 * Before a memory model call: when the scene's or the global token budget is spent, no call is
 * made. The step is deferred whole until the window allows (`DeferredError`), so the lines are
 * written from later, by the same idempotent step: what was already stored is skipped then.
 */
export async function holdMemoryForBudget(
  deps: { orm: Orm; config: Pick<Config, 'budget'>; clock: Clock; logger: Logger },
  sceneId: string,
): Promise<void> {
  const em = deps.orm.em.fork();
  const scene = await em.findOne(SceneEntity, { id: sceneId }, { fields: ['id', 'tokenBudgetPerHour'] });
  if (!scene) return;
  const block = await budgetBlock(em, deps.config.budget, scene, deps.clock.now());
  if (!block) return;
  deps.logger.warn({ sceneId, scope: block.scope, used: block.used, limit: block.limit }, 'token budget spent; memories wait');
  throw new DeferredError(budgetReason(block), block.resumesAt);
}
