import { getOperationAST, OperationTypeNode, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/builder.js';
import { appError } from '../graphql/errors.js';
import type { RateLimiter } from '../ports/rateLimiter.js';
import { addressKey } from '../domain/address.js';

/** Mutations allowed per window: per client id (when the client sends one) and per IP. */
export interface MutationRateOptions {
  max: number;
  ipMax: number;
  windowMs: number;
}

/**
 * Rate-limit every mutation, current and future, over HTTP and graphql-ws alike: the check
 * sits in envelop's `execute`, which both transports run. A client id is the caller's own
 * claim, so it only narrows the limit; the per-IP count (higher, for shared addresses)
 * stops a client that rotates ids. `ctx.ip` is the proxy-aware address (./clientAddress),
 * counted per /64 for IPv6. Refused mutations never reach a resolver.
 */
export function useMutationRateLimit(limiter: RateLimiter, options: MutationRateOptions): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      // envelop types graphql's arguments loosely (any graphql version); these are graphql 16's.
      const operation = getOperationAST(args.document as DocumentNode, args.operationName as string | null | undefined);
      if (operation?.operation !== OperationTypeNode.MUTATION) return;
      const ctx = args.contextValue as Context;
      // An API key's mutations count against the key's own bucket (./apiKeyLimit.ts), not the address's.
      if (ctx.apiKey) return;
      const checks: [string, number][] = [[`mut:ip:${addressKey(ctx.ip)}`, options.ipMax]];
      if (ctx.clientId) checks.unshift([`mut:client:${ctx.clientId}`, options.max]);
      for (const [key, max] of checks) {
        const decision = await limiter.consume(key, max, options.windowMs);
        if (!decision.allowed) {
          const seconds = Math.ceil(decision.retryAfterMs / 1000);
          setResultAndStopExecution({
            errors: [
              appError('RATE_LIMITED', `Too many changes: try again in ${seconds} s.`, {
                retryAfterMs: decision.retryAfterMs,
              }),
            ],
          });
          return;
        }
      }
    },
  };
}
