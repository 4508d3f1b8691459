import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharacterEntity, ModerationActionEntity, ProposalEntity, SceneEntity } from '../../src/adapters/db/entities.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const TOKEN = 'moderator-token-for-tests-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const PROPOSE = 'mutation ($input: ProposeSceneInput!) { proposeScene(input: $input) { id characters { name model temperature } } }';
const APPROVE =
  'mutation ($input: ProposalDecisionInput!) { approveProposal(input: $input) { status characters { name model temperature } } }';
const character = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  colour: '#4477aa',
  persona: `${name} is a careful clockmaker.`,
  ...extra,
});
const proposal = (name: string, a: Record<string, unknown> = {}, b: Record<string, unknown> = {}) => ({
  name,
  description: 'Two clockmakers argue about time.',
  proposer: 'sam',
  characters: [character('Ada', a), character('Ben', b)],
});

type Reply = { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string; problems?: string[] } }[] };
async function post(server: TestServer, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Reply;
}

describe('proposal models: the operator decides what it pays for', () => {
  describe('with the defaults (PROPOSAL_MODELS empty)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ MODERATOR_TOKENS: TOKEN });
    });
    afterAll(() => server.stop());

    it('refuses any model and a temperature out of 0..1.2, saying what is allowed, and stores nothing', async () => {
      const res = await post(server, PROPOSE, { input: proposal('Costly Clocks', { model: 'gpt-4-32k', temperature: 2 }) });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
      expect(res.errors?.[0]?.extensions?.problems).toEqual([
        'characters.0.model: proposals cannot choose a model on this server; leave it out and gpt-4o-mini is used',
        'characters.0.temperature: must be between 0 and 1.2, or left out for the default',
      ]);
      expect(await server.container.orm.em.fork().count(ProposalEntity, {})).toBe(0);
      const ok = await post(server, PROPOSE, { input: proposal('Modest Clocks', { temperature: 0.4 }) });
      expect(ok.data!.proposeScene.characters[0]).toEqual({ name: 'Ada', model: null, temperature: 0.4 });
    });
  });

  describe('with an allow-list and a tighter range', () => {
    let server: TestServer;
    const em = () => server.container.orm.em.fork();
    beforeAll(async () => {
      server = await startTestServer({
        MODERATOR_TOKENS: TOKEN,
        LLM_MODEL: 'house-model',
        PROPOSAL_MODELS: 'small-model,local:8b',
        PROPOSAL_TEMPERATURE_MAX: '1',
        RUN_WITHOUT_VIEWERS: 'false',
      });
    });
    afterAll(() => server.stop());

    it('accepts listed models and refuses others, naming the list', async () => {
      const bad = await post(server, PROPOSE, { input: proposal('Listed Clocks', { model: 'house-model' }, { temperature: 1.1 }) });
      expect(bad.errors?.[0]?.extensions?.problems).toEqual([
        'characters.0.model: must be one of small-model, local:8b, or left out for the default (house-model)',
        'characters.1.temperature: must be between 0 and 1, or left out for the default',
      ]);
      const ok = await post(server, PROPOSE, { input: proposal('Listed Clocks', { model: 'local:8b', temperature: 1 }) });
      expect(ok.data!.proposeScene.characters[0]).toEqual({ name: 'Ada', model: 'local:8b', temperature: 1 });
    });

    it('lets a moderator change model and temperature when approving, within the rules, and logs it', async () => {
      const { id } = (await post(server, PROPOSE, { input: proposal('Approved Clocks', { model: 'small-model', temperature: 0.9 }) })).data!
        .proposeScene;
      const refused = await post(
        server,
        APPROVE,
        {
          input: {
            proposalId: id,
            characters: [
              { name: 'Zed', model: 'gpt-4-32k' },
              { name: 'Ben', temperature: 1.5 },
            ],
          },
        },
        auth,
      );
      expect(refused.errors?.[0]?.extensions?.problems).toEqual([
        'characters.0.name: no character of this proposal is called "Zed"',
        'characters.0.model: must be one of small-model, local:8b, house-model, or left out for the default (house-model)',
        'characters.1.temperature: must be between 0 and 1, or left out for the default',
      ]);
      expect((await em().findOneOrFail(ProposalEntity, { id })).status).toBe('PROPOSED');
      const anonymous = await post(server, APPROVE, { input: { proposalId: id, characters: [{ name: 'Ada', model: null }] } });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

      const approved = await post(
        server,
        APPROVE,
        {
          input: {
            proposalId: id,
            characters: [
              { name: 'ada', model: null, temperature: 0.3 },
              { name: 'Ben', model: 'house-model' },
            ],
          },
        },
        auth,
      );
      expect(approved.data!.approveProposal).toEqual({
        status: 'APPROVED',
        characters: [
          { name: 'Ada', model: null, temperature: 0.3 },
          { name: 'Ben', model: 'house-model', temperature: null },
        ],
      });
      // Approving again changes the settings of an approved proposal.
      const again = await post(server, APPROVE, { input: { proposalId: id, characters: [{ name: 'Ben', temperature: 0.2 }] } }, auth);
      expect(again.data!.approveProposal.characters[1]).toEqual({ name: 'Ben', model: 'house-model', temperature: 0.2 });
      const rejectWith = await post(
        server,
        'mutation ($input: ProposalDecisionInput!) { rejectProposal(input: $input) { status } }',
        { input: { proposalId: id, characters: [{ name: 'Ben', temperature: 0.2 }] } },
        auth,
      );
      expect(rejectWith.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
      const log = await em().find(ModerationActionEntity, { proposalId: id }, { orderBy: { id: 'asc' } });
      expect(log.map((l) => l.detail)).toEqual(['ada: model default, temperature 0.3; Ben: model house-model', 'Ben: temperature 0.2']);
    });

    it('plays a proposal stored under older rules with the current ones: default model, clamped temperature', async () => {
      const id = randomUUID();
      await em().insert(ProposalEntity, {
        id,
        name: 'Stored Long Ago',
        description: 'Stored before the operator had rules.',
        proposer: 'sam',
        room: 'ice-cream-shop',
        characters: [
          { ...character('Old'), appearance: '', model: 'gpt-4-32k', temperature: 2 },
          { ...character('Older'), appearance: '', model: 'local:8b', temperature: 0.5 },
        ],
        status: 'APPROVED',
        score: 99,
        playedSceneId: null,
        decisionReason: null,
        createdAt: Date.now(),
      });
      const shop = await em().findOneOrFail(SceneEntity, { slug: 'ice-cream-shop' });
      await post(server, 'mutation($id: ID!) { endScene(input: { sceneId: $id }) { status } }', { id: shop.id }, auth);
      const next = await post(
        server,
        'mutation($id: ID!) { startNextScene(input: { sceneId: $id }) { successorSceneId } }',
        { id: shop.id },
        auth,
      );
      const sceneId = next.data!.startNextScene.successorSceneId as string;
      expect((await em().findOneOrFail(ProposalEntity, { id })).playedSceneId).toBe(sceneId);
      const characters = await em().find(CharacterEntity, { sceneId }, { orderBy: { name: 'asc' } });
      expect(characters.map((c) => [c.name, c.model, c.temperature])).toEqual([
        ['Old', null, 1],
        ['Older', 'local:8b', 0.5],
      ]);
    });
  });
});
