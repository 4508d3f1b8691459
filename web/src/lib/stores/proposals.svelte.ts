import type { Client } from '@urql/core';
import { problemOf, type ApiProblem } from '../graphql/errors';
import type { ProposalFieldsFragment, ProposalStatus } from '../graphql/generated/graphql';
import { ApproveProposalMutation, RejectProposalMutation } from '../graphql/moderation';
import {
  CommentProposalMutation,
  ProposalChangedSubscription,
  ProposalsQuery,
  ProposeSceneMutation,
  VoteProposalMutation,
} from '../graphql/proposals';
import { toProposalInput, type ProposalDraft } from './proposalForm';
import type { ViewerSession } from './viewerSession';

export type Proposal = ProposalFieldsFragment;

/**
 * Proposals: the list (by status), proposing, votes (one per viewer session, counted by the
 * server), comments, and the moderators' approve/reject.
 */
export class ProposalsStore {
  list = $state<Proposal[]>([]);
  /** Waiting for a decision (the moderator queue). */
  queue = $state<Proposal[]>([]);
  filter = $state<ProposalStatus | null>(null);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Per-proposal message after a vote/comment/decision (e.g. "you already voted"). */
  notes = $state<Record<string, { ok: boolean; text: string }>>({});

  constructor(
    private readonly urql: Client,
    /** The viewer identity votes need; started on the first vote. */
    private readonly session: Pick<ViewerSession, 'ensure' | 'forget'> | null = null,
  ) {}

  /**
   * Follow changes live (new proposals, votes, comments, decisions from anyone); returns
   * the unsubscribe. The server sends the fresh proposal, with this client's own vote.
   */
  watch(): () => void {
    const sub = this.urql.subscription(ProposalChangedSubscription, {}).subscribe((result) => {
      const p = result.data?.proposalChanged;
      if (p) this.receive(p);
    });
    return () => sub.unsubscribe();
  }

  /** Merge a proposal pushed by the server (public for tests). */
  receive(p: Proposal): void {
    this.upsert(p, this.filter === null || this.filter === p.status);
  }

  async load(status: ProposalStatus | null = this.filter): Promise<void> {
    this.filter = status;
    const result = await this.urql.query(ProposalsQuery, { status }).toPromise();
    if (status !== this.filter) return;
    const problem = problemOf(result.error);
    this.error = problem?.message ?? null;
    if (result.data) {
      this.list = result.data.proposals;
      this.loaded = true;
    }
  }

  async loadQueue(): Promise<void> {
    const result = await this.urql.query(ProposalsQuery, { status: 'PROPOSED' }).toPromise();
    if (result.data) this.queue = result.data.proposals;
  }

  /** Propose a scene; returns the server's problem (BAD_INPUT lists them all) or null. */
  async propose(draft: ProposalDraft): Promise<ApiProblem | null> {
    const result = await this.urql.mutation(ProposeSceneMutation, { input: toProposalInput(draft) }).toPromise();
    const problem = problemOf(result.error);
    if (!problem && result.data) {
      if (this.filter === null || this.filter === 'PROPOSED') this.upsert(result.data.proposeScene, true);
    }
    return problem;
  }

  async vote(proposalId: string, value: 1 | -1): Promise<void> {
    const before = this.list.find((p) => p.id === proposalId)?.myVote ?? null;
    let result = await this.castVote(proposalId, value);
    // A kept session the server refuses (its secret changed): start a new one, once.
    if (this.session && result !== null && problemOf(result.error)?.code === 'UNAUTHENTICATED') {
      this.session.forget();
      result = await this.castVote(proposalId, value);
    }
    if (result === null) return;
    const done = before !== null && before !== value ? 'Vote changed.' : value > 0 ? 'Thanks for voting!' : 'Vote counted.';
    this.settle(proposalId, result.error, result.data?.voteProposal, done, {
      FORBIDDEN: 'You already voted this way on this one (vote the other way to change it).',
    });
  }

  /** Start the viewer session if needed, then vote; null when no session could be started (the note says why). */
  private async castVote(proposalId: string, value: 1 | -1) {
    const problem = await this.session?.ensure();
    if (problem) {
      this.notes = { ...this.notes, [proposalId]: { ok: false, text: problem.message } };
      return null;
    }
    return this.urql.mutation(VoteProposalMutation, { input: { proposalId, value } }).toPromise();
  }

  async comment(proposalId: string, author: string, text: string): Promise<boolean> {
    const result = await this.urql
      .mutation(CommentProposalMutation, { input: { proposalId, author: author.trim(), text: text.trim() } })
      .toPromise();
    return this.settle(proposalId, result.error, result.data?.commentProposal, 'Comment added.');
  }

  async decide(proposalId: string, approve: boolean, reason: string): Promise<boolean> {
    const input = { proposalId, reason: reason.trim() || null };
    const result = approve
      ? await this.urql.mutation(ApproveProposalMutation, { input }).toPromise()
      : await this.urql.mutation(RejectProposalMutation, { input }).toPromise();
    const data = result.data && ('approveProposal' in result.data ? result.data.approveProposal : result.data.rejectProposal);
    return this.settle(proposalId, result.error, data, approve ? 'Approved.' : 'Rejected.');
  }

  private settle(
    id: string,
    error: Parameters<typeof problemOf>[0],
    data: Proposal | undefined,
    done: string,
    messages: Partial<Record<string, string>> = {},
  ): boolean {
    const problem = problemOf(error);
    if (problem) {
      this.notes = { ...this.notes, [id]: { ok: false, text: messages[problem.code] ?? problem.message } };
      return false;
    }
    if (data) this.upsert(data, false);
    this.notes = { ...this.notes, [id]: { ok: true, text: done } };
    return true;
  }

  private upsert(p: Proposal, prepend: boolean): void {
    this.queue = p.status === 'PROPOSED' ? upsertIn(this.queue, p) : this.queue.filter((x) => x.id !== p.id);
    const index = this.list.findIndex((x) => x.id === p.id);
    if (index >= 0) {
      const keep = this.filter === null || this.filter === p.status;
      this.list = keep ? this.list.map((x) => (x.id === p.id ? p : x)) : this.list.filter((x) => x.id !== p.id);
    } else if (prepend) this.list = [p, ...this.list];
    // Most votes first, as the server orders them (ties: oldest first).
    this.list = [...this.list].sort((a, b) => b.score - a.score || a.createdAt - b.createdAt);
  }
}

function upsertIn(list: Proposal[], p: Proposal): Proposal[] {
  return list.some((x) => x.id === p.id) ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p];
}
