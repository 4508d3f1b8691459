import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { captureLogs } from '../support/logCapture.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Issue 20: the response cache keyed on raw client variables grew without bound (a new entry per
 * unused variable) and overflowed the stack on a deeply nested one. Keys now come from what the
 * operation uses, the cache is bounded in bytes, and the read limit is lifted here so the cache
 * bound alone is what holds.
 */
const MINUTE = 60_000;
const MAX_BYTES = 2_000_000;
const ENTRY_MAX_BYTES = 400_000;
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const USAGE =
  'query Usage($since: Timestamp!, $until: Timestamp!) { usage(bucket: MINUTE, since: $since, until: $until) { buckets { start turns } } }';
const WIDE =
  'query Wide($since: Timestamp!) { usage(bucket: MINUTE, since: $since, until: 600000000000) { buckets { start turns promptTokens completionTokens costUsd linesPerMinute peakViewers averageViewers } } }';
/** A JSON array nested `levels` deep: 2 bytes a level, so 20,000 levels fit the 64 KiB body limit. */
const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
type Gql = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

let server: TestServer;
const logs = captureLogs();

async function postRaw(body: string): Promise<{ status: number; body: Gql }> {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as Gql };
}
const post = (query: string, variables: Record<string, unknown>) => postRaw(JSON.stringify({ query, variables }));

async function cache(): Promise<{ hits: number; misses: number; entries: number; bytes: number }> {
  const text = await (await fetch(server.url.replace('/graphql', '/metrics'))).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    hits: read('pixeltales_response_cache_hits_total'),
    misses: read('pixeltales_response_cache_misses_total'),
    entries: read('pixeltales_response_cache_entries'),
    bytes: read('pixeltales_response_cache_bytes'),
  };
}

/** Open a bare graphql-transport-ws socket (the client library would itself overflow serializing the variables). */
async function openSocket(): Promise<{
  send(text: string): void;
  next(id: string): Promise<string>;
  closed: () => string | null;
  close(): void;
}> {
  const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const frames: string[] = [];
  let closed: string | null = null;
  const waiters: (() => void)[] = [];
  ws.on('close', (code, reason) => {
    closed = `${code} ${String(reason)}`;
    waiters.splice(0).forEach((w) => w());
  });
  ws.on('message', (data) => {
    frames.push((data as Buffer).toString());
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => resolve());
  });
  ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  while (!frames.some((f) => f.includes('"connection_ack"'))) await new Promise<void>((r) => waiters.push(r));
  const next = async (id: string): Promise<string> => {
    for (;;) {
      const found = frames.find((f) => f.includes(`"id":"${id}"`) && !f.includes('"type":"complete"'));
      if (found) return found;
      if (closed) return `closed ${closed}`;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { send: (text) => ws.send(text), next, closed: () => closed, close: () => ws.close(1000) };
}

beforeAll(async () => {
  server = await startTestServer(
    {
      RESPONSE_CACHE_MAX_BYTES: String(MAX_BYTES),
      RESPONSE_CACHE_ENTRY_MAX_BYTES: String(ENTRY_MAX_BYTES),
      READ_RATE_MAX: '10000000',
      LOG_LEVEL: 'debug',
    },
    { logger: logs.logger },
  );
});
afterAll(() => server?.stop());

describe('response cache keys and bounds', () => {
  it('keys on the variables the operation declares: unused ones, and their values, make no new entry', async () => {
    const since = now - 100 * MINUTE;
    const start = await cache();
    const answers = [];
    for (let i = 0; i < 20; i++) {
      const unused = i % 2 === 0 ? { [`junk${i}`]: i } : { junk: 'x'.repeat(i), other: [i, { i }] };
      answers.push(await post(USAGE, { since, until: now, ...unused }));
    }
    // The same operation with other whitespace, a comment and another unused operation beside it.
    const reformatted = `# a comment\n${USAGE.replace(/ \{ /g, '{\n  ')}\nquery Other { scenes { id } }`;
    answers.push(await postRaw(JSON.stringify({ query: reformatted, operationName: 'Usage', variables: { since, until: now, x: 1 } })));
    expect(answers.every((a) => a.status === 200 && !a.body.errors)).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const after = await cache();
    expect(after.misses - start.misses).toBe(1);
    expect(after.hits - start.hits).toBe(20);
    expect(after.entries - start.entries).toBe(1);
  });

  it('answers normally over HTTP with a 20,000-level nested unused variable (no stack overflow, no 500)', async () => {
    const since = now - 50 * MINUTE;
    const body = `{"query":${JSON.stringify(USAGE)},"variables":{"since":${since},"until":${now},"deep":${deepArray(20_000)}}}`;
    expect(body.length).toBeLessThan(65_536);
    const first = await postRaw(body);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect((first.body.data!.usage as { buckets: unknown[] }).buckets).toHaveLength(50);
    // Cached under the declared variables only: the plain read is a hit.
    const start = await cache();
    expect((await post(USAGE, { since, until: now })).body).toEqual(first.body);
    expect((await cache()).hits).toBe(start.hits + 1);
  });

  it('answers normally over graphql-ws with a 20,000-level nested unused variable (no 4500 close)', async () => {
    const socket = await openSocket();
    try {
      const since = now - 40 * MINUTE;
      socket.send(
        `{"id":"deep","type":"subscribe","payload":{"query":${JSON.stringify(USAGE)},"variables":{"since":${since},"until":${now},"deep":${deepArray(20_000)}}}}`,
      );
      const answer = await socket.next('deep');
      expect(answer).toContain('"type":"next"');
      expect(JSON.parse(answer).payload.errors).toBeUndefined();
      expect(JSON.parse(answer).payload.data.usage.buckets).toHaveLength(40);
      // A deep nested unused variable on a subscription, too.
      const scenes = await post('{ scenes { id } }', {});
      const sceneId = (scenes.body.data!.scenes as { id: string }[])[0]!.id;
      socket.send(
        `{"id":"sub","type":"subscribe","payload":{"query":"subscription($id: ID!) { sceneEvents(sceneId: $id) { __typename } }","variables":{"id":${JSON.stringify(sceneId)},"deep":${deepArray(20_000)}}}}`,
      );
      expect(await socket.next('sub')).toContain('"type":"next"');
      // The socket is still open and serving.
      socket.send(`{"id":"after","type":"subscribe","payload":{"query":"{ stats { turns } }"}}`);
      expect(await socket.next('after')).toContain('"type":"next"');
      expect(socket.closed()).toBeNull();
    } finally {
      socket.close();
    }
  });

  it('stays under RESPONSE_CACHE_MAX_BYTES after many distinct large reads, and skips results over the entry cap', async () => {
    // About 2,000 buckets × ~30 bytes: ~60 KB each, so 60 of them are ~3.6 MB of results for a 2 MB cache.
    for (let i = 0; i < 60; i++) {
      const until = now - i * MINUTE;
      const res = await post(USAGE, { since: until - 2_000 * MINUTE, until });
      expect(res.body.errors).toBeUndefined();
      const { bytes } = await cache();
      expect(bytes).toBeLessThanOrEqual(MAX_BYTES);
    }
    const filled = await cache();
    expect(filled.bytes).toBeGreaterThan(MAX_BYTES / 2);
    // 10,000 buckets of every field: over 400 KB serialized, answered but never kept.
    const since = 600_000_000_000 - 10_000 * MINUTE;
    const first = await post(WIDE, { since });
    expect(first.body.errors).toBeUndefined();
    expect(JSON.stringify(first.body).length).toBeGreaterThan(ENTRY_MAX_BYTES);
    const start = await cache();
    await post(WIDE, { since });
    const after = await cache();
    expect(after.misses).toBe(start.misses + 1);
    expect(after.hits).toBe(start.hits);
  });

  it('logged nothing at error level', () => {
    const errors = logs.lines.filter((l) => (l.level ?? 0) >= 50);
    expect(errors).toEqual([]);
  });
});
