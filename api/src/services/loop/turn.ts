import { metrics } from '../../adapters/metrics.js';
import { CharacterEntity, MessageEntity, SceneEntity, type CharacterRow, type SceneRow } from '../../adapters/db/entities.js';
import type { SceneEventBody } from '../../domain/events.js';
import { seededRng } from '../../domain/random.js';
import { chooseSpeaker } from '../../domain/speaker.js';
import { cooldownMs } from '../../domain/timing.js';
import { UnrecoverableError } from '../../ports/errors.js';
import type { Job } from '../../ports/jobQueue.js';
import { budgetBlock, isBudgetReason } from '../budget.js';
import { characterState, characterView, messageSnapshot } from '../mappers.js';
import { commitSceneChange } from '../sceneCommit.js';
import { recallForTurn } from '../memoryRecall.js';
import { recordLineUsage } from '../usage.js';
import { recordCharacterLine } from '../characterStats.js';
import { speakerChanges, turnOutcome, type TurnOutcome } from '../turnOutcome.js';
import { buildTurnContext, hiddenThrough, loadDialogue } from '../turnContext.js';
import { holdForBudget } from './budgetHold.js';
import { commitHeldLine } from './heldTurn.js';
import { screenLine } from '../lineScreen.js';
import { scheduleMemories } from './remember.js';
import { drop, loadScene, watched, type LoopDeps } from './deps.js';
import { wake } from './wake.js';

type Dialogue = Awaited<ReturnType<typeof loadDialogue>>;

/**
 * The `turn` step: one character says one line. Drops itself when the scene moved on or
 * nobody watches; holds when the token budget is spent; otherwise picks the speaker, commits
 * THINKING, asks the model, and commits the line with the speaker's new state (and the end
 * of the conversation when everyone agreed or the limit was reached), then wakes the scene.
 */
export async function runTurn(deps: LoopDeps, job: Job): Promise<void> {
  const { config, llm, clock, logger, stats } = deps;
  const { sceneId, epoch, turn } = job.data;
  const { em, scene, characters } = await loadScene(deps, sceneId);
  if (!scene) throw new UnrecoverableError(`scene ${sceneId} does not exist`);
  if (scene.status !== 'RUNNING' || scene.epoch !== epoch || scene.nextTurn !== turn) return drop(deps, job, 'stale');
  if (!(await watched(deps, sceneId))) return drop(deps, job, 'no viewers');
  if (characters.length < 2) throw new UnrecoverableError(`scene ${sceneId} has fewer than two characters`);

  const block = await budgetBlock(em, config.budget, scene, clock.now());
  if (block) return holdForBudget(deps, scene, block);
  const dialogue = await loadDialogue(em, scene, config.loop.recentLines);
  const seed = `${sceneId}-${epoch}-${turn}`;
  const speaker = pickSpeaker(scene, characters, dialogue, seed);

  if (speaker.action !== 'THINKING' && !(await markThinking(deps, scene, speaker, turn))) {
    return drop(deps, job, 'stale before thinking');
  }

  const context = buildTurnContext(scene, characters, speaker, dialogue.recent, dialogue.summary, seed);
  if (scene.pendingNarration) context.narration = [scene.pendingNarration];
  // What the speaker remembers of earlier conversations, chosen for this one (bounded in the prompt).
  const query = [dialogue.summary, ...dialogue.recent.map((m) => m.content), scene.pendingNarration ?? ''].join(' ');
  Object.assign(context, await recallForTurn(em, speaker, characters, query, clock.now(), { embedder: deps.embedder, logger }));
  stats.modelCalls++;
  const result = await llm.generateTurn(context, job.signal);
  // Before anything is committed or published, outside the transaction: a flagged line (or one
  // the screen could not check) is held for a moderator and no viewer ever gets it.
  const verdict = await screenLine({ screen: deps.screen, logger, timeoutMs: config.moderation.timeoutMs }, [
    result.reply.content,
    result.reply.thoughts,
  ]);

  const now = clock.now();
  const outcome = turnOutcome({ scene, characters, speaker, turn, result, now, config });
  const committed = verdict.held
    ? await commitHeldLine(deps, scene, speaker, turn, dialogue, outcome, verdict, now)
    : await commitLine(deps, scene, speaker, turn, dialogue, outcome, now);
  if (!committed) {
    metrics.turnEnded(result.model, 'dropped');
    return drop(deps, job, 'stale after model call');
  }
  const endReason = verdict.held ? (committed as { endReason: string | null }).endReason : outcome.endReason;
  stats.turns++;
  metrics.turnCompleted(result);
  logger.info(
    {
      scene: scene.slug,
      epoch,
      turn,
      speaker: speaker.name,
      model: result.model,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      latencyMs: result.latencyMs,
      fallback: result.fallback || undefined,
      held: verdict.held ? verdict.reasons : undefined,
      ended: endReason ? true : undefined,
    },
    'turn',
  );
  if (endReason) {
    deps.pubsub.publish('sceneList:changed', { sceneId, status: 'ENDED', statusReason: endReason });
    await scheduleMemories(deps, sceneId, epoch);
  }
  await wake(deps, sceneId);
}

/** Who speaks: `domain/speaker.ts`, seeded by scene, epoch and turn so a retried job picks the same one. */
function pickSpeaker(scene: SceneRow, characters: CharacterRow[], dialogue: Dialogue, seed: string): CharacterRow {
  const last = dialogue.recent.at(-1);
  const picked = chooseSpeaker(
    characters.map(characterView),
    last ? { speakerId: last.speakerId, recipientId: last.recipientId ?? null } : null,
    scene.startCharacterId ?? null,
    seededRng(seed),
  );
  // chooseSpeaker returns one of the characters it was given.
  return characters.find((c) => c.id === picked.id)!;
}

/** Viewers see the speaker thinking while the model writes. False when the scene moved on. */
async function markThinking(deps: LoopDeps, scene: SceneRow, speaker: CharacterRow, turn: number): Promise<boolean> {
  const now = deps.clock.now();
  const guard = { epoch: scene.epoch, nextTurn: turn, status: 'RUNNING' as const };
  const thinking = { ...speaker, action: 'THINKING', actionStartedAt: now, actionDurationMs: 0 };
  const done = await commitSceneChange(deps, scene.id, guard, scene.epoch, now, async (tx) => {
    await tx.nativeUpdate(CharacterEntity, { id: speaker.id }, { action: 'THINKING', actionStartedAt: now, actionDurationMs: 0 });
    return [{ type: 'CHARACTER_CHANGED', character: characterState(thinking) }];
  });
  return done !== null;
}

/**
 * The line, the speaker's new state and the scene's next turn in one guarded commit; null
 * when the scene moved on while the model was writing (the line is then never stored).
 */
function commitLine(
  deps: LoopDeps,
  scene: SceneRow,
  speaker: CharacterRow,
  turn: number,
  dialogue: Dialogue,
  outcome: TurnOutcome,
  now: number,
) {
  const { config } = deps;
  const sceneId = scene.id;
  const { message, speaker: after, endReason, walk, actions, others } = outcome;
  const guard = { epoch: scene.epoch, nextTurn: turn, status: 'RUNNING' as const };
  return commitSceneChange(deps, sceneId, guard, scene.epoch, now, async (tx, { airsAt }) => {
    const id = (await tx.insert(MessageEntity, { ...message, airsAt })) as number;
    // In the same transaction as the line, so `usage` and `stats` always count the same lines.
    await recordLineUsage(tx, message);
    await recordCharacterLine(tx, message);
    // The narration this turn heard is spent (it stays in the event log for replay); one given
    // while the model was answering is not the same text and waits for the next turn.
    if (scene.pendingNarration) {
      await tx.nativeUpdate(SceneEntity, { id: sceneId, pendingNarration: scene.pendingNarration }, { pendingNarration: null });
    }
    await tx.nativeUpdate(
      CharacterEntity,
      { id: speaker.id },
      {
        action: after.action,
        actionStartedAt: after.actionStartedAt,
        actionDurationMs: after.actionDurationMs,
        mood: after.mood,
        moodEmoji: after.moodEmoji,
        spot: after.spot,
        facing: after.facing,
        endRequestedAt: after.endRequestedAt,
        holding: after.holding ?? null,
      },
    );
    // The actions' other changes: whoever was given something holds it now.
    for (const other of others) await tx.nativeUpdate(CharacterEntity, { id: other.id }, { holding: other.holding ?? null });
    // A moderator hid a line this summary folded while the model wrote: the hide rebuilt the
    // stored summary without it, and that one stays (the next turn folds the rest again).
    const summaryKept = (await hiddenThrough(tx, sceneId, scene.epoch, dialogue.summaryThroughTurn)) === dialogue.hiddenFolded;
    await tx.nativeUpdate(
      SceneEntity,
      { id: sceneId },
      {
        nextTurn: turn + 1,
        ...(summaryKept ? { summary: dialogue.summary, summaryThroughTurn: dialogue.summaryThroughTurn } : {}),
        ...(isBudgetReason(scene.statusReason) ? { statusReason: null } : {}),
        ...(endReason ? { status: 'ENDED', statusReason: endReason, endedAt: now } : {}),
      },
    );
    const events: SceneEventBody[] = [
      { type: 'MESSAGE_POSTED', message: messageSnapshot({ ...message, id }) },
      // What the speaker did, then the state it changed (the recipient's hands; the speaker's below).
      ...actions.map((action): SceneEventBody => ({ type: 'CHARACTER_ACTED', action })),
      ...others.map((c): SceneEventBody => ({ type: 'CHARACTER_CHANGED', character: characterState(c) })),
      // A move is WALKING with the server's path, then SPEAKING: every viewer walks the same tiles.
      ...speakerChanges(characterState(after), walk),
    ];
    if (endReason) {
      events.push(
        { type: 'STATUS_CHANGED', status: 'ENDED', reason: endReason },
        { type: 'CONVERSATION_ENDED', nextConversationAt: now + cooldownMs(config.timing, scene.pace) },
      );
    }
    return events;
  });
}
