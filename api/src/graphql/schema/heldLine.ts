import { filter, pipe } from 'graphql-yoga';
import { messageSnapshot } from '../../services/mappers.js';
import { approveHeldLine, heldCount, heldLines, rejectHeldLine, type Decision, type HeldLine } from '../../services/heldLines.js';
import { findScene } from '../../services/sceneQueries.js';
import { requireModerator } from '../auth.js';
import { builder } from '../builder.js';
import { appError, notFound } from '../errors.js';
import type { HeldLineChange } from '../topics.js';
import { idArg, textArg } from '../validate.js';
import { MessageRef } from './message.js';

/*
 * The review queue of lines the screen held (services/heldLines.ts): moderators only, every
 * field and operation. Viewers never learn a held line exists.
 */

const HeldLineRef = builder.objectRef<HeldLine>('HeldLine').implement({
  description: 'A model line the screen held before anyone saw it, waiting for a moderator (moderators only).',
  fields: (t) => ({
    message: t.field({
      type: MessageRef,
      description: 'The held line, with its text.',
      resolve: (h) => ({ ...messageSnapshot(h.message), held: true, heldReasons: h.reasons }),
    }),
    reasons: t.exposeStringList('reasons', {
      description:
        'Why the screen held it: `profanity`, `term:<operator term>`, `openai:<category>`, or `screen-unavailable` (it could not answer).',
    }),
    heldAt: t.field({ type: 'Timestamp', description: 'When it was held.', resolve: (h) => h.heldAt }),
    context: t.field({
      type: [MessageRef],
      description: 'Up to 3 lines before it in its conversation, oldest first (hidden and held ones included, marked).',
      resolve: (h) => h.context.map((m) => ({ ...messageSnapshot(m), held: m.heldAt != null, heldReasons: m.heldReasons ?? null })),
    }),
  }),
});

const HeldLineChangeKind = builder.enumType('HeldLineChangeKind', {
  description: 'What happened to the review queue.',
  values: {
    HELD: { description: 'The screen held a new line.' },
    APPROVED: { description: 'A moderator released a line: viewers get it now, at the end of the stream.' },
    REJECTED: { description: 'A moderator hid a line for good.' },
  } as const,
});

const HeldLineChangeRef = builder.objectRef<HeldLineChange>('HeldLineChange').implement({
  description: 'A change to the review queue of held lines (moderators only). Re-read `heldLines` for the text.',
  fields: (t) => ({
    sceneId: t.exposeID('sceneId', { description: 'The scene of the line.' }),
    messageId: t.id({ description: 'The line.', resolve: (c) => String(c.messageId) }),
    change: t.field({ type: HeldLineChangeKind, description: 'What happened.', resolve: (c) => c.change }),
    heldCount: t.int({
      description: "Lines now waiting in this scene's queue.",
      resolve: (c, _a, ctx) => heldCount(ctx.container, c.sceneId),
    }),
  }),
});

const sceneArg = (raw: string | number | null | undefined) => (raw == null ? null : idArg(String(raw), 'sceneId'));

async function existingScene(ctx: Parameters<typeof findScene>[0], sceneId: string | null): Promise<void> {
  if (sceneId && !(await findScene(ctx, { id: sceneId }))) throw notFound('Scene', sceneId);
}

builder.queryField('heldLines', (t) =>
  t.field({
    type: [HeldLineRef],
    description:
      'Lines the screen held, waiting for a moderator, oldest first (at most 50), with the reasons and the lines before each (moderators only). Follow `heldLineChanged` for changes.',
    args: { sceneId: t.arg.id({ description: 'Only this scene (every scene when omitted).' }) },
    resolve: async (_r, args, ctx) => {
      requireModerator(ctx);
      const sceneId = sceneArg(args.sceneId);
      await existingScene(ctx.container, sceneId);
      return heldLines(ctx.container, sceneId);
    },
  }),
);

builder.subscriptionField('heldLineChanged', (t) =>
  t.field({
    type: HeldLineChangeRef,
    description: 'The review queue as it changes: a line held, approved or rejected (moderators only; viewers are refused).',
    args: { sceneId: t.arg.id({ description: 'Only this scene (every scene when omitted).' }) },
    subscribe: async (_r, args, ctx) => {
      requireModerator(ctx);
      const sceneId = sceneArg(args.sceneId);
      await existingScene(ctx.container, sceneId);
      return pipe(
        ctx.container.pubsub.subscribe('heldLine:changed'),
        filter((c: HeldLineChange) => sceneId === null || c.sceneId === sceneId),
      );
    },
    resolve: (c) => c,
  }),
);

const REFUSALS = {
  NOT_FOUND: (id: string) => notFound('Message', id),
  NOT_HELD: () => appError('NOT_HELD', 'This line was never held; nothing changed'),
  ALREADY_RELEASED: () => appError('ALREADY_RELEASED', 'This line was already approved; nothing changed'),
  ALREADY_REJECTED: () => appError('ALREADY_REJECTED', 'This line was already rejected; nothing changed'),
} as const;

function messageIdArg(value: string | number): number {
  const raw = idArg(String(value), 'messageId');
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw notFound('Message', raw);
  return id;
}

function answer(decision: Decision, id: number) {
  if (!decision.ok) throw REFUSALS[decision.refusal](String(id));
  return { ...messageSnapshot(decision.message), held: false, heldReasons: decision.message.heldReasons ?? null };
}

builder.mutationField('approveHeldLine', (t) =>
  t.field({
    type: MessageRef,
    description:
      'Release a held line: viewers get it now as a MessagePosted with the next seq, at the end of the stream (no gap, no duplicate for a stream resumed with afterSeq), and the characters hear it from now on. NOT_FOUND, NOT_HELD, ALREADY_RELEASED or ALREADY_REJECTED change nothing.',
    args: {
      input: t.arg({
        required: true,
        description: 'The held line.',
        type: builder.inputType('ApproveHeldLineInput', {
          description: 'A held line to release.',
          fields: (f) => ({ messageId: f.id({ required: true, description: 'Message id.' }) }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const id = messageIdArg(input.messageId);
      return answer(await approveHeldLine(ctx.container, id), id);
    },
  }),
);

builder.mutationField('rejectHeldLine', (t) =>
  t.field({
    type: MessageRef,
    description:
      'Hide a held line for good: no viewer ever gets it; moderators still read it with its reason. NOT_FOUND, NOT_HELD, ALREADY_RELEASED or ALREADY_REJECTED change nothing.',
    args: {
      input: t.arg({
        required: true,
        description: 'The held line and, optionally, why.',
        type: builder.inputType('RejectHeldLineInput', {
          description: 'A held line to hide for good.',
          fields: (f) => ({
            messageId: f.id({ required: true, description: 'Message id.' }),
            reason: f.string({ description: "Why, 1 to 200 characters (default: the screen's reasons)." }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const id = messageIdArg(input.messageId);
      const reason = input.reason == null ? null : textArg(input.reason, 'reason', 1, 200);
      return answer(await rejectHeldLine(ctx.container, id, reason), id);
    },
  }),
);
