import { jobId, nextStep } from '../../domain/schedule.js';
import type { CharacterAction, SceneStatus } from '../../domain/types.js';
import { loadScene, watched, type LoopDeps } from './deps.js';

/**
 * Schedule whatever step the scene waits for (`domain/schedule.ts` decides which and when).
 * Idempotent: job ids are deterministic, so the sweeper and every step may call it freely.
 */
export async function wake(deps: LoopDeps, sceneId: string): Promise<void> {
  const { config, queue, clock } = deps;
  const { scene, characters } = await loadScene(deps, sceneId);
  if (!scene) return;
  const step = nextStep(
    {
      status: scene.status as SceneStatus,
      nextTurn: scene.nextTurn,
      nextTurnAt: scene.nextTurnAt,
      endedAt: scene.endedAt ?? null,
      pace: scene.pace,
      finished: scene.successorSceneId != null,
      characters: characters.map((c) => ({ ...c, action: c.action as CharacterAction })),
    },
    config.timing,
  );
  if (!step) return;
  if (step.kind === 'turn' && !(await watched(deps, sceneId))) return;
  await queue.add(
    step.kind,
    { sceneId, epoch: scene.epoch, turn: step.turn },
    { jobId: jobId(step.kind, sceneId, scene.epoch, step.turn), delayMs: Math.max(0, step.at - clock.now()) },
  );
}
