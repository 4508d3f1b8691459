import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { allowInsecureRequests, discovery } from 'openid-client';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../../ports/tokenVerifier.js';

/** OIDC moderators: tokens from this issuer, for this client id, holding this role in this claim. */
export interface OidcOptions {
  issuer: string;
  clientId: string;
  /** A claim name, or a dotted path into nested claims (`realm_access.roles`). */
  roleClaim: string;
  moderatorRole: string;
}

/** A compact JWS: three base64url parts. Anything else is not ours to verify. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_CHARS = 8_192;
/** Asymmetric algorithms only: a shared-secret (HS*) or unsigned token is never accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Clock skew allowed between the issuer and us on exp/nbf/iat. */
const CLOCK_TOLERANCE_S = 30;
/** After a failed discovery, the next request tries again no sooner than this. */
const DISCOVERY_RETRY_MS = 10_000;
const MODERATOR_NAME_CHARS = 40;

/** http:// issuers are allowed only on the loopback interface (a provider run in tests or on the same host). */
function isLoopbackUrl(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * openid-client discovers the issuer (its metadata, checked to name the configured issuer) once,
 * lazily, so a provider that is down at start-up delays nothing but OIDC sign-ins; jose verifies
 * each token against the discovered JWKS, which it caches (refetched on an unknown key id, at
 * most every 30 s). Why jose for the token itself: openid-client validates what it receives as a
 * client (ID tokens in its own flows), not bearer tokens presented to a resource server.
 */
export function createOidcVerifier(options: OidcOptions, logger: Logger): TokenVerifier {
  const issuerUrl = new URL(options.issuer);
  let keys: Promise<{ issuer: string; jwks: ReturnType<typeof createRemoteJWKSet> }> | null = null;
  let failedAt = -Infinity;

  function discover() {
    if (keys) return keys;
    if (Date.now() - failedAt < DISCOVERY_RETRY_MS) return Promise.reject(new Error('issuer discovery failed recently'));
    keys = discovery(issuerUrl, options.clientId, undefined, undefined, {
      timeout: 5,
      execute: issuerUrl.protocol === 'http:' && isLoopbackUrl(issuerUrl) ? [allowInsecureRequests] : [],
    }).then((configuration) => {
      const metadata = configuration.serverMetadata();
      if (!metadata.jwks_uri) throw new Error('the issuer publishes no jwks_uri');
      const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
      });
      logger.info({ issuer: metadata.issuer }, 'OIDC issuer discovered');
      return { issuer: metadata.issuer, jwks };
    });
    keys.catch((err: unknown) => {
      keys = null;
      failedAt = Date.now();
      logger.warn({ issuer: options.issuer, error: describe(err) }, 'OIDC issuer discovery failed');
    });
    return keys;
  }

  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_CHARS || !JWT_SHAPE.test(token)) return { ok: false, reason: 'not a JWT' };
      let issuer: string;
      let jwks: ReturnType<typeof createRemoteJWKSet>;
      try {
        ({ issuer, jwks } = await discover());
      } catch (err) {
        return { ok: false, reason: `issuer unavailable: ${describe(err)}` };
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer,
          audience: options.clientId,
          algorithms: ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (err) {
        return { ok: false, reason: describe(err) };
      }
      if (!hasRole(claimAt(payload, options.roleClaim), options.moderatorRole))
        return { ok: false, reason: `no ${options.moderatorRole} role in claim ${options.roleClaim}` };
      const moderator = moderatorName(payload);
      return moderator ? { ok: true, moderator } : { ok: false, reason: 'no usable preferred_username, name or sub' };
    },
  };
}

/** A claim by name, or by a dotted path into nested objects. */
function claimAt(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The role is one of an array of strings, or one of the space- or comma-separated words of a string. */
function hasRole(claim: unknown, role: string): boolean {
  if (Array.isArray(claim)) return claim.some((r) => r === role);
  if (typeof claim === 'string') return claim.split(/[\s,]+/).includes(role);
  return false;
}

/** The moderator's name for the log: preferred_username, else name, else sub; printable, at most 40 characters. */
function moderatorName(payload: JWTPayload): string | null {
  for (const key of ['preferred_username', 'name', 'sub']) {
    const value = payload[key];
    if (typeof value !== 'string') continue;
    const clean = value
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .trim()
      .slice(0, MODERATOR_NAME_CHARS);
    if (clean) return clean;
  }
  return null;
}

/** Why a verification failed, without the token: jose's error code and message (they never quote the token). */
function describe(err: unknown): string {
  if (err instanceof joseErrors.JOSEError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
}
