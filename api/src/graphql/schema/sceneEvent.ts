import type { ActionTool } from '../../domain/actions.js';
import type { MessageSnapshot, SceneEventRecord } from '../../domain/events.js';
import type { SceneStatus } from '../../domain/types.js';
import { metrics } from '../../adapters/metrics.js';
import { sceneEventStream } from '../../services/eventStream.js';
import { airedSeq, findScene } from '../../services/sceneQueries.js';
import { builder } from '../builder.js';
import { notFound } from '../errors.js';
import { endingWithFailure, isStreamFailure, type StreamFailure } from '../streamFailure.js';
import { idArg, nonNegativeInt } from '../validate.js';
import { CharacterStateRef } from './character.js';
import { SceneStatusEnum } from './enums.js';
import { forRole, MessageRef } from './message.js';

type Of<T extends SceneEventRecord['type']> = Extract<SceneEventRecord, { type: T }>;

export const SceneEventRef = builder.interfaceRef<SceneEventRecord>('SceneEvent').implement({
  description: 'A change in a scene. `seq` increases by one per event within a scene; resubscribe with `afterSeq` to resume.',
  resolveType: (event) => typeNames[event.type],
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: "Position in the scene's event log, strictly increasing." }),
    sceneId: t.exposeID('sceneId', { description: 'Scene id.' }),
    epoch: t.exposeInt('epoch', { description: 'Conversation the event belongs to.' }),
    at: t.field({ type: 'Timestamp', description: 'When the event was committed.', resolve: (e) => e.at }),
    airsAt: t.field({
      type: 'Timestamp',
      description:
        "When viewers get the event: `at` plus the scene's broadcast delay (`Scene.broadcastDelaySeconds`). Moderators get it at once and may count down to this.",
      resolve: (e) => e.airsAt ?? e.at,
    }),
  }),
});

const typeNames: Record<SceneEventRecord['type'], string> = {
  CHARACTER_CHANGED: 'CharacterChanged',
  CHARACTER_ACTED: 'CharacterActed',
  MESSAGE_POSTED: 'MessagePosted',
  STATUS_CHANGED: 'SceneStatusChanged',
  CONVERSATION_ENDED: 'ConversationEnded',
  CONVERSATION_STARTED: 'ConversationStarted',
  MESSAGE_HIDDEN: 'MessageHidden',
  NARRATION: 'NarrationInjected',
  SETTINGS_CHANGED: 'SceneSettingsChanged',
  BUDGET_EXHAUSTED: 'BudgetExhausted',
  NEXT_SCENE_STARTED: 'NextSceneStarted',
  // Defined with the memory types (schema/memory.ts).
  MEMORY_DELETED: 'MemoryDeleted',
  MEMORY_RESET: 'MemoryReset',
};

builder.objectRef<Of<'CHARACTER_CHANGED'>>('CharacterChanged').implement({
  description: "A character's live state changed (thinking, speaking, idle, mood, spot, facing, end request).",
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'CHARACTER_CHANGED',
  fields: (t) => ({
    character: t.field({ type: CharacterStateRef, description: "The character's new live state.", resolve: (e) => e.character }),
  }),
});

const actionKinds = { walk_to: 'WALK_TO', look_at: 'LOOK_AT', use: 'USE', pick_up: 'PICK_UP', give: 'GIVE' } as const satisfies Record<
  ActionTool,
  string
>;

const CharacterActionKindEnum = builder.enumType('ActionKind', {
  description: 'What a character did in the room (the tool the model called).',
  values: {
    WALK_TO: { description: 'Walked to a spot (`spot`); the walk itself follows as `CharacterChanged` with `walk`.' },
    LOOK_AT: { description: 'Turned to look at someone (`targetId`).' },
    USE: { description: 'Used an object (`objectId`) where it stands, or one it holds.' },
    PICK_UP: { description: 'Picked up an object (`objectId`); its `holding` names it now.' },
    GIVE: { description: 'Gave the object it held (`objectId`) to someone (`targetId`).' },
  } as const,
});

builder.objectRef<Of<'CHARACTER_ACTED'>>('CharacterActed').implement({
  description:
    'A character acted in the room through a tool the server accepted: walked to a spot, looked at someone, used, picked up or gave an object. The state it changed follows as `CharacterChanged`.',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'CHARACTER_ACTED',
  fields: (t) => ({
    characterId: t.id({ description: 'Who acted.', resolve: (e) => e.action.characterId }),
    action: t.field({ type: CharacterActionKindEnum, description: 'Which action.', resolve: (e) => actionKinds[e.action.tool] }),
    objectId: t.string({
      nullable: true,
      description: 'The object used, picked up or given (`Room.objects`); null otherwise.',
      resolve: (e) => e.action.objectId,
    }),
    targetId: t.id({
      nullable: true,
      description: 'The character looked at or given to; null otherwise.',
      resolve: (e) => e.action.targetId,
    }),
    spot: t.string({ nullable: true, description: 'The spot walked to; null otherwise.', resolve: (e) => e.action.spot }),
    description: t.string({ description: 'A short line for people, e.g. "Juno picks up the star charts".', resolve: (e) => e.action.text }),
    emoji: t.string({ description: 'One emoji for the label on the stage.', resolve: (e) => e.action.emoji }),
  }),
});

builder.objectRef<Of<'MESSAGE_POSTED'>>('MessagePosted').implement({
  description: 'A character said a line.',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'MESSAGE_POSTED',
  fields: (t) => ({
    message: t.field({
      type: MessageRef,
      description: 'The line.',
      resolve: (e, _a, ctx): MessageSnapshot => forRole(e.message, ctx.role),
    }),
  }),
});

builder.objectRef<Of<'STATUS_CHANGED'>>('SceneStatusChanged').implement({
  description: 'The scene was paused, resumed, ended or restarted.',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'STATUS_CHANGED',
  fields: (t) => ({
    status: t.field({ type: SceneStatusEnum, description: 'New status.', resolve: (e): SceneStatus => e.status }),
    reason: t.string({ nullable: true, description: 'Why.', resolve: (e) => e.reason }),
  }),
});

builder.objectRef<Of<'CONVERSATION_ENDED'>>('ConversationEnded').implement({
  description: 'Every character agreed to end (or the message limit was reached).',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'CONVERSATION_ENDED',
  fields: (t) => ({
    nextConversationAt: t.field({
      type: 'Timestamp',
      description: 'When the next conversation starts.',
      resolve: (e) => e.nextConversationAt,
    }),
  }),
});

builder.objectRef<Of<'CONVERSATION_STARTED'>>('ConversationStarted').implement({
  description: 'A new conversation began in the scene (after a cooldown, or a reset): new epoch, everyone back home.',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'CONVERSATION_STARTED',
  fields: (t) => ({
    reason: t.exposeString('reason', { description: '`NEXT` after a cooldown, `RESET` by a moderator.' }),
    characters: t.field({ type: [CharacterStateRef], description: "Everyone's fresh live state.", resolve: (e) => e.characters }),
  }),
});

builder.objectRef<Of<'MESSAGE_HIDDEN'>>('MessageHidden').implement({
  description:
    'A moderator hid a message: drop it from the log and its bubble. Memories and relationship views derived from its conversation go with it (a MemoryDeleted follows for each memory): re-read open character cards.',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'MESSAGE_HIDDEN',
  fields: (t) => ({
    messageId: t.id({ description: 'The hidden message.', resolve: (e) => String(e.messageId) }),
    turn: t.exposeInt('turn', { description: 'Its turn.' }),
    hiddenReason: t.string({
      nullable: true,
      description: 'Why (moderators only).',
      resolve: (e, _a, ctx) => (ctx.role === 'MODERATOR' ? e.reason : null),
    }),
  }),
});

builder.objectRef<Of<'NARRATION'>>('NarrationInjected').implement({
  description: 'The narrator said something; the next speaker reacts to it.',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'NARRATION',
  fields: (t) => ({ text: t.exposeString('text', { description: 'The narration.' }) }),
});

builder.objectRef<Of<'SETTINGS_CHANGED'>>('SceneSettingsChanged').implement({
  description: "A moderator changed the scene's pace, token budget or broadcast delay.",
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'SETTINGS_CHANGED',
  fields: (t) => ({
    pace: t.exposeFloat('pace', { description: 'Speed multiplier.' }),
    tokenBudgetPerHour: t.int({
      nullable: true,
      description: 'Token budget per window; null = the default.',
      resolve: (e) => e.tokenBudgetPerHour,
    }),
    broadcastDelaySeconds: t.int({
      description: 'Seconds viewers get events after they happen, from now on (0: live).',
      resolve: (e, _a, ctx) => e.broadcastDelaySeconds ?? ctx.container.config.broadcast.delaySeconds,
    }),
  }),
});

builder.objectRef<Of<'BUDGET_EXHAUSTED'>>('BudgetExhausted').implement({
  description: 'A token budget is spent: the scene makes no model calls until `resumesAt`.',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'BUDGET_EXHAUSTED',
  fields: (t) => ({
    scope: t.exposeString('scope', { description: "`SCENE` (this scene's budget) or `GLOBAL`." }),
    resumesAt: t.field({ type: 'Timestamp', description: 'When spending may resume.', resolve: (e) => e.resumesAt }),
  }),
});

builder.objectRef<Of<'NEXT_SCENE_STARTED'>>('NextSceneStarted').implement({
  description: 'After this conversation ended, an approved proposal started as a new scene; follow it there.',
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'NEXT_SCENE_STARTED',
  fields: (t) => ({
    nextSceneId: t.exposeID('nextSceneId', { description: 'The new scene.' }),
    nextSceneSlug: t.exposeString('nextSceneSlug', { description: 'Its slug.' }),
  }),
});

builder.subscriptionField('sceneEvents', (t) =>
  t.field({
    type: SceneEventRef,
    description:
      "Follow one scene. With `afterSeq`, the events after it come from the database first, then live ones: none missing, none twice. Without it, only new events. Each subscription counts as one viewer. Viewers get each event at its `airsAt` (the scene's broadcast delay after it happened; a line hidden meanwhile arrives hidden); moderators get it at once.",
    args: {
      sceneId: t.arg.id({ required: true, description: 'Scene id.' }),
      afterSeq: t.arg.int({ description: 'Last seq the client has; resume after it.' }),
    },
    subscribe: async (_root, args, ctx) => {
      const sceneId = idArg(String(args.sceneId), 'sceneId');
      const afterSeq = args.afterSeq != null ? nonNegativeInt(args.afterSeq, 'afterSeq') : null;
      const scene = await findScene(ctx.container, { id: sceneId });
      if (!scene) throw notFound('Scene', sceneId);
      // Moderators follow the scene as it commits; everyone else gets what has aired (the
      // scene's broadcast delay), and "now" for them is the last aired seq.
      const live = ctx.role === 'MODERATOR';
      const latest = live ? scene.lastSeq : await airedSeq(ctx.container, scene, ctx.container.clock.now());
      const stream = sceneEventStream(ctx.container, sceneId, Math.min(afterSeq ?? latest, latest), latest, live);
      return endingWithFailure(stream, (err) => ctx.container.logger.warn({ err, sceneId }, 'scene event stream failed'));
    },
    resolve: (event: SceneEventRecord | StreamFailure) => {
      if (isStreamFailure(event)) throw event.failure;
      metrics.eventExecuted();
      return event;
    },
  }),
);
