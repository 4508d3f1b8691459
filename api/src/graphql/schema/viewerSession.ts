import { addressKey } from '../../domain/address.js';
import type { ViewerIdentity } from '../../services/viewerSessions.js';
import { builder, type Context } from '../builder.js';
import { appError } from '../errors.js';
import { textArg } from '../validate.js';

const ViewerSessionRef = builder.objectRef<{ identity: ViewerIdentity; token: string }>('ViewerSession').implement({
  description:
    'A viewer identity the server issued and signed. Votes count once per identity; send the token as the `x-viewer-token` header or `connectionParams.viewerToken`.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The signed token. Keep it (it does not expire) and send it with every request.' }),
    viewerId: t.id({ description: 'The identity it carries.', resolve: (s) => s.identity.id }),
    name: t.string({ nullable: true, description: 'The display name given when it was issued, if any.', resolve: (s) => s.identity.name }),
    issuedAt: t.field({ type: 'Timestamp', description: 'When it was issued.', resolve: (s) => s.identity.issuedAt }),
  }),
});

builder.mutationField('startViewerSession', (t) =>
  t.field({
    type: ViewerSessionRef,
    description:
      'Issue a viewer identity (needed to vote). Limited per address (VIEWER_SESSION_RATE_MAX per window): one address cannot mint identities to stuff votes.',
    args: {
      input: t.arg({
        required: false,
        description: 'An optional display name.',
        type: builder.inputType('StartViewerSessionInput', {
          description: 'What the new viewer identity carries.',
          fields: (f) => ({ name: f.string({ description: 'Display name, 1–30 characters.' }) }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      const name = input?.name == null || input.name.trim() === '' ? null : textArg(input.name, 'name', 1, 30);
      const { perAddressMax, windowMs } = ctx.container.config.viewerSessions;
      const decision = await ctx.container.rateLimiter.consume(`viewer-session:${addressKey(ctx.ip)}`, perAddressMax, windowMs);
      if (!decision.allowed) {
        const minutes = Math.ceil(decision.retryAfterMs / 60_000);
        throw appError('RATE_LIMITED', `Too many viewer sessions from this address: try again in ${minutes} min.`, {
          retryAfterMs: decision.retryAfterMs,
        });
      }
      return ctx.container.viewerSessions.issue(name, ctx.container.clock.now());
    },
  }),
);

/** The caller's viewer identity, or UNAUTHENTICATED saying how to get one (`reason: VIEWER_SESSION`, so clients can start one and retry). */
export function requireViewer(ctx: Context, action: string): ViewerIdentity {
  if (ctx.viewer) return ctx.viewer;
  throw appError(
    'UNAUTHENTICATED',
    `${action} needs a viewer session: call startViewerSession and send its token (x-viewer-token header or connectionParams.viewerToken).`,
    { reason: 'VIEWER_SESSION' },
  );
}
