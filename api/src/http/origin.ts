import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import { requestScheme } from './clientAddress.js';

type Req = Pick<IncomingMessage, 'headers' | 'socket'>;

/** `scheme://host[:port]` as browsers send it in `Origin`, or null when it is not a web origin. */
function normalisedOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The Host header as URL.host spells it (lower case, :80 dropped), or null when it is not a host. */
function normalisedHost(value: string | undefined): string | null {
  if (!value || /[\s/\\?#@]/.test(value)) return null;
  try {
    return new URL(`http://${value}`).host;
  } catch {
    return null;
  }
}

/** The Host values a browser sends for an origin: `host`, and `host:443` / `host:80` spelled out. */
function hostsOf(origin: string): string[] {
  const url = new URL(origin);
  return url.port ? [url.host] : [url.host, `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why an upgrade or request is refused: the HTTP status and a message naming the setting. */
export interface Refusal {
  status: 403 | 421;
  message: string;
  reason: 'host' | 'origin';
}

/**
 * Which Host names this app answers to, and which pages may open its WebSocket.
 *
 * - `configured` (PUBLIC_ORIGINS set, any NODE_ENV): the Host must be one of those origins'
 *   hosts, and a WebSocket's Origin one of those origins or CORS_ORIGINS.
 * - `loopback` (production without PUBLIC_ORIGINS, a local try): the Host must be localhost,
 *   127.0.0.1 or [::1] on any port, and the Origin the app's own (equal to that Host) or CORS_ORIGINS.
 * - `open` (development and test without PUBLIC_ORIGINS): any Host; the Origin the app's own or CORS_ORIGINS.
 *
 * The Host check is the DNS-rebinding defence: a page on evil.example whose name is made to
 * point at this server sends `Host: evil.example`, and its Origin equals that Host, so an
 * Origin check alone would let it in.
 */
export interface OriginPolicy {
  mode: 'configured' | 'loopback' | 'open';
  /** Whether the Host header names this app. */
  hostAllowed(req: Req): boolean;
  /** Whether a WebSocket handshake may proceed; null when it may, else why not. */
  refuseUpgrade(req: Req): Refusal | null;
}

export const HOST_REFUSAL: Refusal = {
  status: 421,
  reason: 'host',
  message: 'Misdirected Request: this server does not answer to that Host (see PUBLIC_ORIGINS)',
};
const ORIGIN_REFUSAL: Refusal = {
  status: 403,
  reason: 'origin',
  message: 'FORBIDDEN: this origin may not open a WebSocket here (see PUBLIC_ORIGINS and CORS_ORIGINS)',
};

/** The policy for this configuration (see {@link OriginPolicy}). */
export function originPolicy(config: Pick<Config, 'env' | 'http' | 'hardening'>): OriginPolicy {
  const { publicOrigins, trustProxy } = config.http;
  const mode = publicOrigins.length > 0 ? 'configured' : config.env === 'production' ? 'loopback' : 'open';
  const publicHosts = new Set(publicOrigins.flatMap(hostsOf));
  const wsOrigins = new Set([...(mode === 'configured' ? publicOrigins : []), ...config.hardening.corsOrigins]);

  function hostAllowed(req: Req): boolean {
    if (mode === 'open') return true;
    const host = normalisedHost(req.headers.host);
    if (!host) return false;
    return mode === 'configured' ? publicHosts.has(host) : LOOPBACK.has(new URL(`http://${host}`).hostname);
  }

  /**
   * Browsers send cookies and run no CORS check on WebSockets, so without an Origin check any
   * page could open a socket from its visitors' browsers and propose or vote as them. No
   * `Origin` at all is a server-side client (browsers always send one) and is allowed.
   */
  function originAllowed(req: Req): boolean {
    const header = req.headers.origin;
    if (header === undefined) return true;
    const origin = normalisedOrigin(header);
    if (!origin) return false;
    if (wsOrigins.has(origin)) return true;
    if (mode === 'configured') return false;
    const host = req.headers.host;
    return !!host && origin === normalisedOrigin(`${requestScheme(req, trustProxy)}://${host}`);
  }

  return {
    mode,
    hostAllowed,
    refuseUpgrade: (req) => (!hostAllowed(req) ? HOST_REFUSAL : !originAllowed(req) ? ORIGIN_REFUSAL : null),
  };
}
