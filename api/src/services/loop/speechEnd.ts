import { CharacterEntity, SceneEntity } from '../../adapters/db/entities.js';
import { turnPauseMs } from '../../domain/timing.js';
import { UnrecoverableError } from '../../ports/errors.js';
import type { Job } from '../../ports/jobQueue.js';
import { characterState } from '../mappers.js';
import { commitSceneChange } from '../sceneCommit.js';
import { drop, loadScene, type LoopDeps } from './deps.js';
import { wake } from './wake.js';

/**
 * The `speech-end` step, once a line has been on screen long enough: the speaker goes back to
 * IDLE and the next turn is due after a pause (`domain/timing.ts`, scaled by the scene's pace).
 */
export async function endSpeech(deps: LoopDeps, job: Job): Promise<void> {
  const { config, clock } = deps;
  const { sceneId, epoch, turn } = job.data;
  const { characters, scene } = await loadScene(deps, sceneId);
  if (!scene) throw new UnrecoverableError(`scene ${sceneId} does not exist`);
  const now = clock.now();
  const speaking = characters.filter((c) => c.action === 'SPEAKING');
  const guard = { epoch, nextTurn: turn + 1, status: 'RUNNING' as const };
  const done = await commitSceneChange(deps, sceneId, guard, epoch, now, async (tx) => {
    for (const c of speaking) {
      await tx.nativeUpdate(CharacterEntity, { id: c.id }, { action: 'IDLE', actionStartedAt: now, actionDurationMs: 0 });
    }
    await tx.nativeUpdate(SceneEntity, { id: sceneId }, { nextTurnAt: now + turnPauseMs(config.timing, scene.pace) });
    return speaking.map((c) => ({
      type: 'CHARACTER_CHANGED' as const,
      character: characterState({ ...c, action: 'IDLE', actionStartedAt: now, actionDurationMs: 0 }),
    }));
  });
  if (!done) return drop(deps, job, 'stale');
  await wake(deps, sceneId);
}
