import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../ports/tokenVerifier.js';
import type { Container } from '../container.js';
import { looksLikeApiKey } from '../services/apiKeys.js';
import { apiKeysRuntime } from '../services/apiKeysRuntime.js';
import type { Context, Role } from './builder.js';

/** What a request or a socket presents about itself. */
export interface Credentials {
  /** `Bearer <token>` from the Authorization header, or a bare token from connectionParams. */
  authorization?: string | null;
  /** The web app's stable client id (its own claim: it narrows the mutation limit, nothing more). */
  clientId?: string | null;
  /** A viewer session token (`x-viewer-token` / connectionParams.viewerToken) from `startViewerSession`. */
  viewerToken?: string | null;
  /** The caller's address as `http/clientAddress.ts` resolves it (proxy-aware). */
  ip: string;
  /** The browser's `Origin` header (of the request, or of the WebSocket upgrade), if any. */
  origin?: string | null;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Who decides roles: the static moderators, and the OIDC verifier when configured. */
export interface Authorities {
  moderators: readonly { name: string; token: string }[];
  oidc: TokenVerifier | null;
  logger: Pick<Logger, 'debug'>;
}

export type RoleDecision = {
  role: Role;
  badToken: boolean;
  moderator: string | null;
  /** The token has an API key's shape (`ptk_…`) and is no moderator's: the caller resolves it (./buildContext). */
  apiKeyToken?: string;
};

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
  // Never sent to the OIDC issuer's verifier: an API key is looked up in the database instead.
  if (looksLikeApiKey(presented)) return { role: 'VIEWER', badToken: false, moderator: null, apiKeyToken: presented };
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
/** Three base64url segments: what a JWT looks like (only the verifier can say whether it is one). */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** How {@link buildContext} treats a credential it refuses. */
export interface ContextOptions {
  /**
   * Count it against the caller's address (services/credentialGuard.ts): true for HTTP requests
   * and a graphql-ws `connection_init`; false for each operation of a socket, whose credentials
   * were counted once when it connected.
   */
  countFailures?: boolean;
}

/**
 * Build the GraphQL context for one HTTP request or one WebSocket operation. A caller that
 * presents credentials from an address locked out for refused ones is refused (RATE_LIMITED)
 * before the credentials are even checked; one without credentials never is.
 */
export async function buildContext(
  container: Container,
  credentials: Credentials,
  { countFailures = true }: ContextOptions = {},
): Promise<Context> {
  const clientId = credentials.clientId && CLIENT_ID.test(credentials.clientId) ? credentials.clientId : null;
  const base: Context = {
    container,
    // Not a credential that can be guessed (an HMAC), so a bad one is never counted: it is just no identity.
    viewer: container.viewerSessions.verify(credentials.viewerToken),
    role: 'VIEWER',
    badToken: false,
    moderator: null,
    clientId,
    ip: credentials.ip,
    apiKey: null,
    refusal: null,
  };
  const presented = credentials.authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!presented) return base;
  const guard = container.credentialGuard;
  const lockout = await guard.lockout(credentials.ip);
  if (!lockout.allowed) {
    const seconds = Math.ceil(lockout.retryAfterMs / 1000);
    const message = `Too many refused credentials from this address: try again in ${seconds} s.`;
    return { ...base, refusal: { code: 'RATE_LIMITED', message, retryAfterMs: lockout.retryAfterMs } };
  }
  const authorities = { moderators: container.config.moderators, oidc: container.oidc, logger: container.logger };
  const { role, badToken, moderator, apiKeyToken } = await roleFor(authorities, presented);
  const context: Context = { ...base, role, badToken, moderator };
  if (badToken) {
    if (countFailures) await guard.failed(credentials.ip, container.oidc && JWT_SHAPE.test(presented) ? 'bearer_jwt' : 'moderator_token');
    return context;
  }
  if (apiKeyToken === undefined) return context;
  const runtime = apiKeysRuntime(container);
  const apiKey = await runtime.resolve(apiKeyToken);
  if (!apiKey) {
    if (countFailures) await guard.failed(credentials.ip, 'api_key');
    return { ...context, refusal: { code: 'UNAUTHENTICATED', message: 'The API key is not valid (unknown or revoked).' } };
  }
  const origin = credentials.origin ? browserOrigin(credentials.origin) : null;
  if (credentials.origin && apiKey.allowedOrigins.length > 0 && (origin === null || !apiKey.allowedOrigins.includes(origin))) {
    runtime.count(apiKey.id, false);
    return { ...context, apiKey, refusal: { code: 'FORBIDDEN', message: 'This API key may not be used from this origin.' } };
  }
  return { ...context, apiKey };
}

/** `scheme://host[:port]` of an Origin header, or null when it is not an http(s) origin. */
export function browserOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
