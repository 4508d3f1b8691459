import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrustedDocuments, trustedDocumentsFrom } from '../../src/graphql/trustedDocuments.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** Trusted documents: the web app's operations by hash; TRUSTED_DOCUMENTS_ONLY holds anonymous callers to them. */
const GENERATED = resolve(import.meta.dirname, '../../../web/src/lib/graphql/generated');
const MANIFEST = JSON.parse(readFileSync(resolve(GENERATED, 'persisted-documents.json'), 'utf8')) as Record<string, string>;
const MOD = 'alice-token-0123456789abcdef';
const [ME_HASH] = Object.entries(MANIFEST).find(([, text]) => /^query Me \{/.test(text))!;
const ME_HEX = ME_HASH.replace('sha256:', '');
const ARBITRARY = '{ scenes { id slug } }';
type Gql = { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] };

async function post(server: TestServer, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Gql> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Gql;
}
const byHash = (hex: string, query?: string) => ({
  ...(query ? { query } : {}),
  extensions: { persistedQuery: { version: 1, sha256Hash: hex } },
});
const codes = (r: Gql) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('the trusted documents manifest', () => {
  it("is codegen's persisted-documents.json, every hash the SHA-256 of its document", () => {
    const documents = loadTrustedDocuments(GENERATED, true);
    expect(documents.size).toBeGreaterThanOrEqual(Object.keys(MANIFEST).length);
    expect(documents.textOf(ME_HASH)).toBe(MANIFEST[ME_HASH]);
    expect(createHash('sha256').update(MANIFEST[ME_HASH]!).digest('hex')).toBe(ME_HEX);
  });

  it('refuses a tampered manifest, and a required one that is missing', () => {
    expect(() => trustedDocumentsFrom({ [ME_HASH]: '{ apiKeys { id } }' })).toThrow(/does not match/);
    expect(() => trustedDocumentsFrom({ 'md5:abc': '{ me { role } }' })).toThrow(/is not/);
    expect(() => loadTrustedDocuments('/nonexistent/persisted', true)).toThrow(/TRUSTED_DOCUMENTS_ONLY needs/);
  });
});

describe('TRUSTED_DOCUMENTS_ONLY=true', () => {
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer({
      TRUSTED_DOCUMENTS_ONLY: 'true',
      TRUSTED_DOCUMENTS_PATH: GENERATED,
      MODERATOR_TOKENS: `alice:${MOD}`,
      FANOUT: 'stock',
    });
    const created = await post(
      server,
      { query: 'mutation { createApiKey(input: { name: "partner" }) { secret } }' },
      { authorization: `Bearer ${MOD}` },
    );
    key = (created.data?.createApiKey as { secret: string }).secret;
  });
  afterAll(() => server?.stop());

  it('refuses an anonymous document that the web app does not ship (FORBIDDEN), over HTTP and graphql-ws', async () => {
    const refused = await post(server, { query: ARBITRARY });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.extensions?.reason).toBe('TRUSTED_DOCUMENTS_ONLY');
    expect(refused.data).toBeUndefined();
    const client = server.wsClient();
    for await (const result of client.iterate({ query: ARBITRARY })) {
      expect(codes(result as Gql)).toEqual(['FORBIDDEN']);
      break;
    }
    for await (const result of client.iterate({ query: 'subscription { scenes { sceneId } }' })) {
      expect(codes(result as Gql)).toEqual(['FORBIDDEN']);
      break;
    }
  });

  it('runs a shipped document by hash alone, by hash with its text, and by its exact text', async () => {
    expect((await post(server, byHash(ME_HEX))).data).toEqual({ me: { role: 'VIEWER', clientId: null } });
    expect((await post(server, byHash(ME_HASH, 'query Me { me { role clientId } }'))).data?.me).toBeTruthy();
    expect((await post(server, { query: MANIFEST[ME_HASH] })).data?.me).toBeTruthy();
    const client = server.wsClient();
    for await (const result of client.iterate({ query: 'query Me { me { role } }', extensions: byHash(ME_HEX).extensions })) {
      expect((result as Gql).data?.me).toEqual({ role: 'VIEWER', clientId: null });
      break;
    }
  });

  it("runs the manifest's document for a known hash, whatever text comes with it", async () => {
    const r = await post(server, byHash(ME_HEX, ARBITRARY));
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ me: { role: 'VIEWER', clientId: null } });
  });

  it('answers an unknown hash without text with PERSISTED_QUERY_NOT_FOUND', async () => {
    expect(codes(await post(server, byHash('0'.repeat(64))))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    // With text, an unknown hash is no help to an anonymous caller.
    expect(codes(await post(server, byHash('0'.repeat(64), ARBITRARY)))).toEqual(['FORBIDDEN']);
  });

  it('lets API keys and moderators run any document (within the query limits)', async () => {
    expect((await post(server, { query: ARBITRARY }, { authorization: `Bearer ${key}` })).errors).toBeUndefined();
    expect((await post(server, { query: ARBITRARY }, { authorization: `Bearer ${MOD}` })).errors).toBeUndefined();
    const manyAliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { role }`).join(' ')} }`;
    const limited = await post(server, { query: manyAliases }, { authorization: `Bearer ${key}` });
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', limit: 'aliases' });
  });
});

describe('TRUSTED_DOCUMENTS_ONLY off (the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUSTED_DOCUMENTS_PATH: GENERATED });
  });
  afterAll(() => server?.stop());

  it('runs any document, and still resolves a known hash', async () => {
    expect((await post(server, { query: ARBITRARY })).errors).toBeUndefined();
    expect((await post(server, byHash(ME_HEX))).data?.me).toEqual({ role: 'VIEWER', clientId: null });
  });
});
