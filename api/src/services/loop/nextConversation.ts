import type { Job } from '../../ports/jobQueue.js';
import { drop, type LoopDeps } from './deps.js';
import { scheduleMemories } from './remember.js';
import { restartConversation } from './restartConversation.js';
import { wake } from './wake.js';

/**
 * After conversation `epoch` of an ended scene: play the top approved proposal as a new
 * scene, else start the scene's next conversation. False when the scene moved on.
 * The `next-scene` step runs it after the cooldown; a moderator's startNextScene runs it now.
 */
export async function nextConversation(deps: LoopDeps, sceneId: string, epoch: number): Promise<boolean> {
  const next = await deps.playNextProposal?.(sceneId, epoch);
  if (next) {
    await wake(deps, next);
    return true;
  }
  const done = await restartConversation(deps, sceneId, { epoch, status: 'ENDED', open: true }, 'NEXT');
  if (done) await wake(deps, sceneId);
  return done;
}

/** The `next-scene` step. */
export async function startNextConversation(deps: LoopDeps, job: Job): Promise<void> {
  // In case the step scheduled at the end was lost: a no-op when the memories are written.
  await scheduleMemories(deps, job.data.sceneId, job.data.epoch);
  if (!(await nextConversation(deps, job.data.sceneId, job.data.epoch))) drop(deps, job, 'stale');
}
