import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../ports/tokenVerifier.js';
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

/** Who decides roles: the static moderators, and the OIDC verifier when configured. */
export interface Authorities {
  moderators: readonly { name: string; token: string }[];
  oidc: TokenVerifier | null;
  logger: Pick<Logger, 'debug'>;
}

export type RoleDecision = { role: Role; badToken: boolean; moderator: string | null };

/**
 * The one place a role is decided, for HTTP requests and every graphql-ws operation alike.
 * A static token (MODERATOR_TOKENS) is compared by SHA-256 digest with `timingSafeEqual`,
 * every one of them every time, so neither length, content nor position in the list leaks
 * through timing. Otherwise, with OIDC configured, the token is verified as a JWT from the
 * issuer (./adapters/auth/oidc.ts). A token that passes neither makes a viewer with
 * `badToken` (moderator operations then answer UNAUTHENTICATED); why is logged at debug,
 * never the token. Never rejects.
 */
export async function roleFor(authorities: Authorities, authorization: string | null | undefined): Promise<RoleDecision> {
  const presented = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!presented) return { role: 'VIEWER', badToken: false, moderator: null };
  const given = digest(presented);
  let moderator: string | null = null;
  for (const m of authorities.moderators) if (timingSafeEqual(given, digest(m.token)) && moderator === null) moderator = m.name;
  if (moderator !== null) return { role: 'MODERATOR', badToken: false, moderator };
  if (authorities.oidc) {
    const verdict = await authorities.oidc.verify(presented).catch((err: unknown) => ({
      ok: false as const,
      reason: err instanceof Error ? err.message.slice(0, 200) : 'verification failed',
    }));
    if (verdict.ok) return { role: 'MODERATOR', badToken: false, moderator: verdict.moderator };
    authorities.logger.debug({ reason: verdict.reason }, 'bearer token refused');
  } else {
    authorities.logger.debug({ reason: 'no moderator token matches' }, 'bearer token refused');
  }
  return { role: 'VIEWER', badToken: true, moderator: null };
}

const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Build the GraphQL context for one HTTP request or one WebSocket operation. */
export async function buildContext(container: Container, credentials: Credentials): Promise<Context> {
  const authorities = { moderators: container.config.moderators, oidc: container.oidc, logger: container.logger };
  const { role, badToken, moderator } = await roleFor(authorities, credentials.authorization);
  const clientId = credentials.clientId && CLIENT_ID.test(credentials.clientId) ? credentials.clientId : null;
  return { container, role, badToken, moderator, clientId, ip: credentials.ip };
}
