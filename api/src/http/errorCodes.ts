import type { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/** Errors graphql-js raises before any resolver runs, about what the client sent. */
const REQUEST_ERROR_CODE = 'BAD_INPUT';

/** Longest error message a client gets back: graphql-js quotes the whole offending value. */
const MAX_MESSAGE_CHARS = 500;

type ErrorsResult = { errors?: readonly GraphQLError[] };

/**
 * Every error a client can cause carries a stable `extensions.code`, over HTTP and graphql-ws
 * alike (both run envelop's parse, validate, execute and subscribe):
 * - a document that does not parse: `GRAPHQL_PARSE_FAILED` (yoga sets it on HTTP only);
 * - one that does not validate: `GRAPHQL_VALIDATION_FAILED` (yoga's own code, kept);
 * - variables that do not coerce (an Int given a string, a missing required variable, an
 *   unknown enum value) and operation-selection mistakes: `BAD_INPUT`, as resolvers say it.
 *   graphql-js gives these no code; graphql-tools' `subscribe` calls them `BAD_USER_INPUT`,
 *   which becomes `BAD_INPUT` so one mistake has one code whichever way it is sent.
 * Request errors are those without a `path`; an error in a field keeps what its resolver (or
 * the masking, for an unexpected one) gave it. Their messages are clipped: graphql-js repeats
 * the whole offending value, however large.
 */
export function useErrorCodes(): Plugin {
  return {
    onParse() {
      return ({ result }) => {
        if (result instanceof Error && 'extensions' in result) setCode(result as GraphQLError, 'GRAPHQL_PARSE_FAILED');
      };
    },
    onValidate() {
      return ({ result }) => {
        for (const error of result as readonly GraphQLError[]) {
          setCode(error, 'GRAPHQL_VALIDATION_FAILED');
          clipMessage(error);
        }
      };
    },
    onExecute() {
      return { onExecuteDone: ({ result }) => codeRequestErrors(result) };
    },
    onSubscribe() {
      return { onSubscribeResult: ({ result }) => codeRequestErrors(result) };
    },
  };
}

function codeRequestErrors(result: unknown): void {
  if (result == null || isAsyncIterable(result)) return;
  for (const error of (result as ErrorsResult).errors ?? []) {
    if (error.path) continue;
    const code = error.extensions?.code;
    if (code === undefined || code === 'BAD_USER_INPUT') setCode(error, REQUEST_ERROR_CODE, true);
    clipMessage(error);
  }
}

function setCode(error: GraphQLError, code: string, replace = false): void {
  const extensions = error.extensions as Record<string, unknown> | undefined;
  if (!extensions) Object.assign(error, { extensions: { code } });
  else if (replace || extensions.code === undefined) extensions.code = code;
}

function clipMessage(error: GraphQLError): void {
  if (error.message.length > MAX_MESSAGE_CHARS) error.message = `${error.message.slice(0, MAX_MESSAGE_CHARS)}…`;
}
