import { GraphQLError } from 'graphql';
import { maskError } from 'graphql-yoga';

/** Stable error codes clients can branch on (`extensions.code`). */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'BAD_INPUT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  | 'BUDGET_EXHAUSTED'
  /** Input the screen refused (or could not check): `extensions.reasons` names the fields, never the text. */
  | 'FLAGGED'
  /** A held-line decision on a message the screen never held. */
  | 'NOT_HELD'
  /** A held-line decision on a line a moderator already approved. */
  | 'ALREADY_RELEASED'
  /** A held-line decision on a line a moderator already rejected. */
  | 'ALREADY_REJECTED'
  /** A persisted-document hash the server does not know, sent without the document's text. */
  | 'PERSISTED_QUERY_NOT_FOUND';

/** An expected failure: shown to clients with its code (unexpected errors stay masked). */
export function appError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const notFound = (what: string, id: string) => appError('NOT_FOUND', `${what} "${clip(id)}" does not exist`);
export const badInput = (message: string, field?: string) => appError('BAD_INPUT', message, field ? { field } : {});

function clip(s: string): string {
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
}

const EXPECTED: ReadonlySet<string> = new Set<ErrorCode>([
  'NOT_FOUND',
  'BAD_INPUT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'BUDGET_EXHAUSTED',
  'FLAGGED',
  'NOT_HELD',
  'ALREADY_RELEASED',
  'ALREADY_REJECTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/**
 * True when an error (or the error it wraps) is one of ours, by its code rather than by
 * `instanceof`: test runners may load `graphql` twice (ESM and CJS), which breaks class checks.
 */
export function isExpectedError(error: unknown): boolean {
  for (let e = error as { extensions?: { code?: unknown }; originalError?: unknown } | undefined; e;) {
    if (typeof e.extensions?.code === 'string' && EXPECTED.has(e.extensions.code)) return true;
    e = e.originalError as typeof e;
  }
  return false;
}

/**
 * Codes of errors about the request itself, set by yoga or `http/errorCodes.ts`: a document that
 * does not parse or validate, a body that is not a GraphQL request. Clients see them as they are.
 */
export const PROTOCOL_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
]);

/** True for a mistake of the caller's (an expected or protocol error): logged at warn at most, never at error. */
export function isClientError(error: unknown): boolean {
  if (isExpectedError(error)) return true;
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' && PROTOCOL_ERROR_CODES.has(code);
}

/** Yoga's error masking, keeping our expected errors (by code) visible. */
export function maskUnexpected(error: unknown, message = 'Unexpected error.', isDev = false): Error {
  return isExpectedError(error) ? (error as Error) : maskError(error, message, isDev);
}
