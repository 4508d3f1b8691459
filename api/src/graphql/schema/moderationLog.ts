import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Container } from '../../container.js';
import { messageSnapshot } from '../../services/mappers.js';
import { moderationLogPage, recordModeration, type ModerationLogEntry, type ModerationRecord } from '../../services/moderationLog.js';
import { heldLineFacts } from '../../services/heldLines.js';
import { messageSceneId } from '../../services/sceneQueries.js';
import { requireModerator } from '../auth.js';
import { builder, type Context } from '../builder.js';
import { badInput } from '../errors.js';
import { idArg, pageSize } from '../validate.js';
import { MessageRef } from './message.js';

/*
 * The moderation log: who did what, when, to which scene, proposal or message, and why.
 * Recording happens in one place, by wrapping the resolvers of the moderator mutations listed
 * in AUDITED once the schema is built, so a mutation file cannot forget it; a test checks that
 * every mutation outside PUBLIC_MUTATIONS is in AUDITED.
 */

/** Mutations anyone may call; every other mutation is a moderator's and must be audited. */
export const PUBLIC_MUTATIONS: readonly string[] = ['proposeScene', 'voteProposal', 'commentProposal', 'startViewerSession'];

type Input = Record<string, unknown>;
type Audit = (
  input: Input,
  container: Container,
  /** What the mutation returned and its other arguments (for what the input alone does not say). */
  outcome: { result: unknown; args: Input },
) => Promise<Omit<ModerationRecord, 'moderator' | 'action'>> | Omit<ModerationRecord, 'moderator' | 'action'>;

// Input fields here are GraphQL scalars (ID, String, Int, Float): text or numbers.
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() || null : null);
const scene = (input: Input) => ({ sceneId: str(input.sceneId) });
const sceneWithReason = (input: Input) => ({ sceneId: str(input.sceneId), reason: str(input.reason) });
const proposal = (input: Input) => ({ proposalId: str(input.proposalId), reason: str(input.reason) });
/** `Ada: model gpt-4o, temperature 0.7; Ben: model default`: the settings an approval changed. */
const settingsDetail = (input: Input): string | null => {
  const entries = Array.isArray(input.characters) ? (input.characters as Input[]) : [];
  const parts = entries.map((e) => {
    const set = [
      e.model === undefined ? null : `model ${str(e.model) ?? 'default'}`,
      e.temperature === undefined ? null : `temperature ${str(e.temperature) ?? 'default'}`,
    ].filter(Boolean);
    return `${str(e.name) ?? '?'}: ${set.join(', ') || 'unchanged'}`;
  });
  return parts.length > 0 ? parts.join('; ') : null;
};

/** A held-line decision: the message, its scene and the screen's reasons (the line's text is read from the message). */
const heldDecisionEntry = async (i: Input, container: Container, reason: string | null) => {
  const messageId = str(i.messageId);
  // The resolver already decided (else it threw), so the message is there to read.
  const facts = messageId ? await heldLineFacts(container, Number(messageId)) : null;
  return { messageId, sceneId: facts?.sceneId ?? null, reason, detail: facts ? `held for ${facts.reasons.join(', ')}` : null };
};

/** Each moderator mutation, its log action and what it records. */
const AUDITED: Record<string, { action: string; audit: Audit }> = {
  pauseScene: { action: 'PAUSE_SCENE', audit: sceneWithReason },
  resumeScene: { action: 'RESUME_SCENE', audit: scene },
  resetScene: {
    action: 'RESET_SCENE',
    audit: (i, _c, { args }) => ({ ...scene(i), detail: args.keepMemories === false ? 'memories reset too' : null }),
  },
  endScene: { action: 'END_SCENE', audit: sceneWithReason },
  startNextScene: { action: 'START_NEXT_SCENE', audit: scene },
  setScenePace: { action: 'SET_SCENE_PACE', audit: (i) => ({ ...scene(i), detail: `pace ${String(i.pace)}` }) },
  setSceneBudget: {
    action: 'SET_SCENE_BUDGET',
    audit: (i) => ({
      ...scene(i),
      detail: i.tokensPerHour == null ? 'tokens per window: the default' : `tokens per window: ${Number(i.tokensPerHour)}`,
    }),
  },
  setBroadcastDelay: {
    action: 'SET_BROADCAST_DELAY',
    audit: (i) => ({ ...scene(i), detail: i.seconds == null ? 'broadcast delay: the default' : `broadcast delay ${Number(i.seconds)} s` }),
  },
  injectNarration: { action: 'INJECT_NARRATION', audit: (i) => ({ ...scene(i), detail: str(i.text) }) },
  hideMessage: {
    action: 'HIDE_MESSAGE',
    audit: async (i, container) => {
      const messageId = str(i.messageId);
      // The resolver already found the message (else it threw), so its scene is there to read.
      const sceneId = messageId ? await messageSceneId(container, Number(messageId)) : null;
      return { messageId, sceneId, reason: str(i.reason) };
    },
  },
  approveHeldLine: {
    action: 'APPROVE_HELD_LINE',
    audit: (i, container) => heldDecisionEntry(i, container, null),
  },
  rejectHeldLine: {
    action: 'REJECT_HELD_LINE',
    audit: (i, container) => heldDecisionEntry(i, container, str(i.reason)),
  },
  deleteMemory: {
    action: 'DELETE_MEMORY',
    // The memory is gone by now: its scene, character and text come from what the mutation returned.
    audit: (_i, _c, { result }) => {
      const m = result as { id: number; sceneId: string; characterId: string; text: string };
      return { sceneId: m.sceneId, detail: `memory ${m.id} of character ${m.characterId}: ${m.text}` };
    },
  },
  resetCharacterMemory: {
    action: 'RESET_CHARACTER_MEMORY',
    audit: (i, _c, { result }) => ({ sceneId: (result as { sceneId: string }).sceneId, detail: `character ${str(i.characterId) ?? ''}` }),
  },
  approveProposal: { action: 'APPROVE_PROPOSAL', audit: (i) => ({ ...proposal(i), detail: settingsDetail(i) }) },
  rejectProposal: { action: 'REJECT_PROPOSAL', audit: proposal },
  createApiKey: { action: 'CREATE_API_KEY', audit: (i) => ({ detail: `API key "${str(i.name) ?? ''}"` }) },
  revokeApiKey: { action: 'REVOKE_API_KEY', audit: (i) => ({ detail: `API key ${str(i.id) ?? ''}` }) },
};

/** Mutation names that are recorded (for the completeness test). */
export const AUDITED_MUTATIONS: readonly string[] = Object.keys(AUDITED);

const ActionEnum = builder.enumType('ModerationActionType', {
  description: 'What a moderator did.',
  values: Object.fromEntries(
    Object.entries(AUDITED).map(([mutation, { action }]) => [action, { description: `The \`${mutation}\` mutation.` }]),
  ),
});

const EntryRef = builder.objectRef<ModerationLogEntry>('ModerationEntry').implement({
  description: 'One moderator action, as the moderation log recorded it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Entry id (increasing).' }),
    at: t.field({ type: 'Timestamp', description: 'When the action was taken.', resolve: (r) => r.at }),
    moderator: t.exposeString('moderator', {
      description: "The moderator's name from MODERATOR_TOKENS (`moderator-N` for unnamed tokens).",
    }),
    action: t.field({ type: ActionEnum, description: 'What was done.', resolve: (r) => r.action as never }),
    sceneId: t.exposeID('sceneId', { nullable: true, description: 'The scene acted on (for a hidden message: its scene), if any.' }),
    proposalId: t.exposeID('proposalId', { nullable: true, description: 'The proposal decided, if any.' }),
    messageId: t.exposeID('messageId', { nullable: true, description: 'The message hidden, approved or rejected, if any.' }),
    message: t.field({
      type: MessageRef,
      nullable: true,
      description: 'That message with its text (the log is for moderators), or null.',
      resolve: (r) => (r.message ? messageSnapshot(r.message) : null),
    }),
    reason: t.exposeString('reason', { nullable: true, description: 'The reason the moderator gave, if any.' }),
    detail: t.exposeString('detail', {
      nullable: true,
      description: "What the action set: the pace, the budget, the narration text or an approval's character settings.",
    }),
  }),
});

const LogPageInfoRef = builder.objectRef<{ nodes: ModerationLogEntry[]; hasNextPage: boolean }>('ModerationLogPageInfo').implement({
  description: 'Where a page of the moderation log sits.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Older entries follow this page.' }),
    endCursor: t.string({
      nullable: true,
      description: 'Pass as `after` for the next (older) page.',
      resolve: (p) => (p.nodes.length ? encodeLogCursor(p.nodes.at(-1)!.id) : null),
    }),
  }),
});

const LogRef = builder.objectRef<{ nodes: ModerationLogEntry[]; hasNextPage: boolean }>('ModerationLog').implement({
  description: 'A page of the moderation log, newest first.',
  fields: (t) => ({
    nodes: t.field({ type: [EntryRef], description: 'The entries, newest first.', resolve: (p) => p.nodes }),
    pageInfo: t.field({ type: LogPageInfoRef, description: 'Paging information.', resolve: (p) => p }),
  }),
});

const CURSOR = /^log:(\d{1,10})$/;
const encodeLogCursor = (id: number) => Buffer.from(`log:${id}`).toString('base64url');
function decodeLogCursor(cursor: string): number {
  const text = cursor.length <= 32 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = CURSOR.exec(text);
  if (!match) throw badInput('after is not a cursor of the moderation log', 'after');
  return Number(match[1]);
}

builder.queryField('moderationLog', (t) =>
  t.field({
    type: LogRef,
    description: 'Every moderator action, newest first (moderators only): who, what, when, on which scene or proposal, and why.',
    args: {
      first: t.arg.int({ description: 'Page size (1–100, default 20).' }),
      after: t.arg.string({ description: 'Cursor (`pageInfo.endCursor`) to continue with older entries.' }),
      sceneId: t.arg.id({ description: 'Only actions on this scene (hidden messages count for their scene).' }),
    },
    resolve: async (_root, args, ctx) => {
      requireModerator(ctx);
      return moderationLogPage(ctx.container, {
        first: args.first == null ? 20 : pageSize(args.first, 'first'),
        ...(args.after != null ? { beforeId: decodeLogCursor(args.after) } : {}),
        ...(args.sceneId != null ? { sceneId: idArg(String(args.sceneId), 'sceneId') } : {}),
      });
    },
  }),
);

/**
 * Wrap every audited mutation's resolver: after it succeeds, append who did it to the log.
 * A failed action (bad token, unknown id, refused decision) throws first and records nothing.
 * The action has already happened when the entry is written, so a failed write is logged as an
 * error rather than turned into an error for an action that took effect.
 */
export function auditModeratorMutations(schema: GraphQLSchema): void {
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const [name, { action, audit }] of Object.entries(AUDITED)) {
    const field = fields[name];
    if (!field) throw new Error(`moderation log: mutation ${name} is not in the schema`);
    const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args: Input, ctx: Context, info) => {
      const result: unknown = await resolve(source, args, ctx, info);
      const input = (args.input ?? {}) as Input;
      try {
        const entry = await audit(input, ctx.container, { result, args });
        await recordModeration(ctx.container, { moderator: ctx.moderator ?? 'moderator', action, ...entry });
      } catch (err) {
        ctx.container.logger.error({ err, action }, 'moderation log: could not record an action');
      }
      return result;
    };
  }
}
