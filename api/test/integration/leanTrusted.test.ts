import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SceneEntity } from '../../src/adapters/db/entities.js';
import { waitFor } from '../support/collect.js';
import { RawPeer } from '../support/rawPeer.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * The broadcast path (http/ws/operations.ts → http/fanout/) skips envelop's subscribe, where trusted documents and API-key limits are
 * enforced. Under TRUSTED_DOCUMENTS_ONLY an anonymous viewer must be refused an unshipped
 * `sceneEvents` document on every subscribe, not only on the first one of its text; the web
 * app's own document streams; an API key's subscription goes the stock way and streams too.
 */
const GENERATED = resolve(import.meta.dirname, '../../../web/src/lib/graphql/generated');
const MANIFEST = JSON.parse(readFileSync(resolve(GENERATED, 'persisted-documents.json'), 'utf8')) as Record<string, string>;
const SHIPPED = Object.values(MANIFEST).find((text) => /subscription SceneEvents\(/.test(text))!;
const UNSHIPPED = 'subscription Mine($sceneId: ID!, $afterSeq: Int) { sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) { seq } }';
const MOD = 'alice-token-0123456789abcdef';
const id = (n: number) => `${String(n).padStart(8, '0')}-8f8e-4a47-9c1e-9d3b6f2a7c9e`;

describe('lean broadcast subscriptions under TRUSTED_DOCUMENTS_ONLY', () => {
  let server: TestServer;
  let sceneId: string;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer({
      TRUSTED_DOCUMENTS_ONLY: 'true',
      TRUSTED_DOCUMENTS_PATH: GENERATED,
      MODERATOR_TOKENS: `alice:${MOD}`,
      FANOUT: 'broadcast',
      RUN_WITHOUT_VIEWERS: 'true',
    });
    // Read from the database: an anonymous `scenes` query is not a shipped document here.
    sceneId = (await server.container.orm.em.fork().find(SceneEntity, {}, { orderBy: { slug: 'asc' }, limit: 1 }))[0]!.id;
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MOD}` },
      body: JSON.stringify({ query: 'mutation { createApiKey(input: { name: "wall display" }) { secret } }' }),
    });
    key = ((await res.json()) as { data: { createApiKey: { secret: string } } }).data.createApiKey.secret;
  });
  afterAll(() => server?.stop());

  it('refuses an unshipped document to an anonymous viewer on every subscribe (FORBIDDEN, then nothing)', async () => {
    const peer = await RawPeer.open(server.wsUrl);
    try {
      for (let n = 1; n <= 3; n++) {
        const received = peer.subscribe(id(n), UNSHIPPED, { sceneId, afterSeq: 0 });
        await waitFor(() => received.frames.length > 0 && received.ended);
        expect(received.frames[0]).toContain('"code":"FORBIDDEN"');
        expect(received.seqs).toEqual([]);
      }
    } finally {
      await peer.close();
    }
  });

  it("streams the web app's own document, lean subscribes included", async () => {
    const peer = await RawPeer.open(server.wsUrl);
    try {
      const streams = [1, 2, 3].map((n) => peer.subscribe(id(10 + n), SHIPPED, { sceneId, afterSeq: 0 }));
      await waitFor(() => streams.every((s) => s.seqs.length >= 2));
      for (const stream of streams) {
        expect(stream.frames.join()).not.toContain('FORBIDDEN');
        expect(stream.seqs.slice(0, 2)).toEqual([1, 2]);
      }
    } finally {
      await peer.close();
    }
  });

  it("lets an API key's subscription run any document (the stock path, with the key's limits)", async () => {
    const peer = await RawPeer.open(server.wsUrl, { authorization: `Bearer ${key}` });
    try {
      const streams = [1, 2].map((n) => peer.subscribe(id(20 + n), UNSHIPPED, { sceneId, afterSeq: 0 }));
      await waitFor(() => streams.every((s) => s.seqs.length >= 2));
      for (const stream of streams) expect(stream.frames.join()).not.toContain('FORBIDDEN');
    } finally {
      await peer.close();
    }
  });
});
