import { rememberConversation } from '../memoryWrite.js';
import type { Job } from '../../ports/jobQueue.js';
import type { LoopDeps } from './deps.js';

/** The `remember` job's id for a conversation: one per scene and epoch (no `:`). */
export const rememberJobId = (sceneId: string, epoch: number) => `remember-${sceneId}-${epoch}`;

/**
 * Schedule the `remember` step for conversation `epoch` of a scene that just ended. It runs
 * beside the cooldown, outside any turn's transaction; adding it twice is harmless (same job
 * id while it waits, and the step itself skips characters that already remember).
 */
export async function scheduleMemories(deps: Pick<LoopDeps, 'queue' | 'llm'>, sceneId: string, epoch: number): Promise<void> {
  if (!deps.llm.writeMemories) return;
  await deps.queue.add('remember', { sceneId, epoch, turn: 0 }, { jobId: rememberJobId(sceneId, epoch), delayMs: 0 });
}

/** The `remember` step: each character writes its memories of the conversation (services/memoryWrite.ts). */
export async function rememberStep(deps: LoopDeps, job: Job): Promise<void> {
  const { sceneId, epoch } = job.data;
  const outcome = await rememberConversation(deps, sceneId, epoch, job.signal);
  deps.logger.debug({ job: job.id, ...outcome }, 'remember step done');
}
