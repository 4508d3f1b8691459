import type { ApiKeyRow } from '../../adapters/db/entities.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/apiKeys.js';
import { apiKeysRuntime } from '../../services/apiKeysRuntime.js';
import { requireModerator } from '../auth.js';
import { builder } from '../builder.js';
import { browserOrigin } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { textArg } from '../validate.js';

/*
 * API keys for third parties: moderators create, list and revoke them. A key is sent as
 * `Authorization: Bearer <key>` and makes a viewer with its own rate limit (services/apiKeys*.ts,
 * http/apiKeyLimit.ts). The key itself is returned once, by createApiKey; only its digest is kept.
 */

const MAX_ORIGINS = 20;
const MAX_RATE = 1_000_000;

export const ApiKeyRef = builder.objectRef<ApiKeyRow>('ApiKey').implement({
  description: 'An API key for a third party (moderators only). The key itself is shown once, when it is created.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Key id (for revokeApiKey).' }),
    name: t.exposeString('name', { description: 'What the key is for.' }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to recognise it (e.g. `ptk_AbCd1234`).' }),
    requestsPerMinute: t.exposeInt('requestsPerMinute', {
      nullable: true,
      description: "The key's own limit of requests per minute; null: the server default (API_KEY_RATE_MAX).",
    }),
    allowedOrigins: t.stringList({
      description:
        'Browser origins that may use the key (scheme://host[:port]); empty: any. Requests without an Origin are not restricted.',
      resolve: (k) => k.allowedOrigins,
    }),
    createdAt: t.field({ type: 'Timestamp', description: 'When it was created.', resolve: (k) => k.createdAt }),
    createdBy: t.exposeString('createdBy', { description: 'The moderator who created it.' }),
    revokedAt: t.field({ type: 'Timestamp', nullable: true, description: 'When it was revoked, if it was.', resolve: (k) => k.revokedAt }),
    revokedBy: t.exposeString('revokedBy', { nullable: true, description: 'The moderator who revoked it, if any.' }),
    lastUsedAt: t.field({
      type: 'Timestamp',
      nullable: true,
      description: 'The last request made with it (written every few seconds by each API replica).',
      resolve: (k) => k.lastUsedAt,
    }),
    requests: t.float({
      description: 'Requests (operations) made with the key, rejected ones included.',
      resolve: (k) => Number(k.requests),
    }),
    rejected: t.float({
      description: 'Requests refused: over its rate limit, or from an origin it does not allow.',
      resolve: (k) => Number(k.rejected),
    }),
  }),
});

const CreatedRef = builder.objectRef<{ key: ApiKeyRow; secret: string }>('CreatedApiKey').implement({
  description: 'A new API key: the secret is shown here only, never again.',
  fields: (t) => ({
    key: t.field({ type: ApiKeyRef, description: 'The stored key.', resolve: (c) => c.key }),
    secret: t.exposeString('secret', {
      description: 'The key to send as `Authorization: Bearer <secret>`. Store it now: only its hash is kept.',
    }),
  }),
});

const CreateInput = builder.inputType('CreateApiKeyInput', {
  description: 'A new API key.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'What the key is for (1–60 characters).' }),
    requestsPerMinute: t.int({ description: `Requests per minute (1–${MAX_RATE}); omitted or null: the server default.` }),
    allowedOrigins: t.stringList({
      description: `Browser origins allowed to use the key (at most ${MAX_ORIGINS}, each scheme://host[:port]); omitted or empty: any.`,
    }),
  }),
});

const RevokeInput = builder.inputType('RevokeApiKeyInput', {
  description: 'Names an API key.',
  fields: (t) => ({ id: t.id({ required: true, description: 'Key id.' }) }),
});

/** Origins as browsers send them: http(s), no path, query or credentials; normalised and deduplicated. */
function originsArg(values: readonly string[] | null | undefined): string[] {
  const list = values ?? [];
  if (list.length > MAX_ORIGINS) throw badInput(`allowedOrigins takes at most ${MAX_ORIGINS} origins`, 'allowedOrigins');
  const origins = list.map((value) => {
    const origin = value.length <= 200 ? browserOrigin(value.trim()) : null;
    // `https://a.example/` is the origin itself; anything else after the host is refused, not dropped.
    if (!origin || value.trim().replace(/\/$/, '') !== origin) {
      throw badInput(`allowedOrigins: "${value.slice(0, 80)}" is not an origin (scheme://host[:port])`, 'allowedOrigins');
    }
    return origin;
  });
  return [...new Set(origins)];
}

function rateArg(value: number | null | undefined): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_RATE) {
    throw badInput(`requestsPerMinute must be an integer from 1 to ${MAX_RATE}`, 'requestsPerMinute');
  }
  return value;
}

function keyIdArg(value: string | number): number {
  const text = String(value);
  if (!/^\d{1,10}$/.test(text)) throw badInput('id must be an API key id (digits)', 'id');
  return Number(text);
}

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKeyRef],
    description: 'API keys, newest first, with their usage (moderators only).',
    args: { includeRevoked: t.arg.boolean({ description: 'Include revoked keys (default true).' }) },
    resolve: async (_r, args, ctx) => {
      requireModerator(ctx);
      // This replica's pending counts first, so a moderator sees what just happened here.
      await apiKeysRuntime(ctx.container).flush();
      return listApiKeys(ctx.container, args.includeRevoked ?? true);
    },
  }),
);

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreatedRef,
    description: 'Create an API key (moderators only). The secret is in the answer and nowhere else.',
    args: { input: t.arg({ type: CreateInput, required: true, description: 'The key.' }) },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const name = textArg(input.name, 'name', 1, 60);
      const requestsPerMinute = rateArg(input.requestsPerMinute);
      const allowedOrigins = originsArg(input.allowedOrigins);
      return createApiKey(ctx.container, { name, requestsPerMinute, allowedOrigins, createdBy: ctx.moderator ?? 'moderator' });
    },
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: ApiKeyRef,
    description:
      'Revoke an API key (moderators only): refused at once on this replica, within API_KEY_CACHE_MS (5 s by default) on the others. Revoking twice changes nothing.',
    args: { input: t.arg({ type: RevokeInput, required: true, description: 'Which key.' }) },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const id = keyIdArg(input.id);
      const key = await revokeApiKey(ctx.container, id, ctx.moderator ?? 'moderator');
      if (!key) throw notFound('API key', String(input.id));
      apiKeysRuntime(ctx.container).forget(id);
      return key;
    },
  }),
);
