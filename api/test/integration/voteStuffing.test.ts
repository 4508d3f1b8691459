import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createViewerSessions } from '../../src/services/viewerSessions.js';
import { captureLogs } from '../support/logCapture.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Vote stuffing: a vote needs a viewer identity the server issued and signed, one vote per
 * identity per proposal, and one address gets VIEWER_SESSION_RATE_MAX identities per window.
 * A fresh `x-client-id` per request no longer buys a vote.
 */

const PROPOSE = 'mutation($input: ProposeSceneInput!) { proposeScene(input: $input) { id } }';
const VOTE = 'mutation($id: ID!, $v: Int!) { voteProposal(input: { proposalId: $id, value: $v }) { score myVote } }';
const START = 'mutation($name: String) { startViewerSession(input: { name: $name }) { token viewerId name issuedAt } }';
const SECRET = 'a-viewer-secret-for-tests-0123456789abcdef';

type Reply = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('votes need a server-issued viewer identity', () => {
  let server: TestServer;
  const logs = captureLogs();
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: '1', VIEWER_SECRET: SECRET, RUN_WITHOUT_VIEWERS: 'true' }, { logger: logs.logger });
  });
  afterAll(() => server.stop());

  const post = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Reply> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Reply;
  };
  const propose = async (name: string) => {
    const input = {
      name,
      description: 'Two clerks count the votes.',
      proposer: 'sam',
      characters: [
        { name: 'Ada', colour: '#4477aa', persona: 'Ada counts carefully.' },
        { name: 'Ben', colour: '#aa7744', persona: 'Ben counts quickly.' },
      ],
    };
    return (await post(PROPOSE, { input }, { 'x-forwarded-for': '192.0.2.200' })).data!.proposeScene.id as string;
  };
  const start = async (ip: string, name?: string) => await post(START, { name }, { 'x-forwarded-for': ip });
  const score = async (id: string) =>
    ((await post('{ proposals { id score } }', {}, {})).data!.proposals as { id: string; score: number }[]).find((p) => p.id === id)!.score;

  it('12 votes from one address with a new x-client-id each count once for the identity', async () => {
    const id = await propose('Twelve Ballots');
    const token = (await start('192.0.2.1')).data!.startViewerSession.token as string;
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const headers = { 'x-forwarded-for': '192.0.2.1', 'x-client-id': `fresh-client-${i}-0000`, 'x-viewer-token': token };
      const reply = await post(VOTE, { id, v: 1 }, headers);
      codes.push((reply.errors?.[0]?.extensions?.code as string) ?? 'OK');
    }
    expect(codes).toEqual(['OK', ...Array(11).fill('FORBIDDEN')]);
    expect(await score(id)).toBe(1);
    // Without an identity, a client id alone votes no more.
    for (let i = 0; i < 12; i++) {
      const reply = await post(VOTE, { id, v: 1 }, { 'x-forwarded-for': '192.0.2.1', 'x-client-id': `other-client-${i}-0000` });
      expect(reply.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'VIEWER_SESSION' });
    }
    expect(await score(id)).toBe(1);
  });

  it('issues 20 identities per address per hour, then RATE_LIMITED with retryAfterMs; other addresses are not affected', async () => {
    const replies: Reply[] = [];
    for (let i = 0; i < 23; i++) replies.push(await start('192.0.2.2'));
    expect(replies.slice(0, 20).every((r) => typeof r.data?.startViewerSession.token === 'string')).toBe(true);
    expect(new Set(replies.slice(0, 20).map((r) => r.data!.startViewerSession.viewerId)).size).toBe(20);
    for (const r of replies.slice(20)) {
      expect(r.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(r.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(59 * 60_000);
    }
    expect((await start('192.0.2.3')).data?.startViewerSession.token).toEqual(expect.any(String));
    // IPv6 callers count per /64.
    for (let i = 0; i < 20; i++) await start(`2001:db8:5:5::${i + 1}`);
    expect((await start('2001:db8:5:5:abcd::1')).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('refuses a forged, altered or foreign token as no identity at all (and not as a failed credential)', async () => {
    const id = await propose('Forged Ballots');
    const token = (await start('192.0.2.4')).data!.startViewerSession.token as string;
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { i: string };
    const altered = `${version}.${Buffer.from(JSON.stringify({ ...body, i: 'v.AAAAAAAAAAAAAAAAAAAAAA' })).toString('base64url')}.${signature}`;
    const foreign = createViewerSessions('another-secret-entirely-0123456789abcdef').issue(null, Date.now()).token;
    for (const bad of [altered, foreign, 'pv1.e30.AAAA', 'x'.repeat(600), `${token}x`]) {
      const reply = await post(VOTE, { id, v: 1 }, { 'x-forwarded-for': '192.0.2.4', 'x-viewer-token': bad });
      expect(reply.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await score(id)).toBe(0);
    expect((await post(VOTE, { id, v: -1 }, { 'x-forwarded-for': '192.0.2.4', 'x-viewer-token': token })).data!.voteProposal).toEqual({
      score: -1,
      myVote: -1,
    });
    expect(logs.lines.some((l) => String(l.msg).startsWith('credential refused'))).toBe(false);
  });

  it('carries an optional display name and the issue time; works over graphql-ws connectionParams', async () => {
    const started = (await start('192.0.2.5', '  Kim  ')).data!.startViewerSession;
    expect(started.name).toBe('Kim');
    expect(started.issuedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(server.container.viewerSessions.verify(started.token)).toEqual({
      id: started.viewerId,
      issuedAt: started.issuedAt,
      name: 'Kim',
    });
    expect((await start('192.0.2.5', 'x'.repeat(31))).errors?.[0]?.extensions?.code).toBe('BAD_INPUT');

    const id = await propose('Socket Ballots');
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { viewerToken: started.token },
    });
    try {
      const result = await client.iterate({ query: VOTE, variables: { id, v: 1 } }).next();
      expect((result.value as Reply).data!.voteProposal).toEqual({ score: 1, myVote: 1 });
      const mine = await client.iterate({ query: '{ proposals { id myVote } }' }).next();
      expect(((mine.value as Reply).data!.proposals as { id: string; myVote: number | null }[]).find((p) => p.id === id)!.myVote).toBe(1);
    } finally {
      await client.dispose();
    }
  });
});

describe('the viewer secret', () => {
  it('is required in production for api replicas sharing Redis, not for one process or a worker', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PUBSUB: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', PUBSUB: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /VIEWER_SECRET is required in production with PUBSUB=redis/,
    );
    // One process alone signs with a random secret of its own (and warns at start).
    expect(loadConfig({ NODE_ENV: 'production' }).viewerSessions.secret).toBeNull();
    expect(() => loadConfig({ NODE_ENV: 'production', VIEWER_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(loadConfig({ NODE_ENV: 'production', VIEWER_SECRET: SECRET }).viewerSessions.secret).toBe(SECRET);
    const worker = { NODE_ENV: 'production', ROLES: 'worker', QUEUE: 'bullmq', PUBSUB: 'redis', DATABASE_URL: 'postgres://u@h/db' };
    expect(loadConfig(worker).viewerSessions.secret).toBeNull();
    expect(loadConfig({}).viewerSessions).toEqual({ secret: null, perAddressMax: 20, windowMs: 3_600_000 });
  });

  it('makes tokens one replica issues valid on another with the same secret, and only there', () => {
    const a = createViewerSessions(SECRET);
    const b = createViewerSessions(SECRET);
    const other = createViewerSessions(`${SECRET}-rotated`);
    const { identity, token } = a.issue('Ana', 1_700_000_000_000);
    expect(b.verify(token)).toEqual(identity);
    expect(other.verify(token)).toBeNull();
  });
});
