import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProposalCommentEntity, ProposalEntity, ProposalVoteEntity, SceneEntity } from '../../src/adapters/db/entities.js';
import { collect, waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const TOKEN = 'moderator-token-for-tests-0123456789';
const PROPOSE = /* GraphQL */ `
  mutation ($input: ProposeSceneInput!) {
    proposeScene(input: $input) {
      id
      status
      score
      characters {
        name
        colour
      }
    }
  }
`;
const character = (name: string, colour = '#4477aa') => ({ name, colour, persona: `${name} is a careful clockmaker.`, appearance: 'tidy' });
const valid = () => ({
  name: 'The Clock Shop',
  description: 'Two clockmakers argue about time.',
  proposer: 'sam',
  characters: [character('Ada'), character('Ben', '#aa7744')],
});

describe('proposals', () => {
  let server: TestServer;
  const em = () => server.container.orm.em.fork();
  const post = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  /** A viewer session's headers, one per name (a vote needs an identity the server issued). */
  const sessions = new Map<string, Record<string, string>>();
  const asClient = async (name: string) => {
    if (!sessions.has(name)) {
      const started = await post('mutation { startViewerSession { token } }');
      sessions.set(name, { 'x-viewer-token': started.data!.startViewerSession.token });
    }
    return sessions.get(name)!;
  };

  beforeAll(async () => {
    server = await startTestServer({ MODERATOR_TOKENS: TOKEN, RUN_WITHOUT_VIEWERS: 'true' });
  });
  afterAll(() => server.stop());

  it('refuses bad proposals with BAD_INPUT and stores nothing', async () => {
    const bad: [string, Record<string, unknown>][] = [
      ['one character', { ...valid(), characters: [character('Ada')] }],
      ['seven characters', { ...valid(), characters: 'ABCDEFG'.split('').map((c) => character(`Char ${c}`)) }],
      ['bad colour', { ...valid(), characters: [character('Ada', 'red'), character('Ben')] }],
      ['colour too long', { ...valid(), characters: [character('Ada', '#1234567'), character('Ben')] }],
      ['empty name', { ...valid(), name: '   ' }],
      ['oversize description', { ...valid(), description: 'x'.repeat(501) }],
      ['oversize persona', { ...valid(), characters: [{ ...character('Ada'), persona: 'y'.repeat(501) }, character('Ben')] }],
      ['same names', { ...valid(), characters: [character('Ada'), character('ada')] }],
      ['unknown room', { ...valid(), room: 'moon-base' }],
      ['control characters', { ...valid(), name: 'Bad\u0007Name' }],
    ];
    for (const [what, input] of bad) {
      const res = await post(PROPOSE, { input });
      expect(res.errors?.[0]?.extensions?.code, what).toBe('BAD_INPUT');
    }
    expect(await em().count(ProposalEntity, {})).toBe(0);
  });

  it('counts one vote per viewer identity on the server', async () => {
    const { id } = (await post(PROPOSE, { input: valid() })).data!.proposeScene;
    const vote = (client: Record<string, string>, value: number) =>
      post('mutation($id: ID!, $v: Int!) { voteProposal(input: { proposalId: $id, value: $v }) { score } }', { id, v: value }, client);
    expect((await vote(await asClient('client-one-1234'), 1)).data!.voteProposal.score).toBe(1);
    const again = await vote(await asClient('client-one-1234'), 1);
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A client may change its mind: the vote flips and the score moves by two, once.
    expect((await vote(await asClient('client-one-1234'), -1)).data!.voteProposal.score).toBe(-1);
    expect((await vote(await asClient('client-one-1234'), -1)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await vote(await asClient('client-one-1234'), 1)).data!.voteProposal.score).toBe(1);
    expect((await vote(await asClient('client-two-1234'), 1)).data!.voteProposal.score).toBe(2);
    expect((await vote({}, 1)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'VIEWER_SESSION' });
    expect((await vote(await asClient('client-three-1234'), 5)).errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect((await em().findOneOrFail(ProposalEntity, { id })).score).toBe(2);
    const mine = (client: Record<string, string>) => post('query { proposals { id myVote } }', {}, client);
    expect((await mine(await asClient('client-one-1234'))).data!.proposals.find((p: { id: string }) => p.id === id).myVote).toBe(1);
    expect((await mine(await asClient('client-new-1234'))).data!.proposals.find((p: { id: string }) => p.id === id).myVote).toBeNull();
    expect((await mine({})).data!.proposals.find((p: { id: string }) => p.id === id).myVote).toBeNull();
    expect(await em().count(ProposalVoteEntity, { proposalId: id })).toBe(2);

    const commented = await post(
      'mutation($id: ID!) { commentProposal(input: { proposalId: $id, author: "kim", text: "Yes please!" }) { comments { author text } } }',
      { id },
    );
    expect(commented.data!.commentProposal.comments).toEqual([{ author: 'kim', text: 'Yes please!' }]);
    const tooLong = await post(
      'mutation($id: ID!, $t: String!) { commentProposal(input: { proposalId: $id, author: "kim", text: $t }) { id } }',
      { id, t: 'z'.repeat(301) },
    );
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(await em().count(ProposalCommentEntity, { proposalId: id })).toBe(1);
  });

  it('turns a double submit into one proposal', async () => {
    const twice = { ...valid(), name: 'The Double Click' };
    const [a, b] = await Promise.all([post(PROPOSE, { input: twice }), post(PROPOSE, { input: twice })]);
    const again = await post(PROPOSE, { input: twice });
    const ids = new Set([a, b, again].map((r) => r.data!.proposeScene.id));
    // Two racing inserts may both pass the check; a later submit always finds the first.
    expect(ids.size).toBeLessThanOrEqual(2);
    expect([a.data!.proposeScene.id, b.data!.proposeScene.id]).toContain(again.data!.proposeScene.id);
    const sequential = { ...valid(), name: 'The Second Click' };
    const first = (await post(PROPOSE, { input: sequential })).data!.proposeScene.id;
    const second = (await post(PROPOSE, { input: sequential })).data!.proposeScene.id;
    expect(second).toBe(first);
    expect(await em().count(ProposalEntity, { name: 'The Second Click' })).toBe(1);
    // Another proposer with the same title is a different proposal.
    const other = (await post(PROPOSE, { input: { ...sequential, proposer: 'kim' } })).data!.proposeScene.id;
    expect(other).not.toBe(first);
  });

  it('streams new proposals and votes to every subscriber', async () => {
    const client = server.wsClient();
    const watching = collect<{ proposalChanged: { name: string; score: number } | null }>(
      client,
      'subscription { proposalChanged { name score } }',
      {},
      (items) => items.some((i) => i.proposalChanged?.name === 'The Live Feed' && i.proposalChanged.score === 1),
      10_000,
    );
    await new Promise((r) => setTimeout(r, 200)); // let the subscription start
    const { id } = (await post(PROPOSE, { input: { ...valid(), name: 'The Live Feed' } })).data!.proposeScene;
    await post(
      'mutation($id: ID!) { voteProposal(input: { proposalId: $id, value: 1 }) { score } }',
      { id },
      await asClient('client-live-1234'),
    );
    const { items, errors } = await watching;
    expect(errors).toEqual([]);
    expect(items.map((i) => [i.proposalChanged?.name, i.proposalChanged?.score])).toEqual([
      ['The Live Feed', 0],
      ['The Live Feed', 1],
    ]);
  });

  it('plays the most-voted approved proposal as the next scene, with its own characters', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const { id } = (await post('{ proposals(status: PROPOSED) { id } }')).data!.proposals[0];
    const approved = await post(
      'mutation($id: ID!) { approveProposal(input: { proposalId: $id, reason: "lovely" }) { status } }',
      { id },
      auth,
    );
    expect(approved.data!.approveProposal.status).toBe('APPROVED');
    const approveRejected = await post('mutation($id: ID!) { rejectProposal(input: { proposalId: $id }) { status } }', { id }, auth);
    expect(approveRejected.data!.rejectProposal.status).toBe('REJECTED');
    await post('mutation($id: ID!) { approveProposal(input: { proposalId: $id }) { status } }', { id }, auth).then((r) =>
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN'),
    );
    // A second proposal, approved: it is the one that plays.
    const second = (
      await post(PROPOSE, {
        input: { ...valid(), name: 'The Bakery at Dawn', characters: [character('Cleo'), character('Dov'), character('Eve')] },
      })
    ).data!.proposeScene;
    await post('mutation($id: ID!) { approveProposal(input: { proposalId: $id }) { status } }', { id: second.id }, auth);

    const shop = await em().findOneOrFail(SceneEntity, { slug: 'ice-cream-shop' });
    await post('mutation($id: ID!) { endScene(input: { sceneId: $id }) { status } }', { id: shop.id }, auth);
    const next = await post(
      'mutation($id: ID!) { startNextScene(input: { sceneId: $id }) { status successorSceneId } }',
      { id: shop.id },
      auth,
    );
    const successor = next.data!.startNextScene.successorSceneId as string;
    expect(successor).toBeTruthy();
    const scene = await post('query($id: ID!) { scene(id: $id) { name status builtIn characters { name colour } } }', { id: successor });
    expect(scene.data!.scene).toMatchObject({ name: 'The Bakery at Dawn', status: 'RUNNING', builtIn: false });
    expect(scene.data!.scene.characters.map((c: { name: string }) => c.name)).toEqual(['Cleo', 'Dov', 'Eve']);
    expect((await em().findOneOrFail(ProposalEntity, { id: second.id })).status).toBe('PLAYED');
    await waitFor(async () => (await em().findOneOrFail(SceneEntity, { id: successor })).nextTurn > 2);
    // The ended scene is finished for good: it does not restart, even after its cooldown (1.2 s here).
    await new Promise((r) => setTimeout(r, 1500));
    expect((await em().findOneOrFail(SceneEntity, { id: shop.id })).status).toBe('ENDED');
  });
});
