import { useOpenTelemetry } from '@envelop/opentelemetry';
import { createYoga, type Plugin } from 'graphql-yoga';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Container } from '../container.js';
import type { Context } from '../graphql/builder.js';
import { buildContext } from '../graphql/context.js';
import { maskUnexpected } from '../graphql/errors.js';
import { schema } from '../graphql/schema/index.js';
import { loadTrustedDocuments, useTrustedDocuments } from '../graphql/trustedDocuments.js';
import { apiKeysRuntime } from '../services/apiKeysRuntime.js';
import { useApiKeyLimit } from './apiKeyLimit.js';
import { limitBody } from './body.js';
import { useErrorCodes } from './errorCodes.js';
import { clientAddress } from './clientAddress.js';
import { corsOption, useCsrfPrevention } from './browser.js';
import { useNoIntrospection, useQueryLimits, useWsOnlySubscriptions } from './limits.js';
import { createServerMetrics } from './metrics.js';
import { answerMetrics, createMetricsListener, metricsOnMainPort, type MetricsListener } from './metricsAccess.js';
import { useMutationRateLimit } from './mutationRateLimit.js';
import { useReadRateLimit } from './readRateLimit.js';
import { HOST_REFUSAL, originPolicy } from './origin.js';
import { applySecurityHeaders, securityHeaders, useGraphiqlPolicy } from './securityHeaders.js';
import { useNoSuggestions } from './suggestions.js';
import { createResponseCache } from './responseCache.js';
import { createStaticHandler } from './static.js';
import { useWideUsageReads } from './wideUsage.js';
import { attachGraphqlWs, type GraphqlWs } from './websocket.js';
import { yogaLogger } from './yogaLogging.js';

/** Connections the kernel may hold for the server before it accepts them (see `start`). */
const ACCEPT_BACKLOG = 4096;

export interface HttpServer {
  /** Listen; resolves to the bound port (pass 0 for a free one). */
  start(port: number, host?: string): Promise<number>;
  /** Report not ready, close sockets and the listener. Safe to call twice. */
  stop(): Promise<void>;
  /** The bound METRICS_PORT after start, or null when metrics are not on a port of their own. */
  metricsPort(): number | null;
}

/**
 * One port for everything: GraphQL over HTTP (with GraphiQL), graphql-ws on the same
 * path, `/healthz`, `/readyz`, `/metrics`, and the built web app. Limits and abuse
 * protection live in ./limits, ./mutationRateLimit, ./readRateLimit, ./browser, ./body and ./websocket.
 */
export function buildServer(container: Container): HttpServer {
  const { config, logger } = container;
  const hardening = config.hardening;
  let ws: GraphqlWs | null = null;
  const metrics = createServerMetrics({
    queue: container.queue,
    activeWsOperations: () => ws?.activeOperations() ?? 0,
    wsConnections: () => ws?.connections() ?? 0,
    slowConsumersClosed: () => ws?.slowConsumersClosed() ?? 0,
    responseCache: () => responseCache?.counts() ?? null,
    wsRefusedPerAddress: () => ws?.refusedPerAddress() ?? 0,
  });

  const trustedDocuments = loadTrustedDocuments(config.trustedDocuments.path, config.trustedDocuments.only);
  const responseCache = config.responseCache.enabled
    ? createResponseCache(container, config.responseCache, (hit) => metrics.responseCacheLookup(hit))
    : null;

  const plugins: Plugin[] = [
    // First, so every later hook (masking included) sees request errors with their codes.
    useErrorCodes(),
    useQueryLimits(hardening.query),
    useWsOnlySubscriptions(),
    // A schema that may not be introspected must not be spelled out by "Did you mean" either.
    ...(config.http.introspection ? [] : [useNoIntrospection(), useNoSuggestions()]),
    ...(config.http.graphiql ? [useGraphiqlPolicy()] : []),
    ...(hardening.csrfPrevention ? [useCsrfPrevention({ graphiql: config.http.graphiql })] : []),
    // Who is asking comes first: a refused or rate-limited API key, then trusted documents.
    useApiKeyLimit(container.rateLimiter) as Plugin,
    useTrustedDocuments(trustedDocuments, config.trustedDocuments.only) as Plugin,
    useMutationRateLimit(container.rateLimiter, hardening.mutationRate) as Plugin,
    // Before the cache: a read answered from it still counts against the caller's budget.
    useReadRateLimit(container.rateLimiter, config.readRate) as Plugin,
    metrics.plugin(),
    ...(responseCache ? [responseCache.plugin() as Plugin] : []),
    // After the cache: `usage`-only queries that miss it are answered from the series by column.
    useWideUsageReads() as Plugin,
    // A span per GraphQL operation (parse, validate, execute); no resolver spans, variables or results (they may hold personal text).
    ...(container.tracing.provider
      ? [useOpenTelemetry({ resolvers: false, variables: false, result: false, document: true }, container.tracing.provider) as Plugin]
      : []),
  ];
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.http.graphiql ? { subscriptionsProtocol: 'WS', title: 'PixelTales GraphQL' } : false,
    landingPage: false,
    cors: corsOption(hardening.corsOrigins),
    plugins,
    maskedErrors: {
      maskError: (error, message, isDev) => maskUnexpected(error, message, isDev),
    },
    context: (initial) => {
      // graphql-ws: ./ws/operations.ts decided who is asking, once per operation.
      const { req, wsContext } = initial as unknown as ServerContext;
      if (wsContext) return wsContext;
      const ip = req ? clientAddress(req, config.http.trustProxy) : 'unknown';
      return buildContext(container, {
        authorization: initial.request.headers.get('authorization'),
        clientId: initial.request.headers.get('x-client-id'),
        viewerToken: initial.request.headers.get('x-viewer-token'),
        ip,
        origin: initial.request.headers.get('origin'),
      });
    },
    logging: yogaLogger(logger),
  });
  const serveStatic = config.http.serveWeb ? createStaticHandler(config.http.webDist) : null;
  const headers = securityHeaders({ hsts: config.http.hsts });
  const origins = originPolicy(config);
  if (origins.mode === 'loopback') {
    logger.warn('PUBLIC_ORIGINS is not set: serving only localhost, 127.0.0.1 and [::1]; set it to the public origin(s) of this app');
  }
  let stopping: Promise<void> | null = null;

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
    if (path === '/healthz') return (res.writeHead(200, TEXT).end('ok'), 'healthz');
    if (path === '/readyz') {
      const ready = !stopping && (await container.orm.isConnected().catch(() => false));
      return (res.writeHead(ready ? 200 : 503, TEXT).end(ready ? 'ready' : 'not ready'), 'readyz');
    }
    if (path === '/metrics') {
      // Not served here (off, or on METRICS_PORT): a plain 404, never the web app's index.html.
      if (!metricsOnMainPort(hardening.metricsAccess)) return (res.writeHead(404, TEXT).end('not found'), 'metrics');
      await answerMetrics(req, res, hardening.metricsAccess, () => metrics.render());
      return 'metrics';
    }
    // DNS rebinding: another name pointed at this server. Health checks and /metrics are asked for
    // by address (probes, scrapers) and hold nothing a page could use, so they come before this.
    if (!origins.hostAllowed(req)) return (res.writeHead(HOST_REFUSAL.status, TEXT).end(HOST_REFUSAL.message), 'misdirected');
    if (path === '/graphql') {
      if (await limitBody(req, res, hardening.maxBodyBytes)) await yoga(req, res);
      return 'graphql';
    }
    if (serveStatic && (await serveStatic(req, res))) return 'static';
    res.writeHead(404, TEXT).end('not found');
    return 'other';
  }

  // A TCP connection that stays silent (never sends a request, stalls inside one, idles between
  // them) is closed after HTTP_IDLE_TIMEOUT_MS: `timeout` is inactivity in either direction;
  // the header and request deadlines, checked every quarter of it, catch a slow drip of bytes.
  // Upgraded WebSockets leave all three (graphql-ws's init timeout and pings take over).
  const idleMs = hardening.idleTimeoutMs;
  const quiet = { headersTimeout: idleMs, requestTimeout: idleMs, connectionsCheckingInterval: Math.max(250, Math.floor(idleMs / 4)) };
  // Every failure is answered inside, so the promise never rejects.
  const server: Server = createServer(quiet, (req, res) => void serve(req, res));
  server.timeout = idleMs;
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let label = 'other';
    res.once('finish', () => metrics.httpResponse(label, req.method ?? 'GET', res.statusCode));
    applySecurityHeaders(res, headers);
    try {
      label = await route(req, res, (req.url ?? '/').split('?')[0] ?? '/');
    } catch (err) {
      logger.error({ err }, 'request failed');
      if (!res.headersSent) res.writeHead(500, TEXT);
      res.end('internal error');
    }
  }
  server.on('clientError', (err, socket) => {
    logger.debug({ err }, 'bad HTTP request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  ws = attachGraphqlWs(server, yoga, hardening.ws, logger, container, () => metrics.operation('subscription'));
  const metricsListener: MetricsListener | null =
    hardening.metricsAccess.mode === 'port'
      ? createMetricsListener(
          hardening.metricsAccess,
          () => metrics.render(),
          (err) => logger.error({ err }, 'metrics request failed'),
        )
      : null;
  let boundMetricsPort: number | null = null;

  return {
    async start(port, host = config.host) {
      if (metricsListener) boundMetricsPort = await metricsListener.start(host);
      await responseCache?.start();
      return new Promise((resolveStart, reject) => {
        server.once('error', reject);
        // Node's default accept queue (511) overflows in a connect storm while the loop is busy;
        // the kernel then drops the SYNs and clients retry a second or more later. The kernel caps
        // this at net.core.somaxconn (4096 on current Linux).
        server.listen({ port, host, backlog: ACCEPT_BACKLOG }, () => {
          server.off('error', reject);
          resolveStart((server.address() as AddressInfo).port);
        });
      });
    },
    metricsPort: () => boundMetricsPort,
    stop() {
      stopping ??= (async () => {
        await metricsListener?.stop();
        await ws?.stop();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        responseCache?.stop();
        // The last usage counts of API keys reach the database before the container closes it.
        await apiKeysRuntime(container).stop();
      })();
      return stopping;
    },
  };
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/** What yoga's context factory receives besides the request: the Node request and, over WebSocket, the operation's context. */
interface ServerContext {
  req?: IncomingMessage;
  wsContext?: Context;
}
