import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity, ProposalEntity, ProposalVoteEntity, SceneEntity } from '../../src/adapters/db/entities.js';
import { waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const TOKEN = 'moderator-token-for-tests-0123456789';

describe('moderation over GraphQL', () => {
  let server: TestServer;
  let sceneId: string;
  const em = () => server.container.orm.em.fork();
  const post = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const asMod = (query: string, variables: Record<string, unknown> = {}) => post(query, variables, { authorization: `Bearer ${TOKEN}` });
  const snapshot = async () => ({
    scenes: (await em().find(SceneEntity, {}, { orderBy: { id: 'asc' } })).map((s) => [
      s.id,
      s.status,
      s.epoch,
      s.pace,
      s.lastSeq,
      s.tokenBudgetPerHour,
      s.pendingNarration,
    ]),
    hidden: await em().count(MessageEntity, { hidden: true }),
    proposals: (await em().find(ProposalEntity, {}, { orderBy: { id: 'asc' } })).map((p) => [p.id, p.status, p.score]),
    votes: await em().count(ProposalVoteEntity, {}),
  });

  beforeAll(async () => {
    server = await startTestServer({ MODERATOR_TOKENS: TOKEN, RUN_WITHOUT_VIEWERS: 'true' });
    const res = await post('{ scenes { id slug } }');
    sceneId = res.data!.scenes.find((s: { slug: string }) => s.slug === 'lost-luggage').id;
    await waitFor(async () => (await em().count(MessageEntity, { sceneId })) >= 2);
  });
  afterAll(() => server.stop());

  const mutations = (id: string, messageId: string, proposalId: string): [string, string][] => [
    ['pauseScene', `mutation { pauseScene(input: { sceneId: "${id}" }) { id } }`],
    ['resumeScene', `mutation { resumeScene(input: { sceneId: "${id}" }) { id } }`],
    ['resetScene', `mutation { resetScene(input: { sceneId: "${id}" }) { id } }`],
    ['endScene', `mutation { endScene(input: { sceneId: "${id}" }) { id } }`],
    ['startNextScene', `mutation { startNextScene(input: { sceneId: "${id}" }) { id } }`],
    ['setScenePace', `mutation { setScenePace(input: { sceneId: "${id}", pace: 2 }) { id } }`],
    ['setSceneBudget', `mutation { setSceneBudget(input: { sceneId: "${id}", tokensPerHour: 10 }) { id } }`],
    ['injectNarration', `mutation { injectNarration(input: { sceneId: "${id}", text: "A bell rings." }) { id } }`],
    ['hideMessage', `mutation { hideMessage(input: { messageId: "${messageId}", reason: "spam" }) { id } }`],
    ['approveProposal', `mutation { approveProposal(input: { proposalId: "${proposalId}" }) { id } }`],
    ['rejectProposal', `mutation { rejectProposal(input: { proposalId: "${proposalId}" }) { id } }`],
  ];

  it('tells a client its role', async () => {
    expect((await post('{ me { role } }')).data!.me.role).toBe('VIEWER');
    expect((await asMod('{ me { role } }')).data!.me.role).toBe('MODERATOR');
    expect((await post('{ me { role } }', {}, { authorization: 'Bearer wrong-token-wrong-token' })).data!.me.role).toBe('VIEWER');
  });

  it('refuses every moderator mutation without a token or with a wrong one, changing nothing', async () => {
    const message = await em().findOneOrFail(MessageEntity, { sceneId }, { orderBy: { id: 'asc' } });
    const proposal = await post(
      `mutation { proposeScene(input: { name: "Tea time", description: "Two friends share tea.", proposer: "ann",
        characters: [{ name: "Ann", colour: "#aa3344", persona: "A kind gardener." }, { name: "Bo", colour: "#3344aa", persona: "A grumpy baker." }] }) { id } }`,
    );
    const proposalId = proposal.data!.proposeScene.id as string;
    await server.container.queue.stop(); // freeze the loop so the snapshot is stable
    const before = await snapshot();
    for (const [name, query] of mutations(sceneId, String(message.id), proposalId)) {
      const anonymous = await post(query);
      expect(anonymous.errors?.[0]?.extensions?.code, name).toBe('UNAUTHENTICATED');
      const wrong = await post(query, {}, { authorization: 'Bearer not-a-real-moderator-token' });
      expect(wrong.errors?.[0]?.extensions?.code, name).toBe('UNAUTHENTICATED');
      expect(wrong.errors?.[0]?.message).toMatch(/not valid/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown id on every mutation, changing nothing', async () => {
    const before = await snapshot();
    for (const [name, query] of mutations('no-such-scene', '999999', 'no-such-proposal')) {
      const res = await asMod(query);
      expect(res.errors?.[0]?.extensions?.code, name).toBe('NOT_FOUND');
    }
    for (const query of [
      'mutation { voteProposal(input: { proposalId: "nope", value: 1 }) { id } }',
      'mutation { commentProposal(input: { proposalId: "nope", author: "a", text: "hi" }) { id } }',
    ]) {
      const viewer = (await post('mutation { startViewerSession { token } }')).data!.startViewerSession.token as string;
      const res = await post(query, {}, { 'x-client-id': 'client-aaaaaaaa', 'x-viewer-token': viewer });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await snapshot()).toEqual(before);
  });
});
