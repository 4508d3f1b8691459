import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A viewer the server issued an identity to: one vote per proposal, and later a chat name. */
export interface ViewerIdentity {
  /** `v.` + 22 base64url characters (never a valid client id, so old client-keyed votes cannot collide). */
  id: string;
  /** When it was issued (ms since the epoch). */
  issuedAt: number;
  /** The display name chosen when it was issued, if any. */
  name: string | null;
}

/** Issues and verifies viewer tokens: `pv1.<payload>.<signature>`, HMAC-SHA256 with the server secret. */
export interface ViewerSessions {
  /** A new identity and its token. */
  issue(name: string | null, now: number): { identity: ViewerIdentity; token: string };
  /** The identity a token carries, or null when it is malformed, not signed with this secret, or not a viewer token. */
  verify(token: string | null | undefined): ViewerIdentity | null;
}

const VERSION = 'pv1';
const ID = /^v\.[A-Za-z0-9_-]{22}$/;
/** Longer than any token this server issues (a 30-character name in UTF-8 included). */
const MAX_TOKEN_CHARS = 512;

const sign = (secret: Buffer, text: string) => createHmac('sha256', secret).update(text).digest();

/**
 * Signed, stateless viewer identities. The token carries the id, the issue time and an optional
 * display name; the signature makes it unforgeable without `secret`, so the server keeps no table
 * of sessions and any replica with the same secret accepts it. It does not expire and cannot be
 * revoked one by one: changing VIEWER_SECRET invalidates every token (votes already cast stay).
 */
export function createViewerSessions(secret: string): ViewerSessions {
  const key = Buffer.from(secret, 'utf8');
  return {
    issue(name, now) {
      const identity: ViewerIdentity = { id: `v.${randomBytes(16).toString('base64url')}`, issuedAt: now, name };
      const payload = Buffer.from(JSON.stringify({ i: identity.id, t: now, ...(name ? { n: name } : {}) })).toString('base64url');
      const signed = `${VERSION}.${payload}`;
      return { identity, token: `${signed}.${sign(key, signed).toString('base64url')}` };
    },
    verify(token) {
      if (!token || token.length > MAX_TOKEN_CHARS) return null;
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== VERSION) return null;
      const given = Buffer.from(parts[2]!, 'base64url');
      const expected = sign(key, `${parts[0]}.${parts[1]}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const body = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { i?: unknown; t?: unknown; n?: unknown };
        if (typeof body.i !== 'string' || !ID.test(body.i) || typeof body.t !== 'number') return null;
        return { id: body.i, issuedAt: body.t, name: typeof body.n === 'string' ? body.n : null };
      } catch {
        return null;
      }
    },
  };
}

/** A random secret for a process without VIEWER_SECRET (development): its tokens die with it. */
export function ephemeralViewerSecret(): string {
  return randomBytes(32).toString('base64url');
}
