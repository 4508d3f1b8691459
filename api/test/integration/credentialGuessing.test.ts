import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { captureLogs } from '../support/logCapture.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Token guessing: refused credentials (moderator tokens, API keys, bearer JWTs) are counted per
 * address; past AUTH_FAILURE_MAX every credentialed request from it is RATE_LIMITED with
 * retryAfterMs until the window passes, a correct token included. Each refusal is a warn line
 * with the address and never the token, and counts in /metrics. Over graphql-ws a socket's
 * credentials count once, at connection_init.
 */

const TOKEN = 'the-real-moderator-token-0123456789';
const ME = '{ me { role } }';
type Answer = { data?: { me?: { role: string } }; errors?: { message: string; extensions?: { code?: string; retryAfterMs?: number } }[] };

describe('failed credentials per address', () => {
  let server: TestServer;
  const logs = captureLogs();
  beforeAll(async () => {
    server = await startTestServer({ MODERATOR_TOKENS: TOKEN, TRUST_PROXY: '1' }, { logger: logs.logger });
  });
  afterAll(() => server.stop());

  const post = async (ip: string, authorization?: string, query = ME): Promise<Answer> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as Answer;
  };
  const failuresMetric = async (kind: string) => {
    const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    return Number(new RegExp(`^pixeltales_auth_failures_total\\{kind="${kind}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };
  const code = (a: Answer) => a.errors?.[0]?.extensions?.code ?? null;

  it('30 wrong moderator tokens in a burst: 20 are refused as usual, then the address is locked out', async () => {
    const before = await failuresMetric('moderator_token');
    const answers: Answer[] = [];
    for (let i = 0; i < 30; i++) answers.push(await post('198.51.100.1', `Bearer wrong-guess-number-${i}-abcdef`));
    expect(answers.slice(0, 20).map((a) => a.data?.me?.role)).toEqual(Array(20).fill('VIEWER'));
    for (const a of answers.slice(20)) {
      expect(code(a)).toBe('RATE_LIMITED');
      expect(a.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(0);
      expect(a.errors![0]!.extensions!.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    // A standard lockout: the right token is refused too until the window passes.
    expect(code(await post('198.51.100.1', `Bearer ${TOKEN}`))).toBe('RATE_LIMITED');
    // Requests without credentials from that address go on; other addresses are not affected.
    expect((await post('198.51.100.1')).data?.me?.role).toBe('VIEWER');
    expect((await post('198.51.100.2', `Bearer ${TOKEN}`)).data?.me?.role).toBe('MODERATOR');

    const warned = logs.lines.filter((l) => l.level === 40 && String(l.msg).startsWith('credential refused'));
    expect(warned).toHaveLength(20);
    expect(warned.every((l) => l.ip === '198.51.100.1' && l.kind === 'moderator_token')).toBe(true);
    expect(warned.at(-1)!.msg).toBe('credential refused; address locked out');
    expect(logs.text()).not.toContain('wrong-guess-number');
    expect(logs.text()).not.toContain(TOKEN);
    expect((await failuresMetric('moderator_token')) - before).toBe(20);
  });

  it('unknown API keys count as refused credentials too', async () => {
    const key = (i: number) => `Bearer ptk_${String(i).padStart(43, 'x')}`;
    const answers: Answer[] = [];
    for (let i = 0; i < 22; i++) answers.push(await post('198.51.100.3', key(i)));
    expect(answers.slice(0, 20).map(code)).toEqual(Array(20).fill('UNAUTHENTICATED'));
    expect(answers.slice(20).map(code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(await failuresMetric('api_key')).toBeGreaterThanOrEqual(20);
    expect(logs.text()).not.toContain('ptk_xxxx');
  });

  it('counts IPv6 callers per /64', async () => {
    for (let i = 0; i < 20; i++) await post(`2001:db8:7:7::${(i + 1).toString(16)}`, `Bearer wrong-v6-${i}-abcdefgh`);
    expect(code(await post('2001:db8:7:7:ffff::1', `Bearer ${TOKEN}`))).toBe('RATE_LIMITED');
    expect((await post('2001:db8:7:8::1', `Bearer ${TOKEN}`)).data?.me?.role).toBe('MODERATOR');
  });

  it('over graphql-ws a socket counts once, at connection_init; sockets past the limit are refused per operation', async () => {
    const ip = '198.51.100.4';
    const socket = (authorization: string) =>
      createClient({
        url: server.wsUrl,
        webSocketImpl: class extends WebSocket {
          constructor(url: string, protocols: string | string[]) {
            super(url, protocols, { headers: { 'x-forwarded-for': ip } });
          }
        },
        retryAttempts: 0,
        // One socket for all of a client's operations (a lazy client would reconnect for each).
        lazyCloseTimeout: 60_000,
        connectionParams: { authorization },
      });
    const run = async (client: ReturnType<typeof createClient>, query = ME): Promise<Answer> => {
      const result = await client.iterate({ query }).next();
      return (result.value ?? {}) as Answer;
    };
    // One socket with a wrong token, thirty operations: one failure, not thirty.
    const one = socket('Bearer wrong-socket-token-abcdef');
    for (let i = 0; i < 30; i++) expect((await run(one)).data?.me?.role).toBe('VIEWER');
    await one.dispose();
    expect(logs.lines.filter((l) => l.ip === ip && l.kind === 'moderator_token')).toHaveLength(1);

    // Eighteen more refused sockets; the one whose init is the twentieth failure is locked out
    // for its operations already, and so is the next socket, even with the right token.
    for (let i = 0; i < 18; i++) {
      const client = socket(`Bearer wrong-socket-token-${i}-abcdef`);
      expect((await run(client)).data?.me?.role).toBe('VIEWER');
      await client.dispose();
    }
    const twentieth = socket('Bearer wrong-socket-token-last-abcdef');
    expect(code(await run(twentieth))).toBe('RATE_LIMITED');
    await twentieth.dispose();
    const right = socket(`Bearer ${TOKEN}`);
    const refused = await run(right);
    expect(code(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(0);
    // The lean sceneEvents path hands a refused caller to the stock path, which answers the same.
    const scenes = await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }');
    const events = await run(right, `subscription { sceneEvents(sceneId: "${scenes.data!.scenes[0]!.id}") { seq } }`);
    expect(code(events)).toBe('RATE_LIMITED');
    await right.dispose();
    expect(logs.text()).not.toContain('wrong-socket-token');
  });
});

describe('the lockout window', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MODERATOR_TOKENS: TOKEN, AUTH_FAILURE_MAX: '2', AUTH_FAILURE_WINDOW_MS: '1000' });
  });
  afterAll(() => server.stop());

  const post = async (authorization: string) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: ME }),
    });
    return (await res.json()) as Answer;
  };

  it('ends when the window passes: the right token works again', async () => {
    await post('Bearer wrong-window-token-1-abc');
    await post('Bearer wrong-window-token-2-abc');
    const locked = await post(`Bearer ${TOKEN}`);
    expect(locked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    await new Promise((r) => setTimeout(r, locked.errors![0]!.extensions!.retryAfterMs! + 50));
    expect((await post(`Bearer ${TOKEN}`)).data?.me?.role).toBe('MODERATOR');
  });
});
