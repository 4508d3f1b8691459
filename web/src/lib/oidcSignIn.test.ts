import { describe, expect, it } from 'vitest';
import { base64url, beginSignIn, codeChallenge, finishSignIn, pickToken, withoutSignInParams } from './oidcSignIn';

function memory(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}
const jwt = (payload: object) => `e30.${base64url(new TextEncoder().encode(JSON.stringify(payload)))}.c2ln`;
const ISSUER = 'https://id.example.org';
const META = { issuer: ISSUER, authorization_endpoint: `${ISSUER}/auth`, token_endpoint: `${ISSUER}/token` };

describe('OIDC sign-in (authorization code + PKCE)', () => {
  it('computes the S256 challenge: base64url of SHA-256, unpadded', async () => {
    expect(await codeChallenge('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('presents the access token when its audience is the client id, else the ID token', () => {
    const access = jwt({ aud: ['pixeltales', 'x'] });
    expect(pickToken({ access_token: access, id_token: 'id' }, 'pixeltales')).toBe(access);
    expect(pickToken({ access_token: jwt({ aud: 'other' }), id_token: 'id' }, 'pixeltales')).toBe('id');
    expect(pickToken({ access_token: 'opaque', id_token: 'id' }, 'pixeltales')).toBe('id');
    expect(pickToken({ access_token: 'opaque' }, 'pixeltales')).toBeNull();
  });

  it('redirects with state and challenge, then trades the code with the verifier; other redirects are ignored', async () => {
    const session = memory();
    const requests: { url: string; body?: string }[] = [];
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      requests.push({ url, body: init?.body instanceof URLSearchParams ? init.body.toString() : undefined });
      if (url.endsWith('/.well-known/openid-configuration')) return Response.json(META);
      return Response.json({ access_token: jwt({ aud: 'pixeltales' }), id_token: 'id' });
    }) as typeof fetch;
    const to = new URL(await beginSignIn({ issuer: ISSUER, clientId: 'pixeltales' }, 'https://app.example/', session, fetcher));
    expect(to.origin + to.pathname).toBe(`${ISSUER}/auth`);
    const q = Object.fromEntries(to.searchParams);
    expect(q).toMatchObject({
      response_type: 'code',
      client_id: 'pixeltales',
      redirect_uri: 'https://app.example/',
      code_challenge_method: 'S256',
    });
    expect(q.state).toMatch(/^[\w-]{43}$/);

    expect(await finishSignIn('https://app.example/?code=c&state=forged', session, fetcher)).toBeNull();
    expect(await finishSignIn('https://app.example/', session, fetcher)).toBeNull();
    const done = await finishSignIn(`https://app.example/?code=the-code&state=${q.state}&iss=x`, session, fetcher);
    expect(done).toEqual({ ok: true, token: jwt({ aud: 'pixeltales' }) });
    const exchange = new URLSearchParams(requests.at(-1)!.body);
    expect(requests.at(-1)!.url).toBe(`${ISSUER}/token`);
    expect(Object.fromEntries(exchange)).toMatchObject({ grant_type: 'authorization_code', code: 'the-code', client_id: 'pixeltales' });
    expect(await codeChallenge(exchange.get('code_verifier')!)).toBe(q.code_challenge);
    // Used once: the same redirect again does nothing.
    expect(await finishSignIn(`https://app.example/?code=the-code&state=${q.state}`, session, fetcher)).toBeNull();
    expect(withoutSignInParams(`https://app.example/s/x?code=a&state=b&iss=c&keep=1#h`)).toBe('/s/x?keep=1#h');
  });

  it('reports a refusal and a provider naming another issuer', async () => {
    const session = memory();
    const fetcher = (async () => Response.json(META)) as unknown as typeof fetch;
    const to = new URL(await beginSignIn({ issuer: ISSUER, clientId: 'c' }, 'https://app.example/', session, fetcher));
    const refused = await finishSignIn(`https://app.example/?error=access_denied&state=${to.searchParams.get('state')}`, session, fetcher);
    expect(refused).toEqual({ ok: false, error: 'sign-in refused: access_denied' });
    await expect(beginSignIn({ issuer: 'https://evil.example', clientId: 'c' }, 'https://app.example/', session, fetcher)).rejects.toThrow(
      /another issuer/,
    );
  });
});
