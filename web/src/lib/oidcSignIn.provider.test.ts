import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginSignIn, finishSignIn } from './oidcSignIn';

/**
 * The hand-written sign-in against a real OpenID provider (oidc-provider, in this process):
 * its login and consent pages are answered like a browser would (form posts, cookies), and the
 * token the app keeps verifies the way the server checks it (issuer, audience, keys, role).
 */
const CLIENT_ID = 'pixeltales';
const REDIRECT = 'http://127.0.0.1:5173/';

describe('OIDC sign-in against oidc-provider', () => {
  let idp: Server;
  let issuer: string;

  beforeAll(async () => {
    idp = createServer();
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          token_endpoint_auth_method: 'none',
          redirect_uris: [REDIRECT],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      cookies: { keys: ['cookie-key-0123456789abcdef'] },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 300, IdToken: 300 },
      claims: { openid: ['sub'], profile: ['preferred_username', 'roles'] },
      // Profile claims in the ID token too (by default only in userinfo when an access token is issued).
      conformIdTokenClaims: false,
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ sub, preferred_username: sub, roles: ['moderator'] }),
      }),
    });
    const handle = provider.callback();
    idp.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));
  });

  afterAll(async () => {
    idp.closeAllConnections();
    await new Promise((r) => idp.close(r));
  });

  it('signs in with code + PKCE and keeps a token the server accepts', async () => {
    const session = new Map<string, string>();
    const storage = {
      getItem: (k: string) => session.get(k) ?? null,
      setItem: (k: string, v: string) => void session.set(k, v),
      removeItem: (k: string) => void session.delete(k),
    };
    const jar = new Map<string, string>();
    /** One browser request: cookies kept, redirects not followed. */
    const browse = async (url: string, form?: Record<string, string>) => {
      const res = await fetch(new URL(url, issuer), {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form ? new URLSearchParams(form) : undefined,
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      return res.headers.get('location');
    };

    let next: string | null = await beginSignIn({ issuer, clientId: CLIENT_ID }, REDIRECT, storage);
    // The provider's pages: log in as alice, consent, back to the app.
    for (let step = 0; step < 10 && next && !next.startsWith(REDIRECT); step++) {
      const interaction = /\/interaction\/([\w-]+)$/.exec(next);
      if (interaction) {
        const page = await (
          await fetch(new URL(next, issuer), { headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } })
        ).text();
        const prompt: Record<string, string> = page.includes('name="login"')
          ? { prompt: 'login', login: 'alice', password: 'x' }
          : { prompt: 'consent' };
        next = await browse(next, prompt);
      } else next = await browse(next);
    }
    expect(next).toMatch(/^http:\/\/127\.0\.0\.1:5173\/\?code=/);

    const result = await finishSignIn(next!, storage);
    expect(result?.ok).toBe(true);
    const token = result?.ok ? result.token : '';
    // What the API checks (api/src/adapters/auth/oidc.ts): issuer, audience = client id, the issuer's keys, the role.
    const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
    const { payload } = await jwtVerify(token, jwks, { issuer, audience: CLIENT_ID });
    expect(payload).toMatchObject({ sub: 'alice', preferred_username: 'alice', roles: ['moderator'] });
    expect(session.size).toBe(0);
  });
});
