import type { Client } from '@urql/core';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { problemOf } from '../graphql/errors';
import { Credentials, isClientId, loadClientId, newClientId } from './credentials';
import { budgetProblem, ModeratorStore, narrationProblem, paceProblem } from './moderator.svelte';
import { emptyDraft, toProposalInput, validateProposal, type ProposalDraft } from './proposalForm';
import { ProposalsStore } from './proposals.svelte';

function memory(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    length: 0,
    clear: () => data.clear(),
    key: () => null,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

type Reply = { data?: unknown; error?: CombinedError };
/** A urql stand-in answering by operation name. */
function fakeUrql(answer: (name: string, variables: Record<string, unknown>) => Reply) {
  const calls: { name: string; variables: Record<string, unknown> }[] = [];
  const run = (doc: { definitions: { name?: { value: string } }[] }, variables: Record<string, unknown>) => {
    const name = doc.definitions.find((d) => d.name)?.name?.value ?? '?';
    calls.push({ name, variables });
    return { toPromise: async () => answer(name, variables) };
  };
  return { client: { query: run, mutation: run } as unknown as Client, calls };
}

const gqlError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code, ...extra } })] });

describe('client id and token', () => {
  it('makes a valid id once and keeps it', () => {
    const local = memory();
    const id = loadClientId(local);
    expect(isClientId(id)).toBe(true);
    expect(id).not.toContain('-');
    expect(loadClientId(local, () => 'other-id-123')).toBe(id);
    expect(newClientId(() => '1234-5678-90ab')).toBe('1234567890ab');
  });

  it('replaces a stored id the server would refuse, and works without storage', () => {
    const local = memory();
    local.setItem('pixeltales.clientId', 'bad id!');
    expect(loadClientId(local, () => 'abcdefgh12')).toBe('abcdefgh12');
    expect(isClientId(loadClientId(null))).toBe(true);
  });

  it('keeps the token in session storage and sends it as a bearer', () => {
    const local = memory();
    const session = memory();
    const c = new Credentials(local, session);
    expect(c.params()).toEqual({ clientId: c.clientId });
    c.setToken('  secret-token-0123456789 ');
    expect(c.params()).toEqual({ clientId: c.clientId, authorization: 'Bearer secret-token-0123456789' });
    expect(new Credentials(local, session).token).toBe('secret-token-0123456789');
    c.setToken(null);
    expect(new Credentials(local, session).token).toBeNull();
    expect(new Credentials(local, session).clientId).toBe(c.clientId);
  });
});

describe('ModeratorStore', () => {
  it('reconnects with the token and says "valid" when the server grants MODERATOR', async () => {
    const { client } = fakeUrql(() => ({ data: { me: { role: 'MODERATOR', clientId: null } } }));
    const creds = new Credentials(memory(), memory());
    const reconnect = vi.fn();
    const onRole = vi.fn();
    const m = new ModeratorStore(client, creds, reconnect, onRole);
    await m.setToken('good-token-0123456789');
    expect(reconnect).toHaveBeenCalledTimes(1);
    expect(m.status).toBe('valid');
    expect(m.isModerator).toBe(true);
    expect(onRole).toHaveBeenCalledWith('MODERATOR');
  });

  it('says "invalid" when a token leaves the role at VIEWER', async () => {
    const { client } = fakeUrql(() => ({ data: { me: { role: 'VIEWER', clientId: null } } }));
    const m = new ModeratorStore(client, new Credentials(memory(), memory()), () => {});
    await m.setToken('wrong-token-0123456789');
    expect(m.status).toBe('invalid');
    expect(m.isModerator).toBe(false);
    await m.setToken(null);
    expect(m.status).toBe('none');
  });

  it('shows the server message of a failed action and re-checks the role when refused', async () => {
    const { client, calls } = fakeUrql((name) =>
      name === 'PauseScene'
        ? { error: gqlError('UNAUTHENTICATED', 'A moderator token is required.') }
        : { data: { me: { role: 'VIEWER', clientId: null } } },
    );
    const m = new ModeratorStore(client, new Credentials(memory(), memory()), () => {});
    const problem = await m.pause('s1', '  break ');
    expect(problem?.code).toBe('UNAUTHENTICATED');
    expect(m.notice).toEqual({ ok: false, text: 'A moderator token is required.' });
    expect(calls[0]!.variables).toEqual({ input: { sceneId: 's1', reason: 'break' } });
    expect(calls.some((c) => c.name === 'Me')).toBe(true);
  });

  it('checks the panel inputs', () => {
    expect(paceProblem(0.25)).toBeNull();
    expect(paceProblem(8)).toBeNull();
    expect(paceProblem(9)).not.toBeNull();
    expect(paceProblem(0.1)).not.toBeNull();
    expect(narrationProblem('x')).toBeNull();
    expect(narrationProblem('  ')).not.toBeNull();
    expect(narrationProblem('x'.repeat(301))).not.toBeNull();
    expect(budgetProblem('')).toBeNull();
    expect(budgetProblem('5000')).toBeNull();
    expect(budgetProblem('-1')).not.toBeNull();
    expect(budgetProblem('1.5')).not.toBeNull();
  });
});

describe('errors', () => {
  it('keeps code, message and retry time', () => {
    const p = problemOf(gqlError('RATE_LIMITED', 'Too many changes.', { retryAfterMs: 4200 }));
    expect(p).toEqual({ code: 'RATE_LIMITED', message: 'Too many changes. Try again in 5 s.', retryAfterMs: 4200 });
    expect(problemOf(undefined)).toBeNull();
  });
});

const valid = (): ProposalDraft => ({
  name: 'Storm at the lighthouse',
  description: 'The keeper and a lost sailor wait out a storm.',
  proposer: 'Sam',
  room: '',
  characters: [
    { name: 'Keeper', colour: '#aa3300', persona: 'Gruff but kind old keeper.', appearance: '' },
    { name: 'Sailor', colour: '#3355ff', persona: 'Young sailor, chatty and scared.', appearance: 'wet coat' },
  ],
});

describe('proposal form', () => {
  it('accepts a good draft and builds a trimmed input', () => {
    expect(validateProposal(valid())).toEqual({});
    const input = toProposalInput({ ...valid(), name: '  Storm at the lighthouse  ' });
    expect(input.name).toBe('Storm at the lighthouse');
    expect('room' in input).toBe(false);
    expect(input.characters[0]).not.toHaveProperty('appearance');
    expect(input.characters[1]!.appearance).toBe('wet coat');
  });

  it('uses the server limits', () => {
    const d = valid();
    d.name = 'ab';
    d.description = 'too short';
    d.proposer = '';
    d.characters[0]!.colour = 'red';
    d.characters[1]!.name = 'keeper';
    d.characters[1]!.persona = 'short';
    d.characters[1]!.appearance = 'x'.repeat(201);
    expect(Object.keys(validateProposal(d)).sort()).toEqual(
      [
        'characters.0.colour',
        'characters.1.appearance',
        'characters.1.name',
        'characters.1.persona',
        'description',
        'name',
        'proposer',
      ].sort(),
    );
    expect(validateProposal({ ...valid(), characters: [valid().characters[0]!] }).characters).toBeDefined();
    const seven = Array.from({ length: 7 }, (_, i) => ({ ...valid().characters[0]!, name: `C${i}` }));
    expect(validateProposal({ ...valid(), characters: seven }).characters).toBeDefined();
    expect(validateProposal({ ...valid(), name: 'x'.repeat(61) }).name).toBeDefined();
    expect(Object.keys(validateProposal(emptyDraft())).length).toBeGreaterThan(0);
  });
});

describe('ProposalsStore', () => {
  const proposal = (score: number) => ({
    id: 'p1',
    name: 'P',
    description: 'd',
    proposer: 'x',
    room: 'r',
    score,
    status: 'PROPOSED',
    decisionReason: null,
    playedSceneId: null,
    createdAt: 0,
    characters: [],
    comments: [],
  });

  it('counts a vote and says "you already voted" on the second', async () => {
    let votes = 0;
    const { client } = fakeUrql((name) => {
      if (name === 'Proposals') return { data: { proposals: [proposal(0)] } };
      votes++;
      return votes === 1
        ? { data: { voteProposal: proposal(1) } }
        : { error: gqlError('FORBIDDEN', 'This client already voted on this proposal.') };
    });
    const s = new ProposalsStore(client);
    await s.load(null);
    await s.vote('p1', 1);
    expect(s.list[0]!.score).toBe(1);
    await s.vote('p1', 1);
    expect(s.notes.p1?.ok).toBe(false);
    expect(s.notes.p1?.text).toContain('already voted this way');
    expect(s.list[0]!.score).toBe(1);
  });

  it('says a vote changed, and merges proposals pushed live (new first by score)', async () => {
    const { client } = fakeUrql((name) => {
      if (name === 'Proposals') return { data: { proposals: [{ ...proposal(2), myVote: 1 }] } };
      return { data: { voteProposal: { ...proposal(0), myVote: -1 } } };
    });
    const s = new ProposalsStore(client);
    await s.load(null);
    await s.vote('p1', -1);
    expect(s.notes.p1).toEqual({ ok: true, text: 'Vote changed.' });
    expect(s.list[0]!.score).toBe(0);
    s.receive({ ...proposal(3), id: 'p2', name: 'New', myVote: null } as Parameters<typeof s.receive>[0]);
    expect(s.list.map((p) => p.id)).toEqual(['p2', 'p1']);
    s.receive({ ...proposal(5), myVote: null } as Parameters<typeof s.receive>[0]);
    expect(s.list.map((p) => [p.id, p.score])).toEqual([
      ['p1', 5],
      ['p2', 3],
    ]);
  });

  it("returns the server's BAD_INPUT message and stores nothing", async () => {
    const { client } = fakeUrql(() => ({ error: gqlError('BAD_INPUT', 'characters[0].colour must be #rrggbb') }));
    const s = new ProposalsStore(client);
    const problem = await s.propose(valid());
    expect(problem).toEqual({ code: 'BAD_INPUT', message: 'characters[0].colour must be #rrggbb' });
    expect(s.list).toEqual([]);
  });
});
