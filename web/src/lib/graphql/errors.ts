import type { CombinedError } from '@urql/core';

/** The stable codes the API puts in `extensions.code`. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_INPUT'
  | 'RATE_LIMITED'
  | 'BUDGET_EXHAUSTED'
  /** Refused by the screen (proposal text, comments); the server's message says whether to retry. */
  | 'FLAGGED'
  /** Held-line decisions on a line that was never held, or already decided. */
  | 'NOT_HELD'
  | 'ALREADY_RELEASED'
  | 'ALREADY_REJECTED'
  | 'UNKNOWN';

/** An expected API failure, reduced to what the UI shows. */
export interface ApiProblem {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}

/** First GraphQL (or network) error of a result, with its code and the server's own message. */
export function problemOf(error: CombinedError | undefined | null): ApiProblem | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (!first) return { code: 'UNKNOWN', message: error.networkError ? "Can't reach the server — try again." : error.message };
  const ext = first.extensions ?? {};
  const code = typeof ext.code === 'string' ? (ext.code as ErrorCode) : 'UNKNOWN';
  const retryAfterMs = typeof ext.retryAfterMs === 'number' ? ext.retryAfterMs : undefined;
  let message = first.message;
  if (code === 'RATE_LIMITED' && retryAfterMs !== undefined && !/try again/i.test(message)) {
    message += ` Try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
  }
  return { code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}
