import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireError } from '../support/hardening.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const TOKEN = 'moderator-token-for-proxy-tests';
const NARRATE = 'mutation($id: ID!) { injectNarration(input: { sceneId: $id, text: "Rain." }) { id } }';
const PROPOSE = 'mutation($input: ProposeSceneInput!) { proposeScene(input: $input) { id } }';
const VOTE = 'mutation($id: ID!) { voteProposal(input: { proposalId: $id, value: 1 }) { score } }';
const VOTE_DOWN = 'mutation($id: ID!) { voteProposal(input: { proposalId: $id, value: -1 }) { score } }';
const SCENES = '{ scenes { id } }';

type Reply = { data?: Record<string, unknown> | null; errors?: WireError[] };

async function post(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Reply> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Reply;
}

/** A fresh forged left-most hop and a fresh client id for every request: the attack the limit must survive. */
const forged = (i: number, realClient: string) => ({
  'x-forwarded-for': `198.51.100.${i % 250}, 10.${i % 250}.0.1, ${realClient}`,
  'x-client-id': `rotating-client-${String(i).padStart(4, '0')}`,
});

describe('TRUST_PROXY=2: the client is two hops from the right of X-Forwarded-For', () => {
  let server: TestServer;
  let sceneId: string;

  beforeAll(async () => {
    server = await startTestServer({
      MODERATOR_TOKENS: TOKEN,
      TRUST_PROXY: '2',
      MUTATION_RATE_MAX: '100',
      MUTATION_RATE_IP_MAX: '3',
      MUTATION_RATE_WINDOW_MS: '600000',
      RUN_WITHOUT_VIEWERS: 'true',
    });
    sceneId = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[0]!.id;
  });
  afterAll(() => server?.stop());

  it('forged left-most entries plus a new x-client-id each time cannot pass the per-address mutation limit', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    // Through two proxies the chain is "<whatever the client sent>, <client>, <proxy 1>": the client is 203.0.113.9.
    const replies: Reply[] = [];
    for (let i = 0; i < 8; i++) {
      const headers = { ...auth, ...forged(i, '203.0.113.9, 192.0.2.1') };
      replies.push(await post(server, NARRATE, { id: sceneId }, headers));
    }
    const codes = replies.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(replies[3]!.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(0);
    // Another real client behind the same proxies has its own allowance.
    const other = await post(server, NARRATE, { id: sceneId }, { ...auth, ...forged(99, '203.0.113.10, 192.0.2.1') });
    expect(other.errors).toBeUndefined();
  });
});

describe('TRUST_PROXY=true means one hop', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      TRUST_PROXY: 'true',
      MUTATION_RATE_MAX: '1000',
      MUTATION_RATE_IP_MAX: '1000',
      RUN_WITHOUT_VIEWERS: 'true',
    });
  });
  afterAll(() => server?.stop());

  it('the proposal vote limit per address (60 an hour) holds against rotating client ids and forged hops', async () => {
    const proposal = await post(
      server,
      PROPOSE,
      {
        input: {
          name: 'Ballot Box',
          description: 'Two clerks count the votes.',
          proposer: 'sam',
          characters: [
            { name: 'Ada', colour: '#4477aa', persona: 'Ada counts carefully.', appearance: 'tidy' },
            { name: 'Ben', colour: '#aa7744', persona: 'Ben counts quickly.', appearance: 'messy' },
          ],
        },
      },
      {},
    );
    const id = (proposal.data!.proposeScene as { id: string }).id;
    // One identity changing its vote back and forth: every change counts against the address.
    const session = await post(server, 'mutation { startViewerSession { token } }', {}, forged(1000, '203.0.113.50'));
    const viewer = { 'x-viewer-token': (session.data!.startViewerSession as { token: string }).token };
    const codes: string[] = [];
    for (let i = 0; i < 62; i++) {
      const reply = await post(server, i % 2 ? VOTE_DOWN : VOTE, { id }, { ...forged(i, '203.0.113.50'), ...viewer });
      codes.push(reply.errors?.[0]?.extensions?.code ?? 'OK');
    }
    expect(codes.slice(0, 60).every((c) => c === 'OK')).toBe(true);
    expect(codes.slice(60)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('ignores a malformed hop the proxy did not write and never fails the request', async () => {
    const reply = await post(server, SCENES, {}, { 'x-forwarded-for': 'not-an-address, ,,, <script>' });
    expect(reply.errors).toBeUndefined();
  });
});
