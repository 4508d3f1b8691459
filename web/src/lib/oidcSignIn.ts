/**
 * Moderator sign-in through OpenID Connect: the authorization code flow with PKCE (S256) for a
 * public client, written by hand (a redirect out, one token request back). The browser only
 * carries the token; the server verifies it (issuer, audience, signature, expiry, role).
 */

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What the server says about sign-in (`oidcSignIn`). */
export interface SignInOptions {
  issuer: string;
  clientId: string;
}

/** A sign-in in flight, kept in this tab until the provider redirects back. */
interface Pending {
  state: string;
  verifier: string;
  clientId: string;
  tokenEndpoint: string;
  redirectUri: string;
}

export type SignInResult = { ok: true; token: string } | { ok: false; error: string } | null;

const PENDING_KEY = 'pixeltales.oidcPending';

export function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A random base64url string of `bytes` random bytes (43 characters for 32). */
export function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** RFC 7636 S256: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** The issuer's authorization and token endpoints, from its discovery document (which must name the same issuer). */
export async function discover(issuer: string, fetcher: typeof fetch = fetch): Promise<{ authorization: string; token: string }> {
  const res = await fetcher(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the sign-in provider answered ${res.status}`);
  const meta = (await res.json()) as Record<string, unknown>;
  const { issuer: named, authorization_endpoint: authorization, token_endpoint: token } = meta;
  if (typeof named !== 'string' || named.replace(/\/$/, '') !== issuer.replace(/\/$/, ''))
    throw new Error('the provider names another issuer');
  if (typeof authorization !== 'string' || typeof token !== 'string')
    throw new Error('the provider publishes no authorization or token endpoint');
  return { authorization, token };
}

/** Start signing in: remember a verifier and state in this tab and return the provider's authorization URL. */
export async function beginSignIn(
  options: SignInOptions,
  redirectUri: string,
  session: KeyValue | null,
  fetcher: typeof fetch = fetch,
): Promise<string> {
  const endpoints = await discover(options.issuer, fetcher);
  const pending: Pending = {
    state: randomString(),
    verifier: randomString(),
    clientId: options.clientId,
    tokenEndpoint: endpoints.token,
    redirectUri,
  };
  session?.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile',
    state: pending.state,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/**
 * Finish a sign-in when `url` is the provider's redirect back (code and state, or an error):
 * trade the code for tokens. Null when the URL is not a redirect back to a sign-in of this tab.
 */
export async function finishSignIn(href: string, session: KeyValue | null, fetcher: typeof fetch = fetch): Promise<SignInResult> {
  const url = new URL(href);
  const state = url.searchParams.get('state');
  const raw = state ? session?.getItem(PENDING_KEY) : null;
  if (!state || !raw) return null;
  let pending: Pending;
  try {
    pending = JSON.parse(raw) as Pending;
  } catch {
    return null;
  }
  if (pending.state !== state) return null;
  session?.removeItem(PENDING_KEY);
  const error = url.searchParams.get('error');
  if (error) return { ok: false, error: `sign-in refused: ${(url.searchParams.get('error_description') ?? error).slice(0, 200)}` };
  const code = url.searchParams.get('code');
  if (!code) return { ok: false, error: 'the provider sent no code' };
  try {
    const res = await fetcher(pending.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: pending.redirectUri,
        client_id: pending.clientId,
        code_verifier: pending.verifier,
      }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok)
      return {
        ok: false,
        error: `the provider refused the code: ${(typeof body.error === 'string' ? body.error : String(res.status)).slice(0, 100)}`,
      };
    const token = pickToken(body, pending.clientId);
    return token ? { ok: true, token } : { ok: false, error: 'the provider returned no token for this app' };
  } catch {
    return { ok: false, error: 'could not reach the sign-in provider' };
  }
}

/**
 * The token to present: the access token when it is a JWT for this client id (its audience),
 * else the ID token (whose audience is always the client id). The server checks either.
 */
export function pickToken(response: Record<string, unknown>, clientId: string): string | null {
  const { access_token: access, id_token: id } = response;
  if (typeof access === 'string' && audienceOf(access).includes(clientId)) return access;
  if (typeof id === 'string') return id;
  return null;
}

/** The `aud` of an (unverified) JWT, or none when it is not one. */
function audienceOf(token: string): string[] {
  const payload = token.split('.')[1];
  if (!payload) return [];
  try {
    const json = JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))) as { aud?: unknown };
    if (typeof json.aud === 'string') return [json.aud];
    return Array.isArray(json.aud) ? json.aud.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}

/** The URL without the provider's parameters, for `history.replaceState` after finishing. */
export function withoutSignInParams(href: string): string {
  const clean = new URL(href);
  for (const key of ['code', 'state', 'error', 'error_description', 'iss', 'session_state']) clean.searchParams.delete(key);
  return clean.pathname + clean.search + clean.hash;
}
