import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { metrics } from '../adapters/metrics.js';
import { CharacterEntity, MessageEntity, SceneEntity, type SceneRow } from '../adapters/db/entities.js';
import type { Orm } from '../adapters/db/orm.js';
import type { SceneEventBody } from '../domain/events.js';
import { jobId, nextStep } from '../domain/schedule.js';
import { seededRng } from '../domain/random.js';
import { chooseSpeaker } from '../domain/speaker.js';
import { cooldownMs, turnPauseMs } from '../domain/timing.js';
import type { CharacterAction, SceneStatus } from '../domain/types.js';
import type { AppPubSub } from '../graphql/topics.js';
import type { Clock } from '../ports/clock.js';
import { DeferredError, UnrecoverableError } from '../ports/errors.js';
import type { Job, JobQueue } from '../ports/jobQueue.js';
import type { Llm } from '../ports/llm.js';
import type { Presence } from '../ports/presence.js';
import { budgetBlock, budgetReason, isBudgetReason, type BudgetBlock } from './budget.js';
import { characterState, characterView, messageSnapshot } from './mappers.js';
import type { SceneGuard } from './eventLog.js';
import { commitSceneChange } from './sceneCommit.js';
import { turnOutcome } from './turnOutcome.js';
import { buildTurnContext, loadDialogue } from './turnContext.js';

export interface SceneLoopDeps {
  config: Pick<Config, 'timing' | 'loop' | 'budget'>;
  orm: Orm;
  pubsub: AppPubSub;
  queue: JobQueue;
  presence: Presence;
  llm: Llm;
  clock: Clock;
  logger: Logger;
  /**
   * When a conversation ends for good, play the most-voted approved proposal as a new
   * scene instead of restarting this one; resolves to the new scene's id, or null.
   */
  playNextProposal?: (endedSceneId: string, epoch: number) => Promise<string | null>;
}

/** Counters for tests, metrics and benchmarks. */
export interface LoopStats {
  modelCalls: number;
  turns: number;
  dropped: number;
}

/**
 * The turn loop (DESIGN.md "The turn loop"): each scene moves through jobs
 * `turn` → `speech-end` → `turn` … → `next-scene`. Every step re-reads the scene,
 * drops itself when the scene moved on (paused, reset, turn taken), commits, publishes,
 * then schedules the following step with a deterministic job id.
 */
export function createSceneLoop(deps: SceneLoopDeps) {
  const { config, orm, queue, presence, llm, clock, logger } = deps;
  const stats: LoopStats = { modelCalls: 0, turns: 0, dropped: 0 };

  const loadScene = async (sceneId: string) => {
    const em = orm.em.fork();
    const scene = await em.findOne(SceneEntity, { id: sceneId });
    const characters = scene ? await em.find(CharacterEntity, { sceneId }, { orderBy: { sortOrder: 'asc' } }) : [];
    return { em, scene, characters };
  };

  const watched = async (sceneId: string) =>
    config.loop.runWithoutViewers || (await presence.count(sceneId)) > 0;

  /** Schedule whatever step the scene waits for (idempotent: job ids are deterministic). */
  async function wake(sceneId: string): Promise<void> {
    const { scene, characters } = await loadScene(sceneId);
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
    if (step.kind === 'turn' && !(await watched(sceneId))) return;
    await queue.add(
      step.kind,
      { sceneId, epoch: scene.epoch, turn: step.turn },
      { jobId: jobId(step.kind, sceneId, scene.epoch, step.turn), delayMs: Math.max(0, step.at - clock.now()) },
    );
  }

  const drop = (job: Job, why: string) => {
    stats.dropped++;
    logger.debug({ job: job.id, why }, 'step dropped');
  };

  async function runTurn(job: Job): Promise<void> {
    const { sceneId, epoch, turn } = job.data;
    const { em, scene, characters } = await loadScene(sceneId);
    if (!scene) throw new UnrecoverableError(`scene ${sceneId} does not exist`);
    if (scene.status !== 'RUNNING' || scene.epoch !== epoch || scene.nextTurn !== turn) return drop(job, 'stale');
    if (!(await watched(sceneId))) return drop(job, 'no viewers');
    if (characters.length < 2) throw new UnrecoverableError(`scene ${sceneId} has fewer than two characters`);

    const guard = { epoch, nextTurn: turn, status: 'RUNNING' as const };
    const block = await budgetBlock(em, config.budget, scene, clock.now());
    if (block) return holdForBudget(job, scene, block);
    const dialogue = await loadDialogue(em, scene, config.loop.recentLines);
    const last = dialogue.recent.at(-1);
    const seed = `${sceneId}-${epoch}-${turn}`;
    const picked = chooseSpeaker(
      characters.map(characterView),
      last ? { speakerId: last.speakerId, recipientId: last.recipientId ?? null } : null,
      scene.startCharacterId ?? null,
      seededRng(seed),
    );
    const speaker = characters.find((c) => c.id === picked.id)!;

    if (speaker.action !== 'THINKING') {
      const now = clock.now();
      const thinking = { ...speaker, action: 'THINKING', actionStartedAt: now, actionDurationMs: 0 };
      const done = await commitSceneChange(deps, sceneId, guard, epoch, now, async (tx) => {
        await tx.nativeUpdate(CharacterEntity, { id: speaker.id }, { action: 'THINKING', actionStartedAt: now, actionDurationMs: 0 });
        return [{ type: 'CHARACTER_CHANGED', character: characterState(thinking) }];
      });
      if (!done) return drop(job, 'stale before thinking');
    }

    const context = buildTurnContext(scene, characters, speaker, dialogue.recent, dialogue.summary, seed);
    if (scene.pendingNarration) context.narration = [scene.pendingNarration];
    stats.modelCalls++;
    const result = await llm.generateTurn(context, job.signal);
    const { reply } = result;

    const now = clock.now();
    const outcome = turnOutcome({ scene, characters, speaker, turn, result, now, config });
    const { message, speaker: after, endReason, walk } = outcome;

    const records = await commitSceneChange(deps, sceneId, guard, epoch, now, async (tx) => {
      const id = (await tx.insert(MessageEntity, { ...message })) as number;
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
        },
      );
      await tx.nativeUpdate(
        SceneEntity,
        { id: sceneId },
        {
          nextTurn: turn + 1,
          summary: dialogue.summary,
          summaryThroughTurn: dialogue.summaryThroughTurn,
          // The narration was heard; it is still in the event log for replay.
          ...(scene.pendingNarration ? { pendingNarration: null } : {}),
          ...(isBudgetReason(scene.statusReason) ? { statusReason: null } : {}),
          ...(endReason ? { status: 'ENDED', statusReason: endReason, endedAt: now } : {}),
        },
      );
      const events: SceneEventBody[] = [
        { type: 'MESSAGE_POSTED', message: messageSnapshot({ ...message, id }) },
        // A move rides on the speaker's change: every viewer walks the same tiles.
        { type: 'CHARACTER_CHANGED', character: walk ? { ...characterState(after), walk } : characterState(after) },
      ];
      if (endReason) {
        events.push(
          { type: 'STATUS_CHANGED', status: 'ENDED', reason: endReason },
          { type: 'CONVERSATION_ENDED', nextConversationAt: now + cooldownMs(config.timing, scene.pace) },
        );
      }
      return events;
    });
    if (!records) {
      metrics.turnEnded(result.model, 'dropped');
      return drop(job, 'stale after model call');
    }
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
        ended: endReason ? true : undefined,
      },
      'turn',
    );
    if (endReason) deps.pubsub.publish('sceneList:changed', { sceneId, status: 'ENDED', statusReason: endReason });
    await wake(sceneId);
  }

  /** A spent budget: say why once (status reason + event), then run this turn again when the window allows. */
  async function holdForBudget(job: Job, scene: SceneRow, block: BudgetBlock): Promise<never> {
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

  async function endSpeech(job: Job): Promise<void> {
    const { sceneId, epoch, turn } = job.data;
    const { characters, scene } = await loadScene(sceneId);
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
    if (!done) return drop(job, 'stale');
    await wake(sceneId);
  }

  /**
   * After conversation `epoch` of an ended scene: play the top approved proposal as a new
   * scene, else start the scene's next conversation. False when the scene moved on.
   */
  async function nextConversation(sceneId: string, epoch: number): Promise<boolean> {
    const next = await deps.playNextProposal?.(sceneId, epoch);
    if (next) {
      await wake(next);
      return true;
    }
    const done = await restartConversation(sceneId, { epoch, status: 'ENDED', open: true }, 'NEXT');
    if (done) await wake(sceneId);
    return done;
  }

  async function startNextConversation(job: Job): Promise<void> {
    if (!(await nextConversation(job.data.sceneId, job.data.epoch))) drop(job, 'stale');
  }

  /** Begin a fresh conversation in the scene (new epoch, everyone back home, calm). */
  async function restartConversation(
    sceneId: string,
    guard: SceneGuard,
    reason: 'NEXT' | 'RESET',
  ): Promise<boolean> {
    const { scene, characters } = await loadScene(sceneId);
    if (!scene) return false;
    const now = clock.now();
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
          pendingNarration: null,
          // A moderator's reset brings a finished scene back into play.
          ...(reason === 'RESET' ? { successorSceneId: null } : {}),
        },
      );
      for (const c of fresh) {
        const { id, spot, mood, moodEmoji, action, facing, actionStartedAt, actionDurationMs, endRequestedAt } = c;
        await tx.nativeUpdate(CharacterEntity, { id }, { spot, mood, moodEmoji, action, facing, actionStartedAt, actionDurationMs, endRequestedAt });
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

  /** Process one job (the worker role registers this with the queue). */
  async function handle(job: Job): Promise<void> {
    switch (job.name) {
      case 'turn':
        return runTurn(job);
      case 'speech-end':
        return endSpeech(job);
      case 'next-scene':
        return startNextConversation(job);
    }
  }

  return { wake, handle, restartConversation, nextConversation, stats };
}

export type SceneLoop = ReturnType<typeof createSceneLoop>;
