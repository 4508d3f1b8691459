import type { Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/builder.js';
import { appError } from '../graphql/errors.js';
import type { RateLimiter } from '../ports/rateLimiter.js';
import { apiKeysRuntime } from '../services/apiKeysRuntime.js';

const MINUTE_MS = 60_000;

/**
 * What an operation gets before it runs, for the API-key part of who is asking: a refused
 * caller (unknown or revoked key, a key used from an origin it does not allow) gets its error;
 * a key is counted against its own bucket (`apikey:<id>`, shared by every replica when the
 * limiter is Redis), not the client address's. Runs in envelop's execute and subscribe, so HTTP
 * and graphql-ws operations pass the same check; every operation a key makes is counted.
 */
export async function apiKeyVerdict(ctx: Context, limiter: RateLimiter) {
  if (ctx.refusal) {
    const { code, message, retryAfterMs } = ctx.refusal;
    return appError(code, message, retryAfterMs === undefined ? {} : { retryAfterMs });
  }
  const key = ctx.apiKey;
  if (!key) return null;
  const decision = await limiter.consume(`apikey:${key.id}`, key.requestsPerMinute, MINUTE_MS);
  apiKeysRuntime(ctx.container).count(key.id, decision.allowed);
  if (decision.allowed) return null;
  const seconds = Math.ceil(decision.retryAfterMs / 1000);
  return appError('RATE_LIMITED', `This API key allows ${key.requestsPerMinute} requests per minute: try again in ${seconds} s.`, {
    retryAfterMs: decision.retryAfterMs,
  });
}

/** The envelop plugin applying {@link apiKeyVerdict} to queries, mutations and subscriptions. */
export function useApiKeyLimit(limiter: RateLimiter): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const error = await apiKeyVerdict(args.contextValue, limiter);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const error = await apiKeyVerdict(args.contextValue, limiter);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
