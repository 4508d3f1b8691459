import {
  getArgumentValues,
  getOperationAST,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { addressKey } from '../domain/address.js';
import type { Context } from '../graphql/builder.js';
import { appError } from '../graphql/errors.js';
import type { RateLimiter } from '../ports/rateLimiter.js';
import { MAX_CHARACTER_STATS_MINUTES } from '../services/characterStats.js';
import { bucketCount, MAX_USAGE_BUCKETS, MINUTE_MS, type BucketSize } from '../services/usage.js';
import { coercedVariables } from './cacheKey.js';

/** READ_RATE_*: cost units per address and window, and how many buckets make one more unit. */
export interface ReadRateOptions {
  max: number;
  windowMs: number;
  costBuckets: number;
}

/** How many buckets (or minutes) a root field asks for, from its coerced arguments; 0 for other fields. */
const SIZE_OF: Record<string, (args: Record<string, unknown>) => number> = {
  usage: ({ bucket, since, until }) =>
    typeof since === 'number' && typeof until === 'number' && since < until
      ? Math.min(MAX_USAGE_BUCKETS, bucketCount(bucket as BucketSize, since, until))
      : 0,
  characterStats: ({ since, until }) =>
    typeof since === 'number' && typeof until === 'number' && since < until
      ? Math.min(MAX_CHARACTER_STATS_MINUTES, Math.ceil((until - since) / MINUTE_MS))
      : 0,
};

/**
 * How many buckets (`usage`) and minutes (`characterStats`) the root fields of an operation ask
 * for, summed per field name, each field capped at what it accepts. Root fields inside fragments
 * count too. Arguments that do not coerce count nothing (the resolver refuses them). `variables`
 * are the raw ones the client sent; only declared ones are read.
 */
export function askedSizes(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: unknown,
): Record<string, number> {
  const queryType = schema.getQueryType();
  const coerced = coercedVariables(schema, operation, variables);
  const sizes: Record<string, number> = {};
  if (!queryType || !coerced) return sizes;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();
  // Validation has rejected fragment cycles; `seen` also spares a fragment spread twice.
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        visit(fragment.selectionSet);
      } else {
        const name = selection.name.value;
        const size = SIZE_OF[name];
        const field = queryType.getFields()[name];
        if (!size || !field) continue;
        try {
          sizes[name] = (sizes[name] ?? 0) + size(getArgumentValues(field, selection, coerced));
        } catch {
          // Bad arguments: the resolver answers BAD_INPUT without reading anything.
        }
      }
    }
  };
  visit(operation.selectionSet);
  return sizes;
}

/** What a query costs against the read budget: 1, plus 1 per `costBuckets` of the {@link askedSizes} together. */
export function readCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: unknown,
  costBuckets: number,
): number {
  let units = 0;
  for (const size of Object.values(askedSizes(schema, document, operation, variables))) units += size;
  return 1 + (Number.isFinite(units) ? Math.floor(units / costBuckets) : 0);
}

/**
 * Rate-limit anonymous queries per address, over HTTP and graphql-ws alike (envelop's `execute`,
 * which both run), priced by {@link readCost}: a budget a dashboard and the web app never spend,
 * while a flood of wide `usage` reads runs out of it within seconds. Counted per address only
 * (`ctx.ip`, proxy-aware, per /64 for IPv6): a client id is the caller's own claim. Moderators
 * and API keys (counted per key in ./apiKeyLimit.ts) are not held to it; subscriptions are not
 * counted. Cache hits count too: the budget is about what a caller asks, not what it costs this replica.
 */
export function useReadRateLimit(limiter: RateLimiter, options: ReadRateOptions): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      // envelop types graphql's arguments loosely (any graphql version); these are graphql 16's.
      const document = args.document as DocumentNode;
      const operation = getOperationAST(document, args.operationName as string | null | undefined);
      if (operation?.operation !== OperationTypeNode.QUERY) return;
      const ctx = args.contextValue as Context;
      if (ctx.apiKey || ctx.role === 'MODERATOR') return;
      const cost = Math.min(
        options.max,
        readCost(args.schema as GraphQLSchema, document, operation, args.variableValues, options.costBuckets),
      );
      const decision = await limiter.consume(`read:ip:${addressKey(ctx.ip)}`, options.max, options.windowMs, cost);
      if (decision.allowed) return;
      const seconds = Math.ceil(decision.retryAfterMs / 1000);
      setResultAndStopExecution({
        errors: [
          appError('RATE_LIMITED', `Too many reads from this address: try again in ${seconds} s.`, {
            retryAfterMs: decision.retryAfterMs,
            cost,
          }),
        ],
      });
    },
  };
}
