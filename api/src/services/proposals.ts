import { randomUUID } from 'node:crypto';
import {
  ProposalCommentEntity,
  ProposalEntity,
  ProposalVoteEntity,
  type ProposalCommentRow,
  type ProposalRow,
  type ProposedCharacter,
} from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import type { ProposalInput } from '../domain/proposal.js';
import { hashString } from '../domain/random.js';
import { rooms } from '../domain/rooms.js';
import { isUniqueViolation } from './seed.js';

export type ProposalStatus = 'PROPOSED' | 'APPROVED' | 'REJECTED' | 'PLAYED';

/** A second identical proposal from the same person within this window is the same one. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * Store a validated proposal. A double submit (same title, situation and proposer while the
 * first is still waiting, within ten minutes) returns the first one instead of a copy.
 */
export async function createProposal(container: Container, input: ProposalInput): Promise<ProposalRow> {
  const em = container.orm.em.fork();
  const twin = await em.findOne(
    ProposalEntity,
    {
      name: input.name,
      proposer: input.proposer,
      description: input.description,
      status: 'PROPOSED',
      createdAt: { $gte: container.clock.now() - DUPLICATE_WINDOW_MS },
    },
    { orderBy: { createdAt: 'asc' } },
  );
  if (twin) return twin;
  const row: ProposalRow = {
    id: randomUUID(),
    name: input.name,
    description: input.description,
    proposer: input.proposer,
    room: input.room ?? rooms[hashString(input.name) % rooms.length]!.id,
    characters: input.characters.map((c) => ({ ...c, appearance: c.appearance ?? '' })),
    status: 'PROPOSED',
    score: 0,
    playedSceneId: null,
    decisionReason: null,
    createdAt: container.clock.now(),
  };
  await em.insert(ProposalEntity, row);
  return row;
}

export type VoteOutcome =
  { ok: true; proposal: ProposalRow; changed: boolean } | { ok: false; reason: 'NOT_FOUND' | 'CLOSED' | 'ALREADY_VOTED' };

/**
 * One vote per voter per proposal, enforced by a unique key; the score moves atomically. The
 * voter is a server-issued viewer identity (services/viewerSessions.ts), stored in the row's
 * `clientId` column (votes from before identities keep the client id they were cast with).
 * A voter may change its vote (up to down or back): the row is updated and the score moves
 * by twice the value. The same vote again is refused.
 */
export async function vote(container: Container, proposalId: string, clientId: string, ip: string, value: 1 | -1): Promise<VoteOutcome> {
  const em = container.orm.em.fork();
  const proposal = await em.findOne(ProposalEntity, { id: proposalId });
  if (!proposal) return { ok: false, reason: 'NOT_FOUND' };
  if (proposal.status !== 'PROPOSED' && proposal.status !== 'APPROVED') return { ok: false, reason: 'CLOSED' };
  const change = async (): Promise<VoteOutcome> => {
    // Only a vote with the other value is changed (guarded in the update itself, so two
    // racing changes move the score once).
    const delta = await em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        ProposalVoteEntity,
        { proposalId, clientId, value: -value },
        { value, createdAt: container.clock.now() },
      );
      if (!updated) return 0;
      await tx
        .getConnection()
        .execute('update proposal set score = score + ? where id = ?', [2 * value, proposalId], 'run', tx.getTransactionContext());
      return 2 * value;
    });
    if (!delta) return { ok: false, reason: 'ALREADY_VOTED' };
    return { ok: true, proposal: { ...proposal, score: proposal.score + delta }, changed: true };
  };
  try {
    await em.transactional(async (tx) => {
      await tx.insert(ProposalVoteEntity, { proposalId, clientId, ip: ip.slice(0, 64), value, createdAt: container.clock.now() });
      await tx
        .getConnection()
        .execute('update proposal set score = score + ? where id = ?', [value, proposalId], 'run', tx.getTransactionContext());
    });
  } catch (err) {
    if (isUniqueViolation(err)) return change();
    throw err;
  }
  return { ok: true, proposal: { ...proposal, score: proposal.score + value }, changed: false };
}

/** Add a comment; null when the proposal does not exist. */
export async function comment(container: Container, proposalId: string, author: string, text: string) {
  const em = container.orm.em.fork();
  if (!(await em.findOne(ProposalEntity, { id: proposalId }, { fields: ['id'] }))) return null;
  const row = { proposalId, author, text, createdAt: container.clock.now() };
  const id = (await em.insert(ProposalCommentEntity, { proposalId, author, text, createdAt: row.createdAt })) as number;
  return { ...row, id };
}

/** A moderator's change to one character's model settings when approving (by name). */
export interface CharacterSettingsChange {
  name: string;
  /** Absent: keep the proposal's; null: the operator's default. */
  model?: string | null;
  temperature?: number | null;
}

/** The proposal's characters with a moderator's changes applied (names matched without case). */
export function withSettings(characters: ProposedCharacter[], changes: readonly CharacterSettingsChange[]): ProposedCharacter[] {
  return characters.map((c) => {
    const change = changes.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
    if (!change) return c;
    return {
      ...c,
      model: change.model === undefined ? (c.model ?? null) : change.model,
      temperature: change.temperature === undefined ? (c.temperature ?? null) : change.temperature,
    };
  });
}

/**
 * A moderator's decision. Approve works on a proposed one; reject on a proposed or an
 * approved one. Deciding the same again changes nothing, except that approving an approved
 * proposal with settings changes them. `settings` (approve only) are checked by the caller.
 */
export async function decide(
  container: Pick<Container, 'orm'>,
  proposalId: string,
  status: 'APPROVED' | 'REJECTED',
  reason: string | null,
  settings: readonly CharacterSettingsChange[] = [],
): Promise<{ proposal: ProposalRow | null; allowed: boolean }> {
  const em = container.orm.em.fork();
  const proposal = await em.findOne(ProposalEntity, { id: proposalId });
  if (!proposal) return { proposal: null, allowed: false };
  const characters = settings.length > 0 ? withSettings(proposal.characters, settings) : proposal.characters;
  if (proposal.status === status && settings.length === 0) return { proposal, allowed: true };
  // Only a waiting or approved proposal can be decided (a rejected one stays rejected).
  if (proposal.status !== 'PROPOSED' && proposal.status !== 'APPROVED') return { proposal, allowed: false };
  const changes =
    proposal.status === status
      ? { characters, ...(reason === null ? {} : { decisionReason: reason }) }
      : { status, decisionReason: reason, characters };
  const updated = await em.nativeUpdate(ProposalEntity, { id: proposalId, status: proposal.status }, changes);
  if (!updated) return { proposal, allowed: false };
  return { proposal: { ...proposal, ...changes }, allowed: true };
}

/** Proposals, most votes first (at most 100), optionally of one status. */
export function listProposals(container: Pick<Container, 'orm'>, status?: ProposalStatus | null): Promise<ProposalRow[]> {
  return container.orm.em
    .fork()
    .find(ProposalEntity, status ? { status } : {}, { orderBy: { score: 'desc', createdAt: 'asc' }, limit: 100 });
}

/** One proposal, or null. */
export function findProposal(container: Pick<Container, 'orm'>, proposalId: string): Promise<ProposalRow | null> {
  return container.orm.em.fork().findOne(ProposalEntity, { id: proposalId });
}

/** A proposal's comments, oldest first (at most 100). */
export function proposalComments(container: Pick<Container, 'orm'>, proposalId: string): Promise<ProposalCommentRow[]> {
  return container.orm.em.fork().find(ProposalCommentEntity, { proposalId }, { orderBy: { id: 'asc' }, limit: 100 });
}

/** How a voter (a viewer identity's id) voted on a proposal (1 or -1), or null when it has not. */
export async function clientVote(container: Pick<Container, 'orm'>, proposalId: string, clientId: string): Promise<number | null> {
  const vote = await container.orm.em.fork().findOne(ProposalVoteEntity, { proposalId, clientId });
  return vote?.value ?? null;
}
