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
 * The role a token grants, and which moderator it names. Tokens are compared by their SHA-256
 * digests with `timingSafeEqual`, every one of them every time, so neither length, content nor
 * position in the list leaks through timing.
 */
export function roleFor(
  moderators: readonly { name: string; token: string }[],
  authorization: string | null | undefined,
): { role: Role; badToken: boolean; moderator: string | null } {
  const presented = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!presented) return { role: 'VIEWER', badToken: false, moderator: null };
  const given = digest(presented);
  let moderator: string | null = null;
  for (const m of moderators) if (timingSafeEqual(given, digest(m.token)) && moderator === null) moderator = m.name;
  return moderator !== null ? { role: 'MODERATOR', badToken: false, moderator } : { role: 'VIEWER', badToken: true, moderator: null };
}

const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Build the GraphQL context for one HTTP request or one WebSocket operation. */
export function buildContext(container: Container, credentials: Credentials): Context {
  const { role, badToken, moderator } = roleFor(container.config.moderators, credentials.authorization);
  const clientId = credentials.clientId && CLIENT_ID.test(credentials.clientId) ? credentials.clientId : null;
  return { container, role, badToken, moderator, clientId, ip: credentials.ip };
}
