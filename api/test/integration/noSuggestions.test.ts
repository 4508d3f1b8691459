import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsRun, type WireError } from '../support/hardening.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Typos that graphql-js answers with the schema's own names: a field, a mutation, a type, an
 * argument, an enum literal, an enum value in variables, an input field in variables.
 */
const TYPOS: { name: string; query: string; variables?: Record<string, unknown>; leak: string }[] = [
  { name: 'field', query: '{ apiKey { id } }', leak: 'apiKeys' },
  { name: 'mutation', query: 'mutation { createApiKy { id } }', leak: 'createApiKey' },
  { name: 'type', query: 'query($k: ApiKy) { scenes { id } }', leak: 'ApiKey' },
  { name: 'argument', query: '{ apiKeys(includeRevokd: true) { id } }', leak: 'includeRevoked' },
  { name: 'enum literal', query: '{ proposals(status: PROPOSD) { id } }', leak: 'PROPOSED' },
  {
    name: 'enum in variables',
    query: 'query($s: ProposalStatus) { proposals(status: $s) { id } }',
    variables: { s: 'PROPOSD' },
    leak: 'PROPOSED',
  },
  {
    name: 'input field in variables',
    query: 'mutation($i: VoteProposalInput!) { voteProposal(input: $i) { id } }',
    variables: { i: { proposalId: 'p', value: 1, proposalI: 'q' } },
    leak: '"proposalId"',
  },
];

const messages = (errors: readonly WireError[] | undefined) => (errors ?? []).map((e) => e.message).join('\n');

async function overHttp(server: TestServer, query: string, variables?: Record<string, unknown>): Promise<string> {
  return messages((await server.gql(query, variables)).errors);
}

async function overWs(server: TestServer, query: string, variables?: Record<string, unknown>): Promise<string> {
  return messages((await wsRun(server.wsClient(), query, variables)).errors);
}

describe('"Did you mean" suggestions', () => {
  let production: TestServer;
  let development: TestServer;

  beforeAll(async () => {
    [production, development] = await Promise.all([
      startTestServer({ NODE_ENV: 'production' }),
      startTestServer({ NODE_ENV: 'development' }),
    ]);
  });
  afterAll(async () => {
    await production?.stop();
    await development?.stop();
  });

  it.each(TYPOS)('production: none for a mistyped $name, over HTTP and graphql-ws', async ({ query, variables, leak }) => {
    for (const text of [await overHttp(production, query, variables), await overWs(production, query, variables)]) {
      // Still an error that says what is wrong, only without the schema's names.
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/did you mean/i);
      expect(text).not.toContain(leak);
    }
  });

  it('development (introspection on) keeps them: the same typos are answered with the names', async () => {
    for (const { query, variables, leak } of TYPOS) {
      expect(await overHttp(development, query, variables), query).toContain(leak);
      expect(await overWs(development, query, variables), query).toContain(leak);
    }
  });

  it('INTROSPECTION=false outside production hides them as well', async () => {
    const server = await startTestServer({ NODE_ENV: 'development', INTROSPECTION: 'false' });
    try {
      expect(await overHttp(server, '{ apiKey { id } }')).not.toMatch(/did you mean/i);
      expect(await overWs(server, '{ apiKey { id } }')).not.toMatch(/did you mean/i);
    } finally {
      await server.stop();
    }
  });
});
