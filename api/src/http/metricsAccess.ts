import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.js';

/** Who may read `/metrics` (config.hardening.metricsAccess). */
export type MetricsAccess = Config['hardening']['metricsAccess'];

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Whether a request may read metrics: always when no token is configured, otherwise only
 * with `Authorization: Bearer <token>` (digests compared in constant time, like moderator tokens).
 */
export function metricsAuthorized(req: IncomingMessage, access: MetricsAccess): boolean {
  if (access.token === null) return true;
  const presented = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  return presented !== undefined && timingSafeEqual(digest(presented), digest(access.token));
}

/** Whether `/metrics` is answered on the main (public) port. */
export function metricsOnMainPort(access: MetricsAccess): boolean {
  return access.mode === 'public' || access.mode === 'token';
}

/**
 * Answer a `/metrics` request: 401 without the token, else the exposition from `render`.
 * The 401 says nothing about the metrics themselves.
 */
export async function answerMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  access: MetricsAccess,
  render: () => Promise<{ contentType: string; body: string }>,
): Promise<void> {
  if (!metricsAuthorized(req, access)) {
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' }).end('unauthorized');
    return;
  }
  const { contentType, body } = await render();
  res.writeHead(200, { 'content-type': contentType }).end(body);
}

/** A listener of its own for `/metrics` (METRICS_PORT): nothing else is served there. */
export interface MetricsListener {
  /** Listen on the configured port; resolves to the bound port. */
  start(host: string): Promise<number>;
  /** Close the listener. Safe to call twice. */
  stop(): Promise<void>;
}

/** Build the METRICS_PORT listener; call only when `access.mode === 'port'`. */
export function createMetricsListener(
  access: MetricsAccess,
  render: () => Promise<{ contentType: string; body: string }>,
  onError: (err: unknown) => void,
): MetricsListener {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    answerMetrics(req, res, access, render).catch((err) => {
      onError(err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  let stopped: Promise<void> | null = null;
  return {
    start(host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(access.port ?? 0, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    stop() {
      stopped ??= server.listening ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
      return stopped;
    },
  };
}

/**
 * What this process exposes, for the one start-up line an operator reads at a glance.
 * Never contains a token: only whether one is required.
 */
export function exposureSummary(config: Readonly<Config>): {
  graphiql: boolean;
  introspection: boolean;
  metrics: string;
  corsOrigins: readonly string[];
  trustedProxyHops: number;
} {
  const access = config.hardening.metricsAccess;
  const metrics = {
    off: 'off',
    public: 'public on /metrics (no token)',
    token: 'bearer token on /metrics',
    port: `only on METRICS_PORT ${access.port}${access.token ? ' with a bearer token' : ''}`,
  }[access.mode];
  return {
    graphiql: config.roles.api && config.http.graphiql,
    introspection: config.roles.api && config.http.introspection,
    metrics,
    corsOrigins: config.hardening.corsOrigins,
    trustedProxyHops: config.http.trustProxy,
  };
}
