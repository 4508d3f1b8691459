import { CharacterEntity, SceneEntity } from '../../adapters/db/entities.js';
import type { SceneGuard } from '../eventLog.js';
import { characterState } from '../mappers.js';
import { commitSceneChange } from '../sceneCommit.js';
import { loadScene, type LoopDeps } from './deps.js';

/**
 * Begin a fresh conversation in the scene (new epoch, everyone back home, calm): the next
 * conversation after an ended one (`NEXT`), or a moderator's reset (`RESET`). False when the
 * guard failed (the scene moved on).
 */
export async function restartConversation(deps: LoopDeps, sceneId: string, guard: SceneGuard, reason: 'NEXT' | 'RESET'): Promise<boolean> {
  const { scene, characters } = await loadScene(deps, sceneId);
  if (!scene) return false;
  const now = deps.clock.now();
  const epoch = scene.epoch + 1;
  const fresh = characters.map((c) => ({
    ...c,
    spot: c.homeSpot,
    mood: c.baseMood,
    moodEmoji: c.baseMoodEmoji,
    action: 'IDLE',
    facing: 'down',
    actionStartedAt: now,
    actionDurationMs: 0,
    endRequestedAt: null,
    // Held objects go back to their spots.
    holding: null,
  }));
  const records = await commitSceneChange(deps, sceneId, { epoch: scene.epoch, ...guard }, epoch, now, async (tx) => {
    await tx.nativeUpdate(
      SceneEntity,
      { id: sceneId },
      {
        epoch,
        nextTurn: 1,
        status: 'RUNNING',
        statusReason: null,
        startedAt: now,
        endedAt: null,
        nextTurnAt: now,
        summary: '',
        summaryThroughTurn: 0,
        // A reset starts clean; narration given during the cooldown opens the next conversation.
        // A moderator's reset also brings a finished scene back into play.
        ...(reason === 'RESET' ? { successorSceneId: null, pendingNarration: null } : {}),
      },
    );
    for (const c of fresh) {
      const { id, spot, mood, moodEmoji, action, facing, actionStartedAt, actionDurationMs, endRequestedAt, holding } = c;
      await tx.nativeUpdate(
        CharacterEntity,
        { id },
        { spot, mood, moodEmoji, action, facing, actionStartedAt, actionDurationMs, endRequestedAt, holding },
      );
    }
    return [
      { type: 'CONVERSATION_STARTED', reason, characters: fresh.map(characterState) },
      { type: 'STATUS_CHANGED', status: 'RUNNING', reason: null },
    ];
  });
  if (!records) return false;
  deps.pubsub.publish('sceneList:changed', { sceneId, status: 'RUNNING', statusReason: null, epoch });
  return true;
}
