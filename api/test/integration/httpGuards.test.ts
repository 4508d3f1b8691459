import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { rawPost, snapshot, wsRun } from '../support/hardening.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const TOKEN = 'moderator-token-for-http-guards';
const ALLOWED = 'https://dash.example.org';
const NARRATE = 'mutation($id: ID!) { injectNarration(input: { sceneId: $id, text: "A cat walks by." }) { id } }';

describe('HTTP guards', () => {
  let server: TestServer;
  let sceneId: string;
  const base = () => `http://127.0.0.1:${server.port}`;

  beforeAll(async () => {
    server = await startTestServer({ MODERATOR_TOKENS: TOKEN, CORS_ORIGINS: ALLOWED });
    sceneId = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[0]!.id;
  });
  afterAll(() => server.stop());

  it('answers a body over MAX_BODY_BYTES with 413 and changes nothing', async () => {
    const before = await snapshot(server);
    const body = JSON.stringify({ query: NARRATE, variables: { id: sceneId, pad: 'x'.repeat(200_000) } });
    const res = await rawPost(server.url, body, { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/too large/);
    expect(await snapshot(server)).toBe(before);
  });

  it('answers a chunked body that grows past the limit with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(`{"query":"{ __typename }","pad":"`);
      for (let i = 0; i < 10; i++) req.write('y'.repeat(10_000));
      req.end('"}');
    });
    expect(status).toBe(413);
    expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('gives a preflight from a disallowed origin no allow header', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
    const good = await preflight(ALLOWED);
    expect(good.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(good.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(good.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('sends no CORS headers on a cross-origin POST from a disallowed origin', async () => {
    const res = await rawPost(server.url, JSON.stringify({ query: '{ __typename }' }), {
      'content-type': 'application/json',
      origin: 'https://evil.example',
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a browser-like form POST without the CSRF header and changes nothing', async () => {
    const before = await snapshot(server);
    const form = new URLSearchParams({ query: NARRATE, variables: JSON.stringify({ id: sceneId }) });
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const res = await rawPost(server.url, form.toString(), {
        'content-type': type,
        authorization: `Bearer ${TOKEN}`,
        origin: 'https://evil.example',
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(json.errors[0]!.extensions.code).toBe('BAD_INPUT');
      expect(json.errors[0]!.message).toContain('x-pixeltales-csrf');
    }
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(400);
    expect(await snapshot(server)).toBe(before);
  });

  it('lets through JSON POST, the CSRF header, and the GraphiQL page', async () => {
    expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    const form = new URLSearchParams({ query: '{ __typename }' }).toString();
    const withHeader = await rawPost(server.url, form, { 'content-type': 'application/x-www-form-urlencoded', 'x-pixeltales-csrf': '1' });
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'x-pixeltales-csrf': '1' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const graphiql = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('PixelTales GraphQL');
  });

  it('serves subscriptions over graphql-ws only, not SSE', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription($id: ID!) { sceneEvents(sceneId: $id) { seq } }', variables: { id: sceneId } }),
    });
    const text = await res.text();
    expect(text).toContain('BAD_INPUT');
    expect(text).toContain('graphql-ws');
  });

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, 'ready']);
    const client = server.wsClient();
    await wsRun(client, '{ __typename }');
    const res = await fetch(`${base()}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/pixeltales_http_requests_total\{route="graphql",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/pixeltales_graphql_operations_total\{type="query"\} \d+/);
    expect(text).toMatch(/^pixeltales_queue_depth \d+$/m);
    expect(text).toMatch(/^pixeltales_ws_connections 1$/m);
    expect(text).toContain('pixeltales_ws_active_operations');
    expect(text).toContain('# TYPE pixeltales_model_latency_seconds histogram');
    expect(text).toContain('# TYPE pixeltales_model_tokens_total counter');
    expect(text).toContain('pixeltales_process_cpu_seconds_total');
  });
});

describe('switches', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ INTROSPECTION: 'false', GRAPHIQL: 'false', METRICS: 'false', CSRF_PREVENTION: 'false' });
  });
  afterAll(() => server.stop());

  it('INTROSPECTION=false refuses __schema and __type over HTTP and graphql-ws, keeps __typename', async () => {
    for (const q of ['{ __schema { types { name } } }', '{ __type(name: "Scene") { name } }']) {
      const res = await server.gql(q);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const ws = await wsRun(server.wsClient(), q);
      expect(ws.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('GRAPHIQL=false, METRICS=false and CSRF_PREVENTION=false do what they say', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('PixelTales GraphQL');
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(404);
    // Without the check yoga runs form posts: exactly what a cross-site form could send.
    const form = new URLSearchParams({ query: '{ __typename }' }).toString();
    const plain = await rawPost(server.url, form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(await plain.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
