import { createHash, timingSafeEqual } from 'node:crypto';
import type { Container } from '../container.js';
import type { Context, Role } from './builder.js';

/** What a request or a socket presents about itself. */
export interface Credentials {
  /** `Bearer <token>` from the Authorization header, or a bare token from connectionParams. */
  authorization?: string | null;
  /** The web app's stable client id (votes are one per client). */
  clientId?: string | null;
  /** The caller's address as `http/clientAddress.ts` resolves it (proxy-aware). */
  ip: string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The role a token grants. Tokens are compared by their SHA-256 digests with
 * `timingSafeEqual`, so neither length nor content leaks through timing.
 */
export function roleFor(tokens: readonly string[], authorization: string | null | undefined): { role: Role; badToken: boolean } {
  const presented = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!presented) return { role: 'VIEWER', badToken: false };
  const given = digest(presented);
  let match = false;
  for (const token of tokens) match = timingSafeEqual(given, digest(token)) || match;
  return match ? { role: 'MODERATOR', badToken: false } : { role: 'VIEWER', badToken: true };
}

const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Build the GraphQL context for one HTTP request or one WebSocket operation. */
export function buildContext(container: Container, credentials: Credentials): Context {
  const { role, badToken } = roleFor(container.config.moderatorTokens, credentials.authorization);
  const clientId = credentials.clientId && CLIENT_ID.test(credentials.clientId) ? credentials.clientId : null;
  return { container, role, badToken, clientId, ip: credentials.ip };
}
