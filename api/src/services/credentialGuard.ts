import type { Logger } from 'pino';
import { metrics } from '../adapters/metrics.js';
import { addressKey } from '../domain/address.js';
import type { RateDecision, RateLimiter } from '../ports/rateLimiter.js';

/** What was presented and refused. */
export type CredentialKind = 'moderator_token' | 'api_key' | 'bearer_jwt';

/** Failed credentials per address: the lockout that stops token guessing. */
export interface CredentialGuard {
  /** Whether `ip` may present credentials now (refused, with the time left, while locked out). */
  lockout(ip: string): Promise<RateDecision>;
  /** Count a refused credential from `ip`: one warn line (the address and the kind, never the token) and the metric. */
  failed(ip: string, kind: CredentialKind): Promise<void>;
}

export interface CredentialGuardOptions {
  rateLimiter: RateLimiter;
  logger: Pick<Logger, 'warn'>;
  /** Refused credentials an address may present per window before it is locked out. */
  max: number;
  windowMs: number;
}

/**
 * At most `max` refused credentials per address (IPv6 per /64) per window, counted in the
 * RateLimiter (Redis when scaled, so guesses spread over replicas add up). Past that, every
 * credentialed request from the address is refused with RATE_LIMITED until the window ends,
 * a correct token included (a standard lockout: whoever guesses learns nothing from answers);
 * requests without credentials are not affected. A shared address (a NAT, a proxy) shares
 * the lockout: one person guessing locks out a moderator behind the same address for a window.
 */
export function createCredentialGuard({ rateLimiter, logger, max, windowMs }: CredentialGuardOptions): CredentialGuard {
  const keyOf = (ip: string) => `authfail:${addressKey(ip)}`;
  return {
    lockout: (ip) => rateLimiter.peek(keyOf(ip), max, windowMs),
    async failed(ip, kind) {
      metrics.authFailed(kind);
      await rateLimiter.consume(keyOf(ip), max, windowMs);
      const after = await rateLimiter.peek(keyOf(ip), max, windowMs);
      logger.warn(
        { ip, kind, lockedOutForMs: after.allowed ? undefined : after.retryAfterMs },
        after.allowed ? 'credential refused' : 'credential refused; address locked out',
      );
    },
  };
}
