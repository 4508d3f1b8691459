import type { Job } from '../ports/jobQueue.js';
import type { SceneGuard } from './eventLog.js';
import type { LoopDeps, SceneLoopDeps } from './loop/deps.js';
import { nextConversation, startNextConversation } from './loop/nextConversation.js';
import { rememberStep, scheduleMemories } from './loop/remember.js';
import { restartConversation } from './loop/restartConversation.js';
import { endSpeech } from './loop/speechEnd.js';
import { runTurn } from './loop/turn.js';
import { wake } from './loop/wake.js';

/**
 * The turn loop (ARCHITECTURE.md "One turn"): each scene moves through jobs
 * `turn` → `speech-end` → `turn` … → `next-scene`,
 * with `remember` (memories of the ended conversation) beside the cooldown. Every step re-reads the scene,
 * drops itself when the scene moved on (paused, reset, turn taken), commits, publishes,
 * then schedules the following step with a deterministic job id (`wake`).
 *
 * One file per step under `loop/`, each a plain function of the loop's dependencies:
 * `turn.ts` (and `budgetHold.ts`), `speechEnd.ts`, `nextConversation.ts` (after the
 * cooldown), `restartConversation.ts` (a new epoch: next or reset), `wake.ts` (schedule the
 * step a scene waits for). This file binds them to one set of dependencies.
 */
export function createSceneLoop(deps: SceneLoopDeps) {
  const loop: LoopDeps = { ...deps, stats: { modelCalls: 0, turns: 0, dropped: 0 } };
  return {
    /** Schedule whatever step the scene waits for (idempotent). */
    wake: (sceneId: string) => wake(loop, sceneId),
    /** Process one job (the worker role registers this with the queue). */
    handle: (job: Job) => handle(loop, job),
    restartConversation: (sceneId: string, guard: SceneGuard, reason: 'NEXT' | 'RESET') =>
      restartConversation(loop, sceneId, guard, reason),
    nextConversation: (sceneId: string, epoch: number) => nextConversation(loop, sceneId, epoch),
    /** Schedule the `remember` step for a conversation that ended (idempotent). */
    scheduleMemories: (sceneId: string, epoch: number) => scheduleMemories(loop, sceneId, epoch),
    stats: loop.stats,
  };
}

/** One job, by the step it names. */
async function handle(loop: LoopDeps, job: Job): Promise<void> {
  switch (job.name) {
    case 'turn':
      return runTurn(loop, job);
    case 'speech-end':
      return endSpeech(loop, job);
    case 'next-scene':
      return startNextConversation(loop, job);
    case 'remember':
      return rememberStep(loop, job);
  }
}

export type SceneLoop = ReturnType<typeof createSceneLoop>;
