import { randomUUID } from 'node:crypto';
import {
  ProposalCommentEntity,
  ProposalEntity,
  ProposalVoteEntity,
  SceneEntity,
  type ProposalRow,
} from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import type { SceneSeed } from '../domain/content.js';
import type { ProposalInput } from '../domain/proposal.js';
import { hashString } from '../domain/random.js';
import { roomById, rooms } from '../domain/rooms.js';
import { commitSceneChange } from './sceneCommit.js';
import { insertScene, isUniqueViolation } from './seed.js';

export type ProposalStatus = 'PROPOSED' | 'APPROVED' | 'REJECTED' | 'PLAYED';

/** Store a validated proposal. */
export async function createProposal(container: Container, input: ProposalInput): Promise<ProposalRow> {
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
  await container.orm.em.fork().insert(ProposalEntity, row);
  return row;
}

export type VoteOutcome = { ok: true; proposal: ProposalRow } | { ok: false; reason: 'NOT_FOUND' | 'CLOSED' | 'ALREADY_VOTED' };

/** One vote per client per proposal, enforced by a unique key; the score moves atomically. */
export async function vote(
  container: Container,
  proposalId: string,
  clientId: string,
  ip: string,
  value: 1 | -1,
): Promise<VoteOutcome> {
  const em = container.orm.em.fork();
  const proposal = await em.findOne(ProposalEntity, { id: proposalId });
  if (!proposal) return { ok: false, reason: 'NOT_FOUND' };
  if (proposal.status !== 'PROPOSED' && proposal.status !== 'APPROVED') return { ok: false, reason: 'CLOSED' };
  try {
    await em.transactional(async (tx) => {
      await tx.insert(ProposalVoteEntity, { proposalId, clientId, ip: ip.slice(0, 64), value, createdAt: container.clock.now() });
      await tx.getConnection().execute('update proposal set score = score + ? where id = ?', [value, proposalId], 'run', tx.getTransactionContext());
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: 'ALREADY_VOTED' };
    throw err;
  }
  return { ok: true, proposal: { ...proposal, score: proposal.score + value } };
}

/** Add a comment; null when the proposal does not exist. */
export async function comment(container: Container, proposalId: string, author: string, text: string) {
  const em = container.orm.em.fork();
  if (!(await em.findOne(ProposalEntity, { id: proposalId }, { fields: ['id'] }))) return null;
  const row = { proposalId, author, text, createdAt: container.clock.now() };
  const id = (await em.insert(ProposalCommentEntity, { proposalId, author, text, createdAt: row.createdAt })) as number;
  return { ...row, id };
}

/**
 * A moderator's decision. Approve works on a proposed one; reject on a proposed or an
 * approved one. Deciding the same again changes nothing.
 */
export async function decide(
  container: Container,
  proposalId: string,
  status: 'APPROVED' | 'REJECTED',
  reason: string | null,
): Promise<{ proposal: ProposalRow | null; allowed: boolean }> {
  const em = container.orm.em.fork();
  const proposal = await em.findOne(ProposalEntity, { id: proposalId });
  if (!proposal) return { proposal: null, allowed: false };
  if (proposal.status === status) return { proposal, allowed: true };
  const from: ProposalStatus[] = status === 'APPROVED' ? ['PROPOSED'] : ['PROPOSED', 'APPROVED'];
  const updated = await em.nativeUpdate(ProposalEntity, { id: proposalId, status: { $in: from } }, { status, decisionReason: reason });
  if (!updated) return { proposal, allowed: false };
  return { proposal: { ...proposal, status, decisionReason: reason }, allowed: true };
}

/**
 * After a conversation ends: play the most-voted approved proposal as a new scene. In one
 * transaction the proposal becomes PLAYED, the scene is created and the ended scene points
 * at its successor (so exactly one worker can do it). Resolves to the new scene id or null.
 */
export async function playNextProposal(
  container: Pick<Container, 'orm' | 'clock' | 'pubsub'>,
  endedSceneId: string,
  epoch: number,
): Promise<string | null> {
  const em = container.orm.em.fork();
  const [best] = await em.find(ProposalEntity, { status: 'APPROVED' }, { orderBy: { score: 'desc', createdAt: 'asc' }, limit: 1 });
  if (!best) return null;
  const now = container.clock.now();
  const room = roomById(best.room);
  const seed: SceneSeed = {
    slug: `${slugify(best.name)}-${best.id.slice(0, 6)}`,
    name: best.name,
    description: best.description,
    room: room.id,
    characters: best.characters.map((c, i) => ({
      name: c.name,
      colour: c.colour.toLowerCase(),
      persona: c.persona,
      appearance: c.appearance,
      talkativeness: 1,
      mood: 'curious',
      moodEmoji: '🙂',
      spot: room.spots[i % room.spots.length]!.name,
    })),
  };
  let newSceneId: string | null = null;
  const order = await em.count(SceneEntity, {});
  try {
    await commitSceneChange(container, endedSceneId, { epoch, status: 'ENDED', open: true }, epoch, now, async (tx) => {
      newSceneId = await insertScene(tx, seed, now, { builtIn: false, sortOrder: order, proposalId: best.id, characterModels: best.characters });
      const taken = await tx.nativeUpdate(ProposalEntity, { id: best.id, status: 'APPROVED' }, { status: 'PLAYED', playedSceneId: newSceneId });
      if (!taken) throw new ProposalTaken();
      await tx.nativeUpdate(SceneEntity, { id: endedSceneId }, { successorSceneId: newSceneId });
      return [{ type: 'NEXT_SCENE_STARTED', nextSceneId: newSceneId, nextSceneSlug: seed.slug }];
    });
  } catch (err) {
    if (err instanceof ProposalTaken) return null;
    throw err;
  }
  if (newSceneId) container.pubsub.publish('sceneList:changed', { sceneId: newSceneId, status: 'RUNNING', epoch: 1 });
  return newSceneId;
}

class ProposalTaken extends Error {}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'scene'
  );
}
