import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyEntity, ModerationActionEntity } from '../../src/adapters/db/entities.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** API keys for third parties: created by moderators, used as bearer tokens, limited, counted, revoked. */
const MOD = 'alice-token-0123456789abcdef';
type Gql<T> = { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
interface Key {
  id: string;
  name: string;
  prefix: string;
  requestsPerMinute: number | null;
  allowedOrigins: string[];
  createdBy: string;
  revokedAt: number | null;
  revokedBy: string | null;
  lastUsedAt: number | null;
  requests: number;
  rejected: number;
}
const KEY_FIELDS = 'id name prefix requestsPerMinute allowedOrigins createdBy revokedAt revokedBy lastUsedAt requests rejected';
const CREATE = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret key { ${KEY_FIELDS} } } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { ${KEY_FIELDS} } }`;
const LIST = `{ apiKeys { ${KEY_FIELDS} } }`;
const ME = '{ me { role } }';

const dir = mkdtempSync(join(tmpdir(), 'pixeltales-apikeys-'));
const env = { MODERATOR_TOKENS: `alice:${MOD}`, DATABASE_URL: `sqlite:${join(dir, 'keys.db')}`, API_KEY_CACHE_MS: '1000' };
let a: TestServer;
let b: TestServer;
const clients: Client[] = [];

async function post<T>(server: TestServer, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Gql<T>;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asMod = <T>(query: string, variables: Record<string, unknown> = {}) => post<T>(a, query, variables, bearer(MOD));
const codes = (r: Gql<unknown>) => (r.errors ?? []).map((e) => e.extensions?.code);

async function create(input: Record<string, unknown>) {
  const r = await asMod<{ createApiKey: { secret: string; key: Key } }>(CREATE, { input });
  expect(r.errors).toBeUndefined();
  return r.data!.createApiKey;
}

/** A graphql-ws client; the key in connectionParams, or in the upgrade request's Authorization header. */
function ws(server: TestServer, how: { params?: string; header?: string }): Client {
  const headers = how.header ? bearer(how.header) : {};
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const client = createClient({
    url: server.wsUrl,
    webSocketImpl: WithHeaders,
    retryAttempts: 0,
    lazy: true,
    connectionParams: how.params ? { authorization: `Bearer ${how.params}` } : {},
  });
  clients.push(client);
  return client;
}
async function wsQuery<T>(client: Client, query: string): Promise<Gql<T>> {
  for await (const result of client.iterate({ query })) return result as Gql<T>;
  throw new Error('no result');
}

beforeAll(async () => {
  // Two API replicas over one database: the second sees keys the first creates and revokes.
  a = await startTestServer(env);
  b = await startTestServer({ ...env, ROLES: 'api,worker' });
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await b?.stop();
  await a?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('API keys', () => {
  it('creates a key whose secret is shown once and kept only as a SHA-256 digest', async () => {
    const { secret, key } = await create({ name: 'dashboard', requestsPerMinute: 100, allowedOrigins: ['https://dash.example/'] });
    expect(secret).toMatch(/^ptk_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'dashboard', prefix: secret.slice(0, 12), requestsPerMinute: 100, createdBy: 'alice' });
    expect(key.allowedOrigins).toEqual(['https://dash.example']);
    const row = await a.container.orm.em.fork().findOneOrFail(ApiKeyEntity, { id: Number(key.id) });
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret.slice(12));
    // The list never shows it again (the type has no such field).
    expect((await asMod<unknown>(`{ apiKeys { secret } }`)).errors?.[0]?.message).toMatch(/Cannot query field "secret"/);
    const log = await a.container.orm.em.fork().find(ModerationActionEntity, { action: 'CREATE_API_KEY' });
    expect(log.map((e) => [e.moderator, e.detail])).toContainEqual(['alice', 'API key "dashboard"']);
  });

  it('refuses bad names, limits and origins with BAD_INPUT, storing nothing', async () => {
    const before = await a.container.orm.em.fork().count(ApiKeyEntity);
    for (const input of [
      { name: '   ' },
      { name: 'x'.repeat(61) },
      { name: 'ok', requestsPerMinute: 0 },
      { name: 'ok', requestsPerMinute: 1_000_001 },
      { name: 'ok', allowedOrigins: ['ftp://files.example'] },
      { name: 'ok', allowedOrigins: ['https://a.example/path'] },
      { name: 'ok', allowedOrigins: ['not an origin'] },
      { name: 'ok', allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example`) },
    ]) {
      const r = await asMod(CREATE, { input });
      expect(codes(r), JSON.stringify(input)).toEqual(['BAD_INPUT']);
    }
    expect(codes(await asMod(REVOKE, { id: 'abc' }))).toEqual(['BAD_INPUT']);
    expect(codes(await asMod(REVOKE, { id: '999999' }))).toEqual(['NOT_FOUND']);
    expect(await a.container.orm.em.fork().count(ApiKeyEntity)).toBe(before);
  });

  it('is for moderators only: anonymous callers are UNAUTHENTICATED, keys FORBIDDEN', async () => {
    const { secret } = await create({ name: 'reader' });
    expect(codes(await post(a, CREATE, { input: { name: 'x' } }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await post(a, LIST))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await post(a, CREATE, { input: { name: 'x' } }, bearer(secret)))).toEqual(['FORBIDDEN']);
    expect(codes(await post(a, LIST, {}, bearer(secret)))).toEqual(['FORBIDDEN']);
    const scene = (await post<{ scenes: { id: string }[] }>(a, '{ scenes { id } }')).data!.scenes[0]!.id;
    expect(codes(await post(a, `mutation { pauseScene(input: { sceneId: "${scene}" }) { id } }`, {}, bearer(secret)))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('makes a viewer over HTTP, graphql-ws connectionParams and the upgrade header', async () => {
    const { secret } = await create({ name: 'follower' });
    expect((await post<{ me: { role: string } }>(a, ME, {}, bearer(secret))).data?.me.role).toBe('VIEWER');
    expect((await wsQuery<{ me: { role: string } }>(ws(a, { params: secret }), ME)).data?.me.role).toBe('VIEWER');
    expect((await wsQuery<{ me: { role: string } }>(ws(b, { header: secret }), ME)).data?.me.role).toBe('VIEWER');
  });

  it('refuses unknown and malformed keys with UNAUTHENTICATED, while anonymous access works', async () => {
    const unknown = `ptk_${'A'.repeat(43)}`;
    expect(codes(await post(a, ME, {}, bearer(unknown)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await post(a, ME, {}, bearer('ptk_short')))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await wsQuery(ws(a, { params: unknown }), ME))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await wsQuery(ws(a, { header: unknown }), ME))).toEqual(['UNAUTHENTICATED']);
    expect((await post<{ me: { role: string } }>(a, ME)).data?.me.role).toBe('VIEWER');
  });

  it("limits a key to its own requests per minute (RATE_LIMITED), apart from the address's", async () => {
    const { secret, key } = await create({ name: 'tight', requestsPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await post(a, ME, {}, bearer(secret))).errors).toBeUndefined();
    const refused = await post(a, ME, {}, bearer(secret));
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);
    // Over graphql-ws too, and anonymous callers from the same address are not affected.
    expect(codes(await wsQuery(ws(a, { params: secret }), ME))).toEqual(['RATE_LIMITED']);
    expect((await post(a, ME)).errors).toBeUndefined();
    // Usage: five requests, two rejected, visible to moderators (this replica flushes before reading).
    const listed = (await asMod<{ apiKeys: Key[] }>(LIST)).data!.apiKeys.find((k) => k.id === key.id)!;
    expect(listed).toMatchObject({ requests: 5, rejected: 2 });
    expect(listed.lastUsedAt).toBeGreaterThan(0);
  });

  it('counts usage from every replica: each adds its own counts to the row', async () => {
    const { secret, key } = await create({ name: 'shared' });
    await post(a, ME, {}, bearer(secret));
    await post(b, ME, {}, bearer(secret));
    await post(b, ME, {}, bearer(secret));
    // b writes on its flush timer (API_KEY_FLUSH_MS); a flushes when asked.
    const requests = async () => (await asMod<{ apiKeys: Key[] }>(LIST)).data!.apiKeys.find((k) => k.id === key.id)!.requests;
    await expect.poll(requests, { timeout: 15_000, interval: 100 }).toBe(3);
  });

  it('enforces allowed origins when a browser sends one', async () => {
    const { secret, key } = await create({ name: 'site', allowedOrigins: ['https://ok.example'] });
    expect((await post(a, ME, {}, { ...bearer(secret), origin: 'https://ok.example' })).errors).toBeUndefined();
    expect((await post(a, ME, {}, bearer(secret))).errors).toBeUndefined();
    const refused = await post(a, ME, {}, { ...bearer(secret), origin: 'https://evil.example' });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const listed = (await asMod<{ apiKeys: Key[] }>(LIST)).data!.apiKeys.find((k) => k.id === key.id)!;
    expect(listed.rejected).toBe(1);
  });

  it('a revoked key is refused at once on its replica and within API_KEY_CACHE_MS on another', async () => {
    const { secret, key } = await create({ name: 'leaked' });
    expect((await post(a, ME, {}, bearer(secret))).errors).toBeUndefined();
    // b looks the key up now and trusts that answer for at most API_KEY_CACHE_MS (1 s here).
    expect((await post(b, ME, {}, bearer(secret))).errors).toBeUndefined();
    const cachedUntil = performance.now() + 1_000;
    const revoked = await asMod<{ revokeApiKey: Key }>(REVOKE, { id: key.id });
    expect(revoked.data?.revokeApiKey).toMatchObject({ revokedBy: 'alice' });
    expect(codes(await post(a, ME, {}, bearer(secret)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await wsQuery(ws(a, { params: secret }), ME))).toEqual(['UNAUTHENTICATED']);
    await new Promise((r) => setTimeout(r, Math.max(0, cachedUntil - performance.now()) + 50));
    expect(codes(await post(b, ME, {}, bearer(secret)))).toEqual(['UNAUTHENTICATED']);
    // Revoking again changes nothing; the list shows it revoked.
    const again = await asMod<{ revokeApiKey: Key }>(REVOKE, { id: key.id });
    expect(again.data?.revokeApiKey.revokedAt).toBe(revoked.data?.revokeApiKey.revokedAt);
    const active = await asMod<{ apiKeys: Key[] }>(`{ apiKeys(includeRevoked: false) { id } }`);
    expect(active.data?.apiKeys.map((k) => k.id)).not.toContain(key.id);
  });
});
