import { CharacterEntity, MessageEntity, SceneEntity, type CharacterRow, type SceneRow } from '../../adapters/db/entities.js';
import type { SceneEventBody } from '../../domain/events.js';
import { cooldownMs, turnPauseMs } from '../../domain/timing.js';
import { isBudgetReason } from '../budget.js';
import { characterState } from '../mappers.js';
import { commitSceneChange } from '../sceneCommit.js';
import type { TurnOutcome } from '../turnOutcome.js';
import { hiddenThrough, type loadDialogue } from '../turnContext.js';
import { recordLineUsage } from '../usage.js';
import type { LineVerdict } from '../lineScreen.js';
import type { LoopDeps } from './deps.js';

type Dialogue = Awaited<ReturnType<typeof loadDialogue>>;

/**
 * A line the screen held: stored for the review queue and nothing else. In one guarded commit:
 * - the message row, `hidden` (so every viewer path, every later prompt, the summary and the
 *   memory writer leave it out, as for a moderator's hide) with `held_at` and the reasons;
 * - its tokens in `usage` (they were spent: budgets and cost count them), but not the
 *   character rollups (mood words and addressees are the line's; they count on release);
 * - the speaker back to IDLE (no SPEAKING, walk, actions or end request: nothing of the line
 *   happens), the next turn after the usual pause; narration it heard stays pending, so the
 *   next speaker answers it instead;
 * - the conversation still ends at its message limit.
 * The only event is the speaker's IDLE (and the end, if the limit was reached): no seq is
 * spent on the line, so a viewer's stream has no gap where it sits. Null when the scene moved
 * on while the model wrote; otherwise the new message id.
 */
export async function commitHeldLine(
  deps: LoopDeps,
  scene: SceneRow,
  speaker: CharacterRow,
  turn: number,
  dialogue: Dialogue,
  outcome: TurnOutcome,
  verdict: LineVerdict,
  now: number,
): Promise<{ messageId: number; endReason: string | null } | null> {
  const { config } = deps;
  const sceneId = scene.id;
  const guard = { epoch: scene.epoch, nextTurn: turn, status: 'RUNNING' as const };
  const hitLimit = turn >= (scene.maxMessages ?? config.loop.maxMessages);
  const endReason = hitLimit ? 'The conversation reached its message limit.' : null;
  const idle = { ...speaker, action: 'IDLE', actionStartedAt: now, actionDurationMs: 0 };
  let messageId = 0;
  const records = await commitSceneChange(deps, sceneId, guard, scene.epoch, now, async (tx) => {
    const message = { ...outcome.message, moveTo: null, hidden: true, hiddenReason: null, heldAt: now, heldReasons: verdict.reasons };
    messageId = await tx.insert(MessageEntity, message);
    await recordLineUsage(tx, message);
    await tx.nativeUpdate(CharacterEntity, { id: speaker.id }, { action: 'IDLE', actionStartedAt: now, actionDurationMs: 0 });
    const summaryKept = (await hiddenThrough(tx, sceneId, scene.epoch, dialogue.summaryThroughTurn)) === dialogue.hiddenFolded;
    await tx.nativeUpdate(
      SceneEntity,
      { id: sceneId },
      {
        nextTurn: turn + 1,
        nextTurnAt: now + turnPauseMs(config.timing, scene.pace),
        ...(summaryKept ? { summary: dialogue.summary, summaryThroughTurn: dialogue.summaryThroughTurn } : {}),
        ...(isBudgetReason(scene.statusReason) ? { statusReason: null } : {}),
        ...(endReason ? { status: 'ENDED', statusReason: endReason, endedAt: now } : {}),
      },
    );
    const events: SceneEventBody[] = [{ type: 'CHARACTER_CHANGED', character: characterState(idle) }];
    if (endReason) {
      events.push(
        { type: 'STATUS_CHANGED', status: 'ENDED', reason: endReason },
        { type: 'CONVERSATION_ENDED', nextConversationAt: now + cooldownMs(config.timing, scene.pace) },
      );
    }
    return events;
  });
  if (!records) return null;
  deps.pubsub.publish('heldLine:changed', { sceneId, messageId, change: 'HELD' });
  return { messageId, endReason };
}
