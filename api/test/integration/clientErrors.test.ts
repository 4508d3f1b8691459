import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { captureLogs } from '../support/logCapture.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Issue 20, part 2: every client mistake is a client error with a code, never a masked
 * INTERNAL_SERVER_ERROR, never an error-level log line, and no log line repeats a large value.
 */
const TOKEN = 'client-errors-moderator-token-0123456789';
const MOD = { authorization: `Bearer ${TOKEN}` };
type Result = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

const USAGE =
  'query ($since: Timestamp!, $until: Timestamp!) { usage(bucket: MINUTE, since: $since, until: $until) { buckets { start turns } } }';
const STATS = 'query ($since: Timestamp!, $until: Timestamp!) { characterStats(since: $since, until: $until) { name lines } }';
const BAD_IDS = ['a\u0000b', '\u0000', 'a\ud800b', '\udfff', "x' or '1'='1", 'sp ace', '\u202eevil'];

describe('client mistakes are client errors', () => {
  let server: TestServer;
  const logs = captureLogs();

  async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as Result };
  }
  async function overWs(client: Client, query: string, variables: Record<string, unknown>): Promise<Result> {
    try {
      for await (const result of client.iterate({ query, variables })) return result as Result;
    } catch (errors) {
      // graphql-ws rejects with the `error` message's errors (a request error before the operation ran).
      return { errors: errors as Result['errors'] };
    }
    return {};
  }
  const codes = (r: Result) => (r.errors ?? []).map((e) => e.extensions?.code);
  /** Error-level lines and lines long enough to be repeating a value since `from`. */
  const badLogs = (from: number) =>
    logs.lines
      .slice(from)
      .filter((l) => (l.level ?? 0) >= 50 || JSON.stringify(l).length > 4_000)
      .map((l) => JSON.stringify(l).slice(0, 300));

  beforeAll(async () => {
    server = await startTestServer(
      { MODERATOR_TOKENS: TOKEN, MUTATION_RATE_MAX: '1000', MUTATION_RATE_IP_MAX: '1000' },
      { logger: logs.logger },
    );
  });
  afterAll(() => server.stop());

  it('answers Timestamp variables of the wrong type with BAD_INPUT, logging nothing at error and no long line', async () => {
    const from = logs.lines.length;
    for (const bad of [{}, [], true, '1e999', 'yesterday', '2026-02-30', '2026-01-31T10:00:00', 1.5, 1e300, 'x'.repeat(60_000)]) {
      for (const query of [USAGE, STATS]) {
        const { status, body } = await post(query, { since: bad, until: 0 });
        expect(codes(body), JSON.stringify(bad).slice(0, 30)).toEqual(['BAD_INPUT']);
        expect(status).toBe(400);
        expect(body.errors![0]!.message.length).toBeLessThan(1_000);
      }
    }
    expect(badLogs(from)).toEqual([]);
  });

  it('takes ISO 8601 Timestamps as it takes epoch milliseconds', async () => {
    const since = Date.UTC(2026, 0, 31, 18, 0);
    const asNumbers = await post(USAGE, { since, until: since + 5 * 60_000 });
    const asIso = await post(USAGE, { since: '2026-01-31T18:00:00Z', until: '2026-01-31T19:05:00+01:00' });
    expect(asNumbers.body.errors).toBeUndefined();
    expect(asIso.body).toEqual(asNumbers.body);
    expect((asIso.body.data!.usage as { buckets: { start: number }[] }).buckets[0]!.start).toBe(since);
    const inline = await post(
      `{ usage(bucket: MINUTE, since: "2026-01-31", until: ${Date.UTC(2026, 0, 31, 0, 1)}) { buckets { start } } }`,
    );
    expect(inline.body).toEqual({ data: { usage: { buckets: [{ start: Date.UTC(2026, 0, 31) }] } } });
  });

  it('refuses a NUL, a lone surrogate or any other odd id or slug with BAD_INPUT before any query', async () => {
    const from = logs.lines.length;
    const range = 'since: 0, until: 60000';
    const reads: [string, Record<string, string>?][] = [
      ['query ($id: ID!) { scene(id: $id) { id } }'],
      ['query ($id: String!) { scene(slug: $id) { id } }'],
      ['query ($id: ID!) { messages(sceneId: $id) { edges { cursor } } }'],
      [`query ($id: ID!) { usage(bucket: MINUTE, ${range}, sceneId: $id) { buckets { turns } } }`],
      [`query ($id: ID!) { characterStats(${range}, sceneId: $id) { name } }`],
      ['query ($id: ID!) { moderationLog(sceneId: $id) { nodes { id } } }', MOD],
      ['mutation ($id: ID!) { voteProposal(input: { proposalId: $id, value: 1 }) { id } }'],
      ['mutation ($id: ID!) { commentProposal(input: { proposalId: $id, author: "Ann", text: "Nice" }) { id } }'],
      ['mutation ($id: ID!) { approveProposal(input: { proposalId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { rejectProposal(input: { proposalId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { pauseScene(input: { sceneId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { resumeScene(input: { sceneId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { resetScene(input: { sceneId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { endScene(input: { sceneId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { startNextScene(input: { sceneId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { setScenePace(input: { sceneId: $id, pace: 2 }) { id } }', MOD],
      ['mutation ($id: ID!) { setSceneBudget(input: { sceneId: $id, tokensPerHour: 10 }) { id } }', MOD],
      ['mutation ($id: ID!) { injectNarration(input: { sceneId: $id, text: "A bell." }) { id } }', MOD],
      ['mutation ($id: ID!) { hideMessage(input: { messageId: $id, reason: "spam" }) { id } }', MOD],
      ['mutation ($id: ID!) { resetCharacterMemory(input: { characterId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { deleteMemory(input: { memoryId: $id }) { id } }', MOD],
      ['mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { id } }', MOD],
    ];
    for (const [query, headers] of reads) {
      for (const id of BAD_IDS) {
        const { body } = await post(query, { id }, headers);
        expect(codes(body), `${query} ${JSON.stringify(id)}`).toEqual(['BAD_INPUT']);
      }
    }
    const ws = server.wsClient();
    for (const query of [
      'subscription ($id: ID!) { sceneEvents(sceneId: $id) { seq } }',
      'subscription ($id: ID!) { statsFeed(sceneId: $id) { turns } }',
      'query ($id: ID!) { scene(id: $id) { id } }',
    ]) {
      for (const id of BAD_IDS) expect(codes(await overWs(ws, query, { id })), `${query} ${JSON.stringify(id)}`).toEqual(['BAD_INPUT']);
    }
    expect(badLogs(from)).toEqual([]);
  });

  it('gives variables that do not coerce BAD_INPUT, over HTTP (400) and graphql-ws alike', async () => {
    const from = logs.lines.length;
    const cases: [string, Record<string, unknown>][] = [
      ['query ($e: Int) { messages(sceneId: "x", epoch: $e) { edges { cursor } } }', { e: 'abc' }],
      ['query ($e: Int) { messages(sceneId: "x", epoch: $e) { edges { cursor } } }', { e: 2 ** 40 }],
      ['query ($b: UsageBucketSize!) { usage(bucket: $b, since: 0, until: 60000) { buckets { turns } } }', { b: 'WEEK' }],
      ['query ($id: ID!) { scene(id: $id) { id } }', {}],
      ['query ($id: ID!) { scene(id: $id) { id } }', { id: { deep: [1] } }],
      ['subscription ($s: Int) { sceneEvents(sceneId: "x", afterSeq: $s) { seq } }', { s: 'one' }],
    ];
    const ws = server.wsClient();
    for (const [query, variables] of cases) {
      if (!query.startsWith('subscription')) {
        const { status, body } = await post(query, variables);
        expect(codes(body), query).toEqual(['BAD_INPUT']);
        expect(status).toBe(400);
      }
      expect(codes(await overWs(ws, query, variables)), query).toEqual(['BAD_INPUT']);
    }
    expect(codes(await overWs(ws, '{ scene(', {}))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(await overWs(ws, '{ nope }', {}))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(badLogs(from)).toEqual([]);
  });
});
