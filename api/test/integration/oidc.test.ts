import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import Provider from 'oidc-provider';
import { pino } from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { collect, waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Moderators signed in through OpenID Connect, against a real provider (oidc-provider) run in
 * this process: tokens are obtained from it over HTTP (client credentials, JWT access tokens
 * for a resource whose audience is PixelTales' client id) and PixelTales discovers it and
 * verifies them against its JWKS.
 */
const CLIENT_ID = 'pixeltales';
const PIXELTALES_API = 'urn:pixeltales:api';
const OTHER_API = 'urn:other:api';
/** Client id → what the provider says about it in its tokens. */
const ROBOTS: Record<string, { roles: string[]; preferred_username?: string }> = {
  'mod-alice': { roles: ['viewer', 'moderator'], preferred_username: 'alice.oidc' },
  'mod-nameless': { roles: ['moderator'] },
  'viewer-bob': { roles: ['viewer'], preferred_username: 'bob' },
};
const SECRET = 'a-client-secret-long-enough-0123456789';

type Result<T> = { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
const ME = '{ me { role } }';
const PAUSE = `mutation ($id: ID!) { pauseScene(input: { sceneId: $id, reason: "oidc check" }) { status } }`;
const RESUME = `mutation ($id: ID!) { resumeScene(input: { sceneId: $id }) { status } }`;
const LOG = `{ moderationLog(first: 5) { nodes { moderator action reason } } }`;

describe('OpenID Connect moderators', () => {
  let idp: Server;
  let issuer: string;
  let privateJwk: JWK;
  let server: TestServer;
  let sceneId: string;
  const sockets: Client[] = [];
  /** The API's log lines (debug), to see why each token was refused and that no token is logged. */
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const refusals = () =>
    lines.flatMap((l) => {
      const entry = JSON.parse(l) as { msg?: string; reason?: string };
      return entry.msg === 'bearer token refused' ? [entry.reason ?? ''] : [];
    });

  /** A token from the provider's token endpoint: client credentials for `resource`. */
  async function tokenFor(clientId: string, resource = PIXELTALES_API): Promise<string> {
    const res = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'moderate' }),
    });
    const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
    if (!body.access_token) throw new Error(`no token: ${body.error} ${body.error_description}`);
    return body.access_token;
  }

  const post = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Result<T>;
  };

  const wsClient = (token: string) => {
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: { authorization: token },
    });
    sockets.push(client);
    return client;
  };

  /** One operation over graphql-ws with `connectionParams.authorization`. */
  async function overWs<T>(query: string, variables: Record<string, unknown>, token: string): Promise<Result<T>> {
    const client = wsClient(token);
    const result = await new Promise<Result<T>>((resolve, reject) => {
      let last: Result<T> = {};
      client.subscribe<T>({ query, variables }, { next: (r) => (last = r as Result<T>), error: reject, complete: () => resolve(last) });
    });
    await client.dispose();
    return result;
  }

  beforeAll(async () => {
    idp = createServer();
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const provider = new Provider(issuer, {
      jwks: { keys: [privateJwk] },
      cookies: { keys: ['cookie-key-0123456789abcdef'] },
      clients: Object.keys(ROBOTS).map((client_id) => ({
        client_id,
        client_secret: SECRET,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      })),
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => PIXELTALES_API,
          useGrantedResource: () => true,
          // PixelTales' audience is its client id; another API has its own.
          getResourceServerInfo: (_ctx, resource) => ({
            scope: 'moderate',
            audience: resource === PIXELTALES_API ? CLIENT_ID : 'other-app',
            accessTokenFormat: 'jwt',
            accessTokenTTL: 300,
          }),
        },
      },
      ttl: { ClientCredentials: 300 },
      // The role claim (and a display name) in every access token.
      extraTokenClaims: (_ctx, token) => {
        const robot = 'clientId' in token && typeof token.clientId === 'string' ? ROBOTS[token.clientId] : undefined;
        return robot ? { ...robot } : {};
      },
    });
    const handle = provider.callback();
    idp.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));

    server = await startTestServer({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, RUN_WITHOUT_VIEWERS: 'true' }, { logger });
    sceneId = (await post<{ scenes: { id: string }[] }>('{ scenes { id } }', {})).data!.scenes[0]!.id;
  });

  afterAll(async () => {
    for (const c of sockets) await c.dispose();
    await server?.stop();
    idp?.closeAllConnections();
    await new Promise((r) => idp?.close(r));
  });

  it('a token from the issuer for our client id, with the moderator role, makes a moderator named by the token', async () => {
    // The web app learns where to sign in.
    expect((await post<{ oidcSignIn: unknown }>('{ oidcSignIn { issuer clientId } }', {})).data?.oidcSignIn).toEqual({
      issuer,
      clientId: CLIENT_ID,
    });
    const token = await tokenFor('mod-alice');
    expect((await post<{ me: { role: string } }>(ME, {}, token)).data?.me.role).toBe('MODERATOR');
    const paused = await post<{ pauseScene: { status: string } }>(PAUSE, { id: sceneId }, token);
    expect(paused.errors).toBeUndefined();
    expect(paused.data?.pauseScene.status).toBe('PAUSED');
    // Without a preferred_username (or name), the subject names the moderator: here the client id.
    expect((await post(RESUME, { id: sceneId }, await tokenFor('mod-nameless'))).errors).toBeUndefined();
    const log = await post<{ moderationLog: { nodes: { moderator: string; action: string; reason: string | null }[] } }>(LOG, {}, token);
    expect(log.data?.moderationLog.nodes.slice(0, 2)).toEqual([
      { moderator: 'mod-nameless', action: 'RESUME_SCENE', reason: null },
      { moderator: 'alice.oidc', action: 'PAUSE_SCENE', reason: 'oidc check' },
    ]);
  });

  it('a token for another audience, without the role, expired, tampered with or signed by another key is a viewer', async () => {
    const good = await tokenFor('mod-alice');
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const { privateKey: strangerKey } = await generateKeyPair('RS256');
    const sign = (key: CryptoKey | JWK, body: Record<string, unknown>) =>
      new SignJWT(body).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'at+jwt' }).sign(key);
    const issuerKey = (await importJWK(privateJwk, 'RS256')) as CryptoKey;
    // Control: the same claims signed again with the issuer's key are accepted.
    expect((await post<{ me: { role: string } }>(ME, {}, await sign(issuerKey, claims))).data?.me.role).toBe('MODERATOR');

    // Each with the reason logged at debug.
    const refused: Record<string, [string, RegExp]> = {
      'another audience': [await tokenFor('mod-alice', OTHER_API), /ERR_JWT_CLAIM_VALIDATION_FAILED.*"aud"/],
      'no moderator role': [await tokenFor('viewer-bob'), /no moderator role in claim roles/],
      expired: [await sign(issuerKey, { ...claims, iat: now - 3600, exp: now - 600 }), /ERR_JWT_EXPIRED/],
      tampered: [
        `${header}.${Buffer.from(JSON.stringify({ ...claims, preferred_username: 'mallory' })).toString('base64url')}.${signature}`,
        /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/,
      ],
      'another key': [await sign(strangerKey, claims), /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/],
      'another issuer': [await sign(issuerKey, { ...claims, iss: 'https://issuer.invalid' }), /ERR_JWT_CLAIM_VALIDATION_FAILED.*"iss"/],
      'not a JWT': ['not-a-jwt-and-not-a-moderator-token', /not a JWT/],
    };
    for (const [why, [token, reason]] of Object.entries(refused)) {
      lines.length = 0;
      expect((await post<{ me: { role: string } }>(ME, {}, token)).data?.me.role, why).toBe('VIEWER');
      expect((await post(PAUSE, { id: sceneId }, token)).errors?.[0]?.extensions?.code, why).toBe('UNAUTHENTICATED');
      expect(refusals(), why).toHaveLength(2);
      for (const r of refusals()) expect(r, why).toMatch(reason);
      expect(lines.join('').includes(token.split('.').at(-1)!), `${why}: token logged`).toBe(false);
    }
  });

  it('works over graphql-ws with connectionParams.authorization', async () => {
    const token = await tokenFor('mod-alice');
    expect((await overWs<{ me: { role: string } }>(ME, {}, token)).data?.me.role).toBe('MODERATOR');
    expect((await overWs(PAUSE, { id: sceneId }, token)).errors).toBeUndefined();
    expect((await overWs(RESUME, { id: sceneId }, token)).errors).toBeUndefined();
    const bob = await tokenFor('viewer-bob');
    expect((await overWs<{ me: { role: string } }>(ME, {}, bob)).data?.me.role).toBe('VIEWER');
    expect((await overWs(PAUSE, { id: sceneId }, bob)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('sceneEvents subscriptions (the broadcast path) get the same role: only the moderator sees why a message was hidden', async () => {
    const [alice, bob] = [await tokenFor('mod-alice'), await tokenFor('viewer-bob')];
    type Ev = { sceneEvents: { __typename: string; messageId?: string; hiddenReason?: string | null } };
    const EVENTS = `subscription ($id: ID!, $after: Int) {
      sceneEvents(sceneId: $id, afterSeq: $after) { __typename ... on MessageHidden { messageId hiddenReason } } }`;
    let messageId: string | undefined;
    await waitFor(async () => {
      const page = await post<{ messages: { nodes: { id: string }[] } }>(
        'query ($id: ID!) { messages(sceneId: $id, first: 1) { nodes { id } } }',
        {
          id: sceneId,
        },
      );
      messageId = page.data?.messages.nodes[0]?.id;
      return messageId !== undefined;
    });
    const lastSeq = (await post<{ scene: { lastSeq: number } }>('query ($id: ID!) { scene(id: $id) { lastSeq } }', { id: sceneId })).data!
      .scene.lastSeq;
    const hidden = (items: Ev[]) => items.some((i) => i.sceneEvents.__typename === 'MessageHidden');
    const watching = [alice, bob].map((token) => collect<Ev>(wsClient(token), EVENTS, { id: sceneId, after: lastSeq }, hidden));
    const hide = await post(
      `mutation ($m: ID!) { hideMessage(input: { messageId: $m, reason: "spoiler" }) { hidden } }`,
      { m: messageId },
      alice,
    );
    expect(hide.errors).toBeUndefined();
    const [asAlice, asBob] = await Promise.all(watching);
    const event = (r: { items: Ev[] }) => r.items.find((i) => i.sceneEvents.__typename === 'MessageHidden')?.sceneEvents;
    expect(event(asAlice!)).toEqual({ __typename: 'MessageHidden', messageId, hiddenReason: 'spoiler' });
    expect(event(asBob!)).toEqual({ __typename: 'MessageHidden', messageId, hiddenReason: null });
  });

  it('an issuer that does not answer leaves static moderator tokens working and OIDC tokens viewers', async () => {
    const staticToken = 'static-moderator-token-0123456789';
    const down = await startTestServer({
      OIDC_ISSUER: 'http://127.0.0.1:9',
      OIDC_CLIENT_ID: CLIENT_ID,
      MODERATOR_TOKENS: `carol:${staticToken}`,
    });
    try {
      const ask = async (token: string) =>
        (
          (await (
            await fetch(down.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ query: ME }),
            })
          ).json()) as Result<{ me: { role: string } }>
        ).data?.me.role;
      expect(await ask(await tokenFor('mod-alice'))).toBe('VIEWER');
      expect(await ask(staticToken)).toBe('MODERATOR');
      const signIn = await fetch(down.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ oidcSignIn { clientId } }' }),
      });
      expect(((await signIn.json()) as Result<{ oidcSignIn: unknown }>).data?.oidcSignIn).toEqual({ clientId: CLIENT_ID });
    } finally {
      await down.stop();
    }
  });
});

describe('OIDC configuration', () => {
  it('is all or nothing, https (http on loopback only), with roles and moderator role defaults', () => {
    expect(loadConfig({}).oidc).toBeNull();
    expect(loadConfig({ OIDC_ISSUER: 'https://id.example.org/realms/x', OIDC_CLIENT_ID: 'pixeltales' }).oidc).toEqual({
      issuer: 'https://id.example.org/realms/x',
      clientId: 'pixeltales',
      roleClaim: 'roles',
      moderatorRole: 'moderator',
    });
    expect(
      loadConfig({
        OIDC_ISSUER: 'http://localhost:8080',
        OIDC_CLIENT_ID: 'web',
        OIDC_ROLE_CLAIM: 'realm_access.roles',
        OIDC_MODERATOR_ROLE: 'pixeltales-mod',
      }).oidc,
    ).toMatchObject({ roleClaim: 'realm_access.roles', moderatorRole: 'pixeltales-mod' });
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example.org' })).toThrow(
      /needs both OIDC_ISSUER and OIDC_CLIENT_ID \(OIDC_CLIENT_ID is missing\)/,
    );
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'pixeltales' })).toThrow(/OIDC_ISSUER is missing/);
    expect(() => loadConfig({ OIDC_ROLE_CLAIM: 'groups' })).toThrow(/OIDC_ROLE_CLAIM need OIDC_ISSUER and OIDC_CLIENT_ID/);
    expect(() => loadConfig({ OIDC_ISSUER: 'http://id.example.org', OIDC_CLIENT_ID: 'x' })).toThrow(/must be https:\/\//);
    expect(() => loadConfig({ OIDC_ISSUER: 'ftp://id.example.org', OIDC_CLIENT_ID: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example.org', OIDC_CLIENT_ID: 'x', OIDC_ROLE_CLAIM: 'a b' })).toThrow(
      /claim name, or a dotted path/,
    );
  });
});
