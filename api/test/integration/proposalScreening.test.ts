import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProposalCommentEntity, ProposalEntity } from '../../src/adapters/db/entities.js';
import { apiError, moderationHandler, startFakeOpenAi, type FakeOpenAi } from '../support/fakeOpenAi.js';
import { captureLogs } from '../support/logCapture.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const PROPOSE = /* GraphQL */ `
  mutation ($input: ProposeSceneInput!) {
    proposeScene(input: $input) {
      id
    }
  }
`;
const COMMENT = /* GraphQL */ `
  mutation ($input: CommentProposalInput!) {
    commentProposal(input: $input) {
      id
    }
  }
`;
const character = (name: string, persona = `${name} is a careful clockmaker.`) => ({
  name,
  colour: '#4477aa',
  persona,
  appearance: 'tidy',
});
const valid = () => ({
  name: 'The Clock Shop',
  description: 'Two clockmakers argue about time.',
  proposer: 'sam',
  characters: [character('Ada'), character('Ben')],
});

interface Reply {
  data?: Record<string, { id: string } | null> | null;
  errors?: { message: string; extensions?: { code?: string; reasons?: { field: string; reasons: string[] }[]; retryable?: boolean } }[];
}

describe('screening proposal input', () => {
  let server: TestServer;
  const logs = captureLogs();
  const em = () => server.container.orm.em.fork();
  const gql = (query: string, input: Record<string, unknown>) => server.gql(query, { input }) as Promise<Reply>;

  beforeAll(async () => {
    server = await startTestServer({ MODERATION_TERMS: 'tomato' }, { logger: logs.logger });
  });
  afterAll(() => server.stop());

  it('refuses a proposal with a flagged persona with FLAGGED naming the field, and stores nothing', async () => {
    const input = { ...valid(), characters: [character('Ada'), character('Ben', 'Ben swears: what the fuck, every hour.')] };
    const res = await gql(PROPOSE, input);
    const error = res.errors?.[0];
    expect(error?.extensions?.code).toBe('FLAGGED');
    expect(error?.extensions?.reasons).toEqual([{ field: 'characters.1.persona', reasons: ['profanity'] }]);
    expect(error?.extensions?.retryable).toBe(false);
    expect(JSON.stringify(res)).not.toContain('swears');
    expect(await em().count(ProposalEntity, {})).toBe(0);
  });

  it("flags the operator's term in any field, plural or leetspeak, without telling the client the term", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['name', { ...valid(), name: 'Tomatoes at dawn' }],
      ['description', { ...valid(), description: 'Two clockmakers argue about a t0mato.' }],
      ['proposer', { ...valid(), proposer: 'Tomato' }],
      ['characters.0.name', { ...valid(), characters: [character('Tomato', 'A careful clockmaker.'), character('Ben')] }],
      ['characters.1.appearance', { ...valid(), characters: [character('Ada'), { ...character('Ben'), appearance: 'TOMATOES!' }] }],
    ];
    for (const [field, input] of cases) {
      const res = await gql(PROPOSE, input);
      expect(res.errors?.[0]?.extensions?.code, field).toBe('FLAGGED');
      expect(res.errors?.[0]?.extensions?.reasons, field).toEqual([{ field, reasons: ['term'] }]);
      expect(JSON.stringify(res), field).not.toMatch(/tomato/i);
    }
    expect(await em().count(ProposalEntity, {})).toBe(0);
  });

  it('refuses a flagged comment or author and stores no comment; clean input passes', async () => {
    const { data } = await gql(PROPOSE, valid());
    const proposalId = data!.proposeScene!.id;
    const text = await gql(COMMENT, { proposalId, author: 'kim', text: 'This is shit.' });
    expect(text.errors?.[0]?.extensions).toMatchObject({ code: 'FLAGGED', reasons: [{ field: 'text', reasons: ['profanity'] }] });
    const author = await gql(COMMENT, { proposalId, author: 't0mato', text: 'Lovely idea.' });
    expect(author.errors?.[0]?.extensions).toMatchObject({ code: 'FLAGGED', reasons: [{ field: 'author', reasons: ['term'] }] });
    expect(await em().count(ProposalCommentEntity, {})).toBe(0);
    expect((await gql(COMMENT, { proposalId, author: 'kim', text: 'Lovely idea.' })).errors).toBeUndefined();
    expect(await em().count(ProposalCommentEntity, {})).toBe(1);
  });

  it('logs a refusal at info with fields and reasons, never at error and never the text', () => {
    expect(logs.lines.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
    const refusals = logs.lines.filter((l) => l.msg === 'input refused by the screen');
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((l) => l.level === 30)).toBe(true);
    expect(logs.text()).not.toContain('swears');
    expect(logs.text()).not.toContain('Tomatoes at dawn');
  });
});

describe('screening proposal input with OpenAI moderation', () => {
  let fake: FakeOpenAi;
  let down: boolean;
  let server: TestServer;
  const em = () => server.container.orm.em.fork();
  const gql = (query: string, input: Record<string, unknown>) => server.gql(query, { input }) as Promise<Reply>;

  beforeAll(async () => {
    down = false;
    const flags = moderationHandler((text) => (/menace/i.test(text) ? ['harassment'] : []));
    fake = await startFakeOpenAi((request, index) => (down ? apiError(500, 'moderation is down') : flags(request, index)));
    server = await startTestServer({ MODERATION_PROVIDER: 'openai', OPENAI_BASE_URL: fake.url, MODERATION_TIMEOUT_MS: '2000' });
  });
  afterAll(async () => {
    await server.stop();
    await fake.close();
  });

  it('refuses what OpenAI flags with its category, and fails closed (retryable) when it is down', async () => {
    const flagged = await gql(PROPOSE, { ...valid(), description: 'A menace to every clock in town.' });
    expect(flagged.errors?.[0]?.extensions).toMatchObject({
      code: 'FLAGGED',
      reasons: [{ field: 'description', reasons: ['openai:harassment'] }],
      retryable: false,
    });
    down = true;
    const held = await gql(COMMENT, { proposalId: 'no-such-proposal', author: 'kim', text: 'Lovely idea.' });
    expect(held.errors?.[0]?.extensions).toMatchObject({
      code: 'FLAGGED',
      reasons: [
        { field: 'author', reasons: ['screen-unavailable'] },
        { field: 'text', reasons: ['screen-unavailable'] },
      ],
      retryable: true,
    });
    const proposal = await gql(PROPOSE, valid());
    expect(proposal.errors?.[0]?.extensions).toMatchObject({ code: 'FLAGGED', retryable: true });
    expect(await em().count(ProposalEntity, {})).toBe(0);
    down = false;
    expect((await gql(PROPOSE, valid())).errors).toBeUndefined();
    expect(fake.requests.every((r) => r.path === '/v1/moderations')).toBe(true);
  });
});
