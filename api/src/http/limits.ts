import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type Source, type DocumentNode, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { appError } from '../graphql/errors.js';

/** Which per-operation limit an operation broke (`extensions.limit`). */
export type QueryLimit = 'depth' | 'aliases' | 'tokens' | 'directives' | 'cost' | 'documentChars';

type QueryLimits = Config['hardening']['query'];

/** A limit error: `BAD_INPUT`, with the limit's name and value so clients can tell which. */
export function limitError(limit: QueryLimit, max: number, message: string) {
  return appError('BAD_INPUT', message, { limit, max });
}

/**
 * graphql-armor's rules report a rejection by throwing from inside `validate`, which
 * graphql-ws answers by closing the socket (4500), and their errors carry no code.
 * Instead each rule reports through the validation context, as any other rule does,
 * with our stable code; only armor's message is reused.
 */
function reporting(limit: QueryLimit, max: number) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, err: Error) => ctx?.reportError(limitError(limit, max, err.message.replace(/^Syntax Error: /, ''))),
    ],
  };
}

/**
 * graphql-js's own token limit (`parse(…, { maxTokens })`): the parser counts the tokens it
 * reads (comments not) and aborts with this message past the limit, before building more AST.
 * graphql 16 spells it "more that"; limits.test.ts fails if an upgrade changes the wording.
 */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] \d+ tokens\. Parsing aborted\.$/;

/**
 * Limits on document size, tokens, depth, aliases, directives and estimated cost. Runs in
 * `parse` and `validate` of the envelop pipeline, so HTTP and graphql-ws (whose
 * `onSubscribe` calls the same enveloped `parse`/`validate`) are covered alike.
 */
export function useQueryLimits(limits: QueryLimits): Plugin {
  const rules: ValidationRule[] = [
    maxDepthRule({ n: limits.depth, ...reporting('depth', limits.depth) }),
    maxAliasesRule({ n: limits.aliases, ...reporting('aliases', limits.aliases) }),
    maxDirectivesRule({ n: limits.directives, ...reporting('directives', limits.directives) }),
    costLimitRule({ maxCost: limits.cost, ...reporting('cost', limits.cost) }),
  ];
  return {
    onParse({ parseFn, setParseFn }) {
      // envelop types graphql's parse loosely (any graphql version); these are graphql 16's types.
      setParseFn((source: string | Source, options?: ParseOptions): DocumentNode => {
        const body = typeof source === 'string' ? source : source.body;
        if (body.length > limits.documentChars) {
          throw limitError('documentChars', limits.documentChars, `Document too long: at most ${limits.documentChars} characters.`);
        }
        try {
          return parseFn(source, { ...options, maxTokens: limits.tokens }) as DocumentNode;
        } catch (err) {
          if (err instanceof GraphQLError && TOO_MANY_TOKENS.test(err.message)) {
            throw limitError('tokens', limits.tokens, `Token limit of ${limits.tokens} exceeded.`);
          }
          throw err;
        }
      });
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}

/**
 * Refuse `__schema` and `__type` (INTROSPECTION=false). `__typename` stays allowed: clients
 * such as urql add it to every selection.
 */
export function useNoIntrospection(): Plugin {
  const rule: ValidationRule = (context) => ({
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        context.reportError(appError('FORBIDDEN', 'Introspection is disabled on this server.'));
      }
    },
  });
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}

/**
 * Subscriptions only over graphql-ws, where the per-socket cap, init timeout and pings
 * apply. Over HTTP (SSE) each subscription would be its own uncapped long-lived request.
 * Only graphql-ws operations carry `connectionParams` in their envelop context.
 */
export function useWsOnlySubscriptions(): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      if ((args.contextValue as { connectionParams?: unknown }).connectionParams !== undefined) return;
      setResultAndStopExecution({
        errors: [appError('BAD_INPUT', 'Subscriptions are served over graphql-ws (graphql-transport-ws) at /graphql.')],
      });
    },
  };
}
