import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

type Request = Pick<IncomingMessage, 'headers' | 'socket'>;

/** The comma-separated entries of a forwarding header, in order (left = farthest from us). */
function entries(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The entry written by the outermost of `hops` trusted proxies: each proxy appends what it
 * saw, so that one is `hops` from the right. Anything further left came from the client and
 * is ignored. With fewer entries than hops, the left-most is still a proxy's own (Express does
 * the same).
 */
function trustedEntry(header: string | string[] | undefined, hops: number): string | undefined {
  if (hops <= 0) return undefined;
  const list = entries(header);
  return list.length === 0 ? undefined : list[Math.max(0, list.length - hops)];
}

/** An address in one canonical form: no port, no brackets, IPv4-mapped IPv6 as plain IPv4, lower case. */
export function canonicalAddress(raw: string): string | null {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  a = a.toLowerCase().replace(/%.*$/, '');
  if (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a : null;
}

/**
 * The caller's address. With `trustedHops` = 0 it is the socket's peer. Behind that many
 * trusted reverse proxies it is the X-Forwarded-For entry `trustedHops` from the right;
 * forged entries to its left change nothing. A trusted entry that is not an IP address means
 * a misconfigured proxy: the peer is used instead, which is stricter, never looser.
 */
export function clientAddress(req: Request, trustedHops: number): string {
  const peer = canonicalAddress(req.socket.remoteAddress ?? '') ?? 'unknown';
  const forwarded = trustedEntry(req.headers['x-forwarded-for'], trustedHops);
  return (forwarded && canonicalAddress(forwarded)) || peer;
}

/**
 * The scheme the browser used: behind trusted proxies the outermost one's X-Forwarded-Proto,
 * otherwise whether this socket is TLS.
 */
export function requestScheme(req: Request, trustedHops: number): 'http' | 'https' {
  const forwarded = trustedEntry(req.headers['x-forwarded-proto'], trustedHops)?.toLowerCase();
  if (forwarded === 'https' || forwarded === 'http') return forwarded;
  return (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
}
