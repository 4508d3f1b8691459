import { createHash, randomBytes } from 'node:crypto';
import { ApiKeyEntity, type ApiKeyRow } from '../adapters/db/entities.js';
import type { Container } from '../container.js';

/** Every key starts with this, so a bearer token that is meant as an API key is recognised as one. */
export const API_KEY_PREFIX = 'ptk_';
/** `ptk_` + 43 base64url characters (32 random bytes). */
const KEY_SHAPE = /^ptk_[A-Za-z0-9_-]{43}$/;
/** Characters of the key kept in clear for recognition (`ptk_` + 8). */
const SHOWN = 12;

/** True when a bearer token has the shape of an API key (whether or not it exists). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/**
 * Hex SHA-256 of a key. Keys are 256 random bits, so there is no dictionary to try and no need
 * for a slow, salted password hash; a plain digest keeps the lookup a single indexed equality.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What `createApiKey` stores; validated by the caller (graphql/schema/apiKey.ts). */
export interface NewApiKey {
  name: string;
  requestsPerMinute: number | null;
  allowedOrigins: string[];
  createdBy: string;
}

/** Store a new key; the only time the secret exists outside the caller's hands. */
export async function createApiKey(container: Container, input: NewApiKey): Promise<{ key: ApiKeyRow; secret: string }> {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const em = container.orm.em.fork();
  const key = em.create(ApiKeyEntity, {
    name: input.name,
    prefix: secret.slice(0, SHOWN),
    secretHash: hashApiKey(secret),
    requestsPerMinute: input.requestsPerMinute,
    allowedOrigins: input.allowedOrigins,
    createdAt: container.clock.now(),
    createdBy: input.createdBy.slice(0, 40),
    revokedAt: null,
    revokedBy: null,
    lastUsedAt: null,
    requests: 0,
    rejected: 0,
  });
  await em.flush();
  return { key, secret };
}

/** Every key, newest first (revoked ones too unless asked otherwise). */
export async function listApiKeys(container: Container, includeRevoked: boolean): Promise<ApiKeyRow[]> {
  return container.orm.em.fork().find(ApiKeyEntity, includeRevoked ? {} : { revokedAt: null }, { orderBy: { id: 'desc' } });
}

/**
 * Revoke a key (idempotent: a revoked key keeps its first revocation). Null when no such key.
 */
export async function revokeApiKey(container: Container, id: number, by: string): Promise<ApiKeyRow | null> {
  const em = container.orm.em.fork();
  const key = await em.findOne(ApiKeyEntity, { id });
  if (!key) return null;
  if (key.revokedAt == null) {
    key.revokedAt = container.clock.now();
    key.revokedBy = by.slice(0, 40);
    await em.flush();
  }
  return key;
}

/** The live key for a presented token, or null (malformed, unknown or revoked). */
export async function findLiveApiKey(container: Container, token: string): Promise<ApiKeyRow | null> {
  if (!KEY_SHAPE.test(token)) return null;
  return container.orm.em.fork().findOne(ApiKeyEntity, { secretHash: hashApiKey(token), revokedAt: null });
}

/** Usage counted since the last flush, per key id. */
export interface PendingUsage {
  requests: number;
  rejected: number;
  lastUsedAt: number;
}

/**
 * Add counted usage to the rows. `column + n` keeps every replica's counts; lastUsedAt only
 * moves forward. One statement per key that was used since the last flush.
 */
export async function addApiKeyUsage(container: Container, usage: ReadonlyMap<number, PendingUsage>): Promise<void> {
  const connection = container.orm.em.getConnection();
  for (const [id, u] of usage) {
    await connection.execute(
      'update "api_key" set "requests" = "requests" + ?, "rejected" = "rejected" + ?, ' +
        '"last_used_at" = case when "last_used_at" is null or "last_used_at" < ? then ? else "last_used_at" end where "id" = ?',
      [u.requests, u.rejected, u.lastUsedAt, u.lastUsedAt, id],
    );
  }
}
