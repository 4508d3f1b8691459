import type { IncomingMessage } from 'node:http';
import { requestScheme } from './clientAddress.js';

/** `scheme://host[:port]` as browsers send it in `Origin`, or null when it is not a web origin. */
function normalisedOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a WebSocket handshake may proceed. Browsers send cookies and run no CORS check on
 * WebSockets, so without this any page could open a socket from its visitors' browsers and
 * propose or vote as them. Allowed: no `Origin` at all (server-side clients; browsers always
 * send one), the app's own origin (the Host the request came to, with the scheme the browser
 * used), and the `CORS_ORIGINS` list. Everything else, including the opaque `null`, is refused.
 */
export function isAllowedOrigin(
  req: Pick<IncomingMessage, 'headers' | 'socket'>,
  allowed: readonly string[],
  trustedHops: number,
): boolean {
  const header = req.headers.origin;
  if (header === undefined) return true;
  const origin = normalisedOrigin(header);
  if (!origin) return false;
  if (allowed.includes(origin)) return true;
  const host = req.headers.host;
  if (!host) return false;
  return origin === normalisedOrigin(`${requestScheme(req, trustedHops)}://${host}`);
}
