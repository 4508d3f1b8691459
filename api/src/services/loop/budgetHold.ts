import { SceneEntity, type SceneRow } from '../../adapters/db/entities.js';
import { DeferredError } from '../../ports/errors.js';
import { budgetReason, isBudgetReason, type BudgetBlock } from '../budget.js';
import { commitSceneChange } from '../sceneCommit.js';
import type { LoopDeps } from './deps.js';

/**
 * A spent token budget, met by the `turn` step before any model call: say why once (status
 * reason + `BUDGET_EXHAUSTED` event), then defer this same job until the window allows.
 */
export async function holdForBudget(deps: LoopDeps, scene: SceneRow, block: BudgetBlock): Promise<never> {
  const { clock, logger } = deps;
  const now = clock.now();
  const reason = budgetReason(block);
  if (!isBudgetReason(scene.statusReason)) {
    const guard = { epoch: scene.epoch, nextTurn: scene.nextTurn, status: 'RUNNING' as const };
    const done = await commitSceneChange(deps, scene.id, guard, scene.epoch, now, async (tx) => {
      await tx.nativeUpdate(SceneEntity, { id: scene.id }, { statusReason: reason, nextTurnAt: block.resumesAt });
      return [{ type: 'BUDGET_EXHAUSTED', scope: block.scope, resumesAt: block.resumesAt }];
    });
    if (done) deps.pubsub.publish('sceneList:changed', { sceneId: scene.id, statusReason: reason });
    logger.warn({ scene: scene.slug, scope: block.scope, used: block.used, limit: block.limit }, 'token budget spent');
  }
  throw new DeferredError(reason, block.resumesAt);
}
