import type { ProposalRow, ProposedCharacter } from '../../adapters/db/entities.js';
import { addressKey } from '../../domain/address.js';
import { settingsProblems } from '../../domain/modelPolicy.js';
import { commentSchema, proposalSchema, proposalSettingsProblems } from '../../domain/proposal.js';
import { cleanName } from '../../domain/untrustedText.js';
import {
  clientVote,
  comment,
  createProposal,
  decide,
  findProposal,
  type CharacterSettingsChange,
  listProposals,
  proposalComments,
  vote,
  type ProposalStatus,
} from '../../services/proposals.js';
import { requireModerator } from '../auth.js';
import { builder } from '../builder.js';
import { appError, badInput, notFound } from '../errors.js';
import { requireClean } from '../screening.js';
import { idArg, textArg } from '../validate.js';
import { requireViewer } from './viewerSession.js';

const ProposalStatusEnum = builder.enumType('ProposalStatus', {
  description: 'Where a proposed scene is in its life.',
  values: {
    PROPOSED: { description: "Waiting for votes and a moderator's decision." },
    APPROVED: { description: 'Approved: plays after a conversation ends, most votes first.' },
    REJECTED: { description: 'Rejected by a moderator.' },
    PLAYED: { description: 'Became a scene.' },
  } as const,
});

const ProposedCharacterRef = builder.objectRef<ProposedCharacter>('ProposedCharacter').implement({
  description: 'A character in a proposed scene.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name.' }),
    colour: t.exposeString('colour', { description: 'Sprite colour, #rrggbb.' }),
    persona: t.exposeString('persona', { description: 'Who they are.' }),
    appearance: t.exposeString('appearance', { description: 'What they look like.' }),
    model: t.string({ nullable: true, description: 'Model override, if any.', resolve: (c) => c.model ?? null }),
    temperature: t.float({ nullable: true, description: 'Temperature override, if any.', resolve: (c) => c.temperature ?? null }),
  }),
});

const CommentRef = builder.objectRef<{ id: number; author: string; text: string; createdAt: number }>('ProposalComment').implement({
  description: 'A comment on a proposal.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Comment id.' }),
    author: t.exposeString('author', { description: 'Who wrote it.' }),
    text: t.exposeString('text', { description: 'What they wrote.' }),
    createdAt: t.field({ type: 'Timestamp', description: 'When.', resolve: (c) => c.createdAt }),
  }),
});

export const ProposalRef = builder.objectRef<ProposalRow>('Proposal').implement({
  description: 'A scene someone proposed; the community votes and moderators decide.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Proposal id.' }),
    name: t.exposeString('name', { description: 'Scene title.' }),
    description: t.exposeString('description', { description: 'The situation.' }),
    room: t.exposeString('room', { description: 'Room layout id.' }),
    proposer: t.exposeString('proposer', { description: 'Who proposed it.' }),
    status: t.field({ type: ProposalStatusEnum, description: 'Status.', resolve: (p) => p.status as ProposalStatus }),
    score: t.exposeInt('score', { description: 'Up-votes minus down-votes (counted on the server).' }),
    decisionReason: t.string({ nullable: true, description: 'Why it was approved or rejected.', resolve: (p) => p.decisionReason ?? null }),
    playedSceneId: t.string({ nullable: true, description: 'The scene it became.', resolve: (p) => p.playedSceneId ?? null }),
    characters: t.field({ type: [ProposedCharacterRef], description: 'Its characters (2–6).', resolve: (p) => p.characters }),
    comments: t.field({
      type: [CommentRef],
      description: 'Comments, oldest first (at most 100).',
      resolve: (p, _a, ctx) => proposalComments(ctx.container, p.id),
    }),
    createdAt: t.field({ type: 'Timestamp', description: 'When it was proposed.', resolve: (p) => p.createdAt }),
    myVote: t.int({
      nullable: true,
      description: "The caller's vote (1 or -1); null when it has not voted or sent no viewer session.",
      resolve: (p, _a, ctx) => (ctx.viewer ? clientVote(ctx.container, p.id, ctx.viewer.id) : null),
    }),
  }),
});

builder.queryField('proposals', (t) =>
  t.field({
    type: [ProposalRef],
    description: 'Proposals, most votes first (at most 100). Filter by status.',
    args: { status: t.arg({ type: ProposalStatusEnum, description: 'Only this status.' }) },
    resolve: (_r, args, ctx) => listProposals(ctx.container, args.status),
  }),
);

/** Tell every viewer a proposal changed (after the write committed); they re-read it. */
function announce(container: { pubsub: { publish(topic: 'proposal:changed', id: string): void } }, proposalId: string): void {
  container.pubsub.publish('proposal:changed', proposalId);
}

builder.subscriptionField('proposalChanged', (t) =>
  t.field({
    type: ProposalRef,
    nullable: true,
    description:
      "Proposals as they change: a new one, a vote, a comment or a decision. Each event is the fresh proposal (with the subscriber's own `myVote`); null if it was deleted meanwhile.",
    subscribe: (_r, _a, ctx) => ctx.container.pubsub.subscribe('proposal:changed'),
    resolve: (proposalId, _a, ctx) => findProposal(ctx.container, proposalId),
  }),
);

/** Turn zod issues into one BAD_INPUT error that names every problem. */
function zodBadInput(issues: { path: PropertyKey[]; message: string }[]) {
  const problems = issues.map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`);
  return appError('BAD_INPUT', `Invalid proposal: ${problems.join('; ')}`, { problems });
}

const ProposedCharacterInput = builder.inputType('ProposedCharacterInput', {
  description: 'A character for a proposed scene.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Name, 1–30 characters, unique in the scene.' }),
    colour: t.string({ required: true, description: 'Sprite colour, #rrggbb.' }),
    persona: t.string({ required: true, description: 'Who they are, 10–500 characters.' }),
    appearance: t.string({ description: 'What they look like, up to 200 characters.' }),
    model: t.string({
      description:
        "Model override: one of the server's PROPOSAL_MODELS (none by default, so leave it out); anything else is BAD_INPUT naming what is allowed.",
    }),
    temperature: t.float({
      description: "Temperature override within the server's range (PROPOSAL_TEMPERATURE_MIN..MAX, 0–1.2 by default).",
    }),
  }),
});

builder.mutationField('proposeScene', (t) =>
  t.field({
    type: ProposalRef,
    description:
      'Propose a scene (2–6 characters). Anyone may; limits are checked on the server. Every text is screened first: refused input fails with FLAGGED (`extensions.reasons` names the fields; `retryable` when the screen could not answer) and nothing is stored.',
    args: {
      input: t.arg({
        required: true,
        description: 'The proposed scene.',
        type: builder.inputType('ProposeSceneInput', {
          description: 'A scene to propose.',
          fields: (f) => ({
            name: f.string({ required: true, description: 'Title, 3–60 characters.' }),
            description: f.string({ required: true, description: 'The situation, 10–500 characters.' }),
            proposer: f.string({ required: true, description: 'Your name, 1–30 characters.' }),
            room: f.string({ description: 'Room layout id; one is picked when left out.' }),
            characters: f.field({ type: [ProposedCharacterInput], required: true, description: '2 to 6 characters.' }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      const parsed = proposalSchema.safeParse(input);
      if (!parsed.success) throw zodBadInput(parsed.error.issues);
      const refused = proposalSettingsProblems(ctx.container.config.llm.policy, parsed.data);
      if (refused.length > 0) throw zodBadInput(refused);
      const p = parsed.data;
      await requireClean(ctx.container.screen, ctx.container.logger, 'proposeScene', [
        { field: 'name', text: p.name },
        { field: 'description', text: p.description },
        { field: 'proposer', text: p.proposer },
        ...p.characters.flatMap((c, i) => [
          { field: `characters.${i}.name`, text: c.name },
          { field: `characters.${i}.persona`, text: c.persona },
          { field: `characters.${i}.appearance`, text: c.appearance },
        ]),
      ]);
      const proposal = await createProposal(ctx.container, p);
      announce(ctx.container, proposal.id);
      return proposal;
    },
  }),
);

builder.mutationField('voteProposal', (t) =>
  t.field({
    type: ProposalRef,
    description:
      'Vote +1 or −1 on a proposal: one vote per viewer identity (see `startViewerSession`) per proposal, and a limit per address. Voting the other way changes the vote.',
    args: {
      input: t.arg({
        required: true,
        description: 'Proposal and vote.',
        type: builder.inputType('VoteProposalInput', {
          description: 'A vote.',
          fields: (f) => ({
            proposalId: f.id({ required: true, description: 'Proposal id.' }),
            value: f.int({ required: true, description: '1 or -1.' }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      const proposalId = idArg(String(input.proposalId), 'proposalId');
      if (input.value !== 1 && input.value !== -1) throw badInput('value must be 1 or -1', 'value');
      const viewer = requireViewer(ctx, 'Voting');
      const perIp = await ctx.container.rateLimiter.consume(`vote-ip:${addressKey(ctx.ip)}`, 60, 3_600_000);
      if (!perIp.allowed)
        throw appError('RATE_LIMITED', 'Too many votes from this address; try later', { retryAfterMs: perIp.retryAfterMs });
      const outcome = await vote(ctx.container, proposalId, viewer.id, ctx.ip, input.value);
      if (outcome.ok) {
        announce(ctx.container, proposalId);
        return outcome.proposal;
      }
      if (outcome.reason === 'NOT_FOUND') throw notFound('Proposal', proposalId);
      if (outcome.reason === 'ALREADY_VOTED') throw appError('FORBIDDEN', 'This viewer already voted this way on this proposal');
      throw appError('FORBIDDEN', 'Voting is closed for this proposal');
    },
  }),
);

builder.mutationField('commentProposal', (t) =>
  t.field({
    type: ProposalRef,
    description:
      'Comment on a proposal. The author and text are screened first: refused input fails with FLAGGED (as for `proposeScene`) and nothing is stored.',
    args: {
      input: t.arg({
        required: true,
        description: 'Proposal and comment.',
        type: builder.inputType('CommentProposalInput', {
          description: 'A comment.',
          fields: (f) => ({
            proposalId: f.id({ required: true, description: 'Proposal id.' }),
            author: f.string({ required: true, description: 'Your name, 1–30 characters.' }),
            text: f.string({ required: true, description: 'The comment, 1–300 characters.' }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      const proposalId = idArg(String(input.proposalId), 'proposalId');
      const parsed = commentSchema.safeParse(input);
      if (!parsed.success) throw zodBadInput(parsed.error.issues);
      await requireClean(ctx.container.screen, ctx.container.logger, 'commentProposal', [
        { field: 'author', text: parsed.data.author },
        { field: 'text', text: parsed.data.text },
      ]);
      const added = await comment(ctx.container, proposalId, parsed.data.author, parsed.data.text);
      const proposal = added && (await findProposal(ctx.container, proposalId));
      if (!proposal) throw notFound('Proposal', proposalId);
      announce(ctx.container, proposalId);
      return proposal;
    },
  }),
);

const CharacterSettingsInput = builder.inputType('CharacterSettingsInput', {
  description: "A moderator's change to one proposed character's model settings, made when approving.",
  fields: (t) => ({
    name: t.string({ required: true, description: "The character's name in the proposal (case does not matter)." }),
    model: t.string({
      description:
        "The model: one of the server's PROPOSAL_MODELS or its default LLM_MODEL; null: the default; left out: keep the proposal's.",
    }),
    temperature: t.float({
      description: "The temperature, within the server's PROPOSAL_TEMPERATURE_MIN..MAX; null: the default; left out: keep the proposal's.",
    }),
  }),
});

const DecisionInput = builder.inputType('ProposalDecisionInput', {
  description: "A moderator's decision on a proposal.",
  fields: (t) => ({
    proposalId: t.id({ required: true, description: 'Proposal id.' }),
    reason: t.string({ description: 'Why, up to 200 characters.' }),
    characters: t.field({
      type: [CharacterSettingsInput],
      description:
        "approveProposal only: change characters' model and temperature (at most one entry per character). Approving an approved proposal again with this changes them.",
    }),
  }),
});

/** A moderator's settings changes, checked against the proposal's characters and the operator's rules. */
function settingsChanges(
  policy: Parameters<typeof settingsProblems>[0],
  proposal: { characters: { name: string }[] },
  entries: readonly { name: string; model?: string | null; temperature?: number | null }[],
): CharacterSettingsChange[] {
  const problems: { path: PropertyKey[]; message: string }[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const key = cleanName(entry.name).toLowerCase();
    if (!proposal.characters.some((c) => c.name.toLowerCase() === key))
      problems.push({ path: ['characters', i, 'name'], message: `no character of this proposal is called "${cleanName(entry.name)}"` });
    else if (seen.has(key)) problems.push({ path: ['characters', i, 'name'], message: 'names a character twice' });
    seen.add(key);
    const model = entry.model == null ? null : entry.model.trim();
    for (const p of settingsProblems(policy, { model, temperature: entry.temperature ?? null }, 'moderator'))
      problems.push({ path: ['characters', i, p.field], message: p.message });
  });
  if (problems.length > 0) throw zodBadInput(problems);
  return entries.map((e) => ({
    name: cleanName(e.name),
    ...(e.model === undefined ? {} : { model: e.model === null ? null : e.model.trim() }),
    ...(e.temperature === undefined ? {} : { temperature: e.temperature }),
  }));
}

for (const [name, status] of [
  ['approveProposal', 'APPROVED'],
  ['rejectProposal', 'REJECTED'],
] as const) {
  builder.mutationField(name, (t) =>
    t.field({
      type: ProposalRef,
      description:
        status === 'APPROVED'
          ? "Approve a proposal (moderators): it plays after a conversation ends, most votes first. `characters` may change the characters' model and temperature, within the server's rules."
          : 'Reject a proposal (moderators).',
      args: { input: t.arg({ type: DecisionInput, required: true, description: 'Which proposal, and why.' }) },
      resolve: async (_r, { input }, ctx) => {
        requireModerator(ctx);
        const proposalId = idArg(String(input.proposalId), 'proposalId');
        const reason = input.reason == null || input.reason.trim() === '' ? null : textArg(input.reason, 'reason', 1, 200);
        const entries = input.characters ?? [];
        if (status === 'REJECTED' && entries.length > 0) throw badInput('characters applies to approveProposal only', 'characters');
        const found = entries.length > 0 ? await findProposal(ctx.container, proposalId) : null;
        if (entries.length > 0 && !found) throw notFound('Proposal', proposalId);
        const settings = found ? settingsChanges(ctx.container.config.llm.policy, found, entries) : [];
        const { proposal, allowed } = await decide(ctx.container, proposalId, status, reason, settings);
        if (!proposal) throw notFound('Proposal', proposalId);
        if (!allowed) throw appError('FORBIDDEN', `A ${proposal.status.toLowerCase()} proposal cannot be ${status.toLowerCase()}`);
        announce(ctx.container, proposalId);
        return proposal;
      },
    }),
  );
}
