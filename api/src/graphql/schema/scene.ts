import type { SceneRow } from '../../adapters/db/entities.js';
import { roomById } from '../../domain/rooms.js';
import { cooldownMs } from '../../domain/timing.js';
import type { SceneStatus } from '../../domain/types.js';
import { airedSeq, charactersWithStats, conversations, findScene, listScenes } from '../../services/sceneQueries.js';
import { sceneTokensInWindow } from '../../services/budget.js';
import { builder, type Context } from '../builder.js';
import { badInput } from '../errors.js';
import type { SceneListChange } from '../topics.js';
import { idArg } from '../validate.js';
import { CharacterRef } from './character.js';
import { SceneStatusEnum } from './enums.js';
import { RoomRef } from './room.js';

const ConversationRef = builder
  .objectRef<{ epoch: number; messageCount: number; startedAt: number | null; lastMessageAt: number | null }>('Conversation')
  .implement({
    description: 'One conversation (epoch) of a scene, for replay.',
    fields: (t) => ({
      epoch: t.exposeInt('epoch', { description: 'Conversation number.' }),
      messageCount: t.exposeInt('messageCount', { description: 'Messages in it.' }),
      startedAt: t.field({ type: 'Timestamp', nullable: true, description: 'Time of its first message.', resolve: (c) => c.startedAt }),
      lastMessageAt: t.field({
        type: 'Timestamp',
        nullable: true,
        description: 'Time of its last message.',
        resolve: (c) => c.lastMessageAt,
      }),
    }),
  });

/** Viewers read what has aired by now; moderators (undefined) read everything. */
const viewerAt = (ctx: Context) => (ctx.role === 'MODERATOR' ? undefined : ctx.container.clock.now());

export const SceneRef = builder.objectRef<SceneRow>('Scene').implement({
  description: 'A pixel-art room where characters hold a conversation on their own.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Scene id.' }),
    slug: t.exposeString('slug', { description: 'Short unique name, usable in URLs.' }),
    name: t.exposeString('name', { description: 'Title.' }),
    description: t.exposeString('description', { description: 'The situation the characters are in.' }),
    builtIn: t.exposeBoolean('builtIn', { description: 'True for the scenes that ship with PixelTales.' }),
    status: t.field({ type: SceneStatusEnum, description: 'Status of the current conversation.', resolve: (s) => s.status as SceneStatus }),
    statusReason: t.string({ nullable: true, description: 'Why the scene is paused or ended.', resolve: (s) => s.statusReason ?? null }),
    epoch: t.exposeInt('epoch', { description: 'Number of the current conversation (bumped by each new conversation or reset).' }),
    turn: t.int({ description: 'Turns taken in the current conversation.', resolve: (s) => s.nextTurn - 1 }),
    lastSeq: t.int({
      description:
        'Seq of the latest scene event; subscribe with `afterSeq` to continue from here. For viewers, the latest one that has aired (see `broadcastDelaySeconds`).',
      resolve: (s, _a, ctx) => (ctx.role === 'MODERATOR' ? s.lastSeq : airedSeq(ctx.container, s, ctx.container.clock.now())),
    }),
    broadcastDelaySeconds: t.int({
      description:
        "Seconds viewers get this scene's events after they happen (0: live): the scene's own delay (`setBroadcastDelay`), else BROADCAST_DELAY_SECONDS. Moderators see everything at once, so they can hide a line before it airs.",
      resolve: (s, _a, ctx) => s.broadcastDelaySeconds ?? ctx.container.config.broadcast.delaySeconds,
    }),
    pace: t.exposeFloat('pace', { description: 'Speed multiplier for every duration (2 = twice as fast).' }),
    startedAt: t.field({ type: 'Timestamp', description: 'When the current conversation started.', resolve: (s) => s.startedAt }),
    endedAt: t.field({
      type: 'Timestamp',
      nullable: true,
      description: 'When the current conversation ended.',
      resolve: (s) => s.endedAt ?? null,
    }),
    nextConversationAt: t.field({
      type: 'Timestamp',
      nullable: true,
      description: 'When an ended scene starts its next conversation.',
      resolve: (s, _a, ctx) =>
        s.endedAt != null && s.status === 'ENDED' ? s.endedAt + cooldownMs(ctx.container.config.timing, s.pace) : null,
    }),
    tokenBudgetPerHour: t.int({
      description: 'Tokens this scene may use per budget window (its override, else the configured default).',
      resolve: (s, _a, ctx) => s.tokenBudgetPerHour ?? ctx.container.config.budget.sceneTokens,
    }),
    tokensThisHour: t.int({
      description: 'Tokens used within the current budget window.',
      resolve: (s, _a, ctx) => sceneTokensInWindow(ctx.container, s.id),
    }),
    successorSceneId: t.string({
      nullable: true,
      description: 'Set when an approved proposal took over after this scene ended.',
      resolve: (s) => s.successorSceneId ?? null,
    }),
    viewers: t.int({
      description: 'People watching now (live `sceneEvents` subscriptions).',
      resolve: (s, _a, ctx) => ctx.container.presence.count(s.id),
    }),
    room: t.field({ type: RoomRef, description: 'Room layout.', resolve: (s) => roomById(s.room) }),
    characters: t.field({
      type: [CharacterRef],
      description: 'Characters, in their display order.',
      resolve: (s, _a, ctx) => charactersWithStats(ctx.container, s, viewerAt(ctx)),
    }),
    conversations: t.field({
      type: [ConversationRef],
      description: 'Conversations with messages, newest first (at most 50), for replay.',
      resolve: (s, _a, ctx) => conversations(ctx.container, s.id, viewerAt(ctx)),
    }),
  }),
});

builder.queryField('scenes', (t) =>
  t.field({
    type: [SceneRef],
    description: 'All scenes, built-in first.',
    resolve: (_r, _a, ctx) => listScenes(ctx.container),
  }),
);

builder.queryField('scene', (t) =>
  t.field({
    type: SceneRef,
    nullable: true,
    description: 'One scene by `id` or `slug` (exactly one of them). Null when there is none.',
    args: {
      id: t.arg.id({ description: 'Scene id.' }),
      slug: t.arg.string({ description: 'Scene slug.' }),
    },
    resolve: (_r, args, ctx) => {
      if ((args.id == null) === (args.slug == null)) throw badInput('Give exactly one of id or slug');
      const id = args.id != null ? idArg(String(args.id), 'id') : null;
      const slug = args.slug != null ? idArg(args.slug, 'slug') : null;
      return findScene(ctx.container, { id, slug });
    },
  }),
);

const SceneListChangeRef = builder.objectRef<SceneListChange>('SceneListChange').implement({
  description: 'A change to one row of the scene list. Only the fields that changed are set.',
  fields: (t) => ({
    sceneId: t.exposeID('sceneId', { description: 'Scene id.' }),
    status: t.field({ type: SceneStatusEnum, nullable: true, description: 'New status.', resolve: (c) => c.status ?? null }),
    statusReason: t.string({ nullable: true, description: 'Why, when paused or ended.', resolve: (c) => c.statusReason ?? null }),
    viewers: t.int({ nullable: true, description: 'New viewer count.', resolve: (c) => c.viewers ?? null }),
    epoch: t.int({ nullable: true, description: 'New conversation number.', resolve: (c) => c.epoch ?? null }),
  }),
});

builder.subscriptionField('scenes', (t) =>
  t.field({
    type: SceneListChangeRef,
    description: 'Changes to the scene list: status and viewer counts of every scene.',
    subscribe: (_r, _a, ctx) => ctx.container.pubsub.subscribe('sceneList:changed'),
    resolve: (change) => change,
  }),
);
