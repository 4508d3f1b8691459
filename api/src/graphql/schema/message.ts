import type { MessageSnapshot } from '../../domain/events.js';
import { messageSnapshot } from '../../services/mappers.js';
import { decodeCursor, encodeCursor, findScene, messagePage } from '../../services/sceneQueries.js';
import { builder } from '../builder.js';
import { badInput, notFound } from '../errors.js';
import { idArg, nonNegativeInt, pageSize, textArg } from '../validate.js';
import { requireModerator } from '../auth.js';
import { hideMessage } from '../../services/moderation.js';

export const MessageRef = builder.objectRef<MessageSnapshot>('Message').implement({
  description: 'One line of a conversation, with what the model reported about it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Message id.' }),
    epoch: t.exposeInt('epoch', { description: 'Conversation number within the scene (bumped by every new conversation or reset).' }),
    turn: t.exposeInt('turn', { description: 'Turn number within the conversation, from 1.' }),
    speakerId: t.exposeID('speakerId', { description: 'Id of the character who spoke.' }),
    speakerName: t.exposeString('speakerName', { description: 'Name of the character who spoke.' }),
    recipientId: t.exposeID('recipientId', { nullable: true, description: 'Id of the character addressed; null means everyone.' }),
    recipientName: t.exposeString('recipientName', {
      nullable: true,
      description: 'Name of the character addressed; null means everyone.',
    }),
    content: t.exposeString('content', { description: 'What was said.' }),
    thoughts: t.exposeString('thoughts', { description: 'What the speaker privately thought.' }),
    mood: t.exposeString('mood', { description: "The speaker's mood after the line." }),
    moodEmoji: t.exposeString('moodEmoji', { description: 'Emoji for the mood.' }),
    reaction: t.exposeString('reaction', { description: 'Emoji reaction to the previous line.' }),
    rating: t.exposeInt('rating', { description: 'How much the speaker enjoys the conversation, 1–10.' }),
    endConversation: t.exposeBoolean('endConversation', { description: 'The speaker asked to end the conversation.' }),
    moveTo: t.exposeString('moveTo', { nullable: true, description: 'Spot the speaker walked to with this line, if any.' }),
    speakingMs: t.exposeInt('speakingMs', { description: 'How long the line stays on screen.' }),
    model: t.exposeString('model', { description: 'Model that wrote the line (`scripted` is the offline model).' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Prompt tokens used (estimated when the model reports none).' }),
    completionTokens: t.exposeInt('completionTokens', { description: 'Completion tokens used.' }),
    latencyMs: t.exposeInt('latencyMs', { description: 'Model latency in milliseconds.' }),
    fallback: t.exposeBoolean('fallback', { description: "True when the model's output was unusable and a safe line was substituted." }),
    createdAt: t.field({ type: 'Timestamp', description: 'When the line was posted.', resolve: (m) => m.createdAt }),
    hidden: t.exposeBoolean('hidden', {
      description: 'Hidden by a moderator. Viewers never get the text of a hidden message; drop it from the log.',
    }),
    hiddenReason: t.string({
      nullable: true,
      description: 'Why it was hidden (moderators only; null for viewers).',
      resolve: (m, _a, ctx) => (ctx.role === 'MODERATOR' ? m.hiddenReason : null),
    }),
    held: t.boolean({
      description: 'Held by the screen and waiting for a moderator (moderators only; always false for viewers, who never get held lines).',
      resolve: (m, _a, ctx) => ctx.role === 'MODERATOR' && !!m.held,
    }),
    heldReasons: t.stringList({
      nullable: true,
      description: 'Why the screen held it, if it ever did (moderators only; null for viewers).',
      resolve: (m, _a, ctx) => (ctx.role === 'MODERATOR' ? (m.heldReasons ?? null) : null),
    }),
  }),
});

/** What a viewer may see of a message: a hidden one keeps its place but loses its words. */
export function forRole(message: MessageSnapshot, role: 'VIEWER' | 'MODERATOR'): MessageSnapshot {
  if (!message.hidden || role === 'MODERATOR') return message;
  return { ...message, content: '', thoughts: '', hiddenReason: null };
}

interface Page {
  nodes: MessageSnapshot[];
  total: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const PageInfoRef = builder.objectRef<Page>('PageInfo').implement({
  description: 'Where a page sits in the list (Relay cursor connections).',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'More items after this page.' }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'More items before this page.' }),
    startCursor: t.string({
      nullable: true,
      description: 'Cursor of the first item.',
      resolve: (p) => (p.nodes[0] ? encodeCursor(p.nodes[0].epoch, p.nodes[0].turn) : null),
    }),
    endCursor: t.string({
      nullable: true,
      description: 'Cursor of the last item.',
      resolve: (p) => {
        const last = p.nodes.at(-1);
        return last ? encodeCursor(last.epoch, last.turn) : null;
      },
    }),
  }),
});

const MessageEdgeRef = builder.objectRef<MessageSnapshot>('MessageEdge').implement({
  description: 'A message and its cursor.',
  fields: (t) => ({
    cursor: t.string({ description: 'Opaque cursor for `after` / `before`.', resolve: (m) => encodeCursor(m.epoch, m.turn) }),
    node: t.field({ type: MessageRef, description: 'The message.', resolve: (m) => m }),
  }),
});

const MessageConnectionRef = builder.objectRef<Page>('MessageConnection').implement({
  description: "A page of a conversation's messages, oldest first.",
  fields: (t) => ({
    edges: t.field({ type: [MessageEdgeRef], description: 'Messages with cursors.', resolve: (p) => p.nodes }),
    nodes: t.field({ type: [MessageRef], description: 'The messages alone.', resolve: (p) => p.nodes }),
    pageInfo: t.field({ type: PageInfoRef, description: 'Paging information.', resolve: (p) => p }),
    totalCount: t.exposeInt('total', { description: 'Messages in the whole conversation.' }),
  }),
});

builder.queryField('messages', (t) =>
  t.field({
    type: MessageConnectionRef,
    description:
      "A conversation's messages as a cursor connection: `first`/`after` pages forward, `last`/`before` backward. Hidden messages are left out for viewers, and so are lines the scene's broadcast delay still holds back; moderators see them all, hidden ones with `hidden` and `hiddenReason`.",
    args: {
      sceneId: t.arg.id({ required: true, description: 'Scene id.' }),
      epoch: t.arg.int({ description: 'Conversation number; defaults to the current one.' }),
      first: t.arg.int({ description: 'Page size from the start (1–100, default 20).' }),
      after: t.arg.string({ description: 'Cursor to page forward from.' }),
      last: t.arg.int({ description: 'Page size from the end (1–100).' }),
      before: t.arg.string({ description: 'Cursor to page backward from.' }),
    },
    resolve: async (_root, args, ctx) => {
      const sceneId = idArg(String(args.sceneId), 'sceneId');
      if (args.first != null && args.last != null) throw badInput('Use either first or last, not both');
      const first = args.first != null ? pageSize(args.first, 'first') : undefined;
      const last = args.last != null ? pageSize(args.last, 'last') : undefined;
      if (args.epoch != null) nonNegativeInt(args.epoch, 'epoch');
      const scene = await findScene(ctx.container, { id: sceneId });
      if (!scene) throw notFound('Scene', sceneId);
      const epoch = args.epoch ?? scene.epoch;
      const cursor = (value: string | null | undefined, name: string) => {
        if (value == null) return undefined;
        const c = value.length <= 64 ? decodeCursor(value) : null;
        if (!c || c.epoch !== epoch) throw badInput(`${name} is not a cursor of this conversation`, name);
        return c.turn;
      };
      const page = await messagePage(ctx.container, scene.id, epoch, ctx.role === 'MODERATOR' ? undefined : ctx.container.clock.now(), {
        first,
        last,
        after: cursor(args.after, 'after'),
        before: cursor(args.before, 'before'),
      });
      // Moderators also learn which lines the screen held (held lines are hidden, so viewers never get them).
      const moderator = ctx.role === 'MODERATOR';
      return {
        ...page,
        nodes: page.nodes.map((row) =>
          moderator && row.heldReasons
            ? { ...messageSnapshot(row), held: row.heldAt != null, heldReasons: row.heldReasons }
            : messageSnapshot(row),
        ),
      };
    },
  }),
);

builder.mutationField('hideMessage', (t) =>
  t.field({
    type: MessageRef,
    description:
      'Hide a message from viewers (moderators still see it, with the reason). Every live viewer drops it from log and bubble. Whatever came of it goes too: the memories and reflections derived from its conversation are dropped (MemoryDeleted each), relationship views derived from it emptied, and the running summary rebuilt, so no later prompt carries it.',
    args: {
      input: t.arg({
        required: true,
        description: 'Message and reason.',
        type: builder.inputType('HideMessageInput', {
          description: 'A message to hide and why.',
          fields: (f) => ({
            messageId: f.id({ required: true, description: 'Message id.' }),
            reason: f.string({ required: true, description: 'Why, 1 to 200 characters (moderators see it).' }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const raw = idArg(String(input.messageId), 'messageId');
      const messageId = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(messageId)) throw notFound('Message', raw);
      const { message } = await hideMessage(ctx.container, messageId, textArg(input.reason, 'reason', 1, 200));
      if (!message) throw notFound('Message', raw);
      return messageSnapshot(message);
    },
  }),
);
