import type { Context } from './builder.js';
import { appError } from './errors.js';

/** Moderator-only operations: no token or a wrong one is UNAUTHENTICATED. */
export function requireModerator(ctx: Context): void {
  if (ctx.role === 'MODERATOR') return;
  if (ctx.apiKey) throw appError('FORBIDDEN', 'API keys cannot run moderator operations.');
  throw appError(
    'UNAUTHENTICATED',
    ctx.badToken ? 'The moderator token is not valid' : 'This operation needs a moderator token (Authorization: Bearer …)',
  );
}
