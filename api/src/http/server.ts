import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, maskError } from 'graphql-yoga';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Container } from '../container.js';
import type { Context } from '../graphql/builder.js';
import { buildContext, clientIp } from '../graphql/context.js';
import { isExpectedError } from '../graphql/errors.js';
import { schema } from '../graphql/schema/index.js';
import { createStaticHandler } from './static.js';

export interface HttpServer {
  /** Listen; resolves to the bound port (pass 0 for a free one). */
  start(port: number, host?: string): Promise<number>;
  /** Close sockets and the listener. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * One port for everything: GraphQL over HTTP (with GraphiQL), graphql-ws on the same
 * path, health checks, and the built web app.
 */
export function buildServer(container: Container): HttpServer {
  const { config, logger } = container;
  const yoga = createYoga<{}, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.http.graphiql ? { subscriptionsProtocol: 'WS', title: 'PixelTales GraphQL' } : false,
    landingPage: false,
    maskedErrors: {
      maskError: (error, message, isDev) => (isExpectedError(error) ? (error as Error) : maskError(error, message, isDev)),
    },
    context: (initial) => {
      const { req, connectionParams } = initial as unknown as ServerContext;
      const ip = req ? clientIp(req, config.http.trustProxy) : 'unknown';
      if (connectionParams !== undefined) {
        // graphql-ws: credentials come once, in the connection_init payload.
        const params = (connectionParams ?? {}) as Record<string, unknown>;
        return buildContext(container, {
          authorization: typeof params.authorization === 'string' ? params.authorization : null,
          clientId: typeof params.clientId === 'string' ? params.clientId : null,
          ip,
        });
      }
      return buildContext(container, {
        authorization: initial.request.headers.get('authorization'),
        clientId: initial.request.headers.get('x-client-id'),
        ip,
      });
    },
    logging: {
      debug: (...args) => logger.debug(args.length > 1 ? { args } : {}, String(args[0])),
      info: (...args) => logger.info(args.length > 1 ? { args } : {}, String(args[0])),
      warn: (...args) => logger.warn(args.length > 1 ? { args } : {}, String(args[0])),
      error: (...args) => logger.error(args.length > 1 ? { args } : {}, String(args[0])),
    },
  });
  const serveStatic = config.http.serveWeb ? createStaticHandler(config.http.webDist) : null;

  const server: Server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      if (path === '/readyz') {
        const ready = await container.orm.isConnected().catch(() => false);
        return void res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready' : 'not ready');
      }
      if (path?.startsWith('/graphql')) return void (await yoga(req, res));
      if (serveStatic && (await serveStatic(req, res))) return;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } catch (err) {
      logger.error({ err }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    }
  });

  const wss = new WebSocketServer({ server, path: '/graphql' });
  const ws = useServer<Record<string, unknown>>(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const { schema: s, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          connectionParams: ctx.connectionParams ?? null,
          params,
        });
        let document;
        try {
          document = parse(params.query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('Syntax error')];
        }
        const errors = validate(s, document);
        if (errors.length) return errors;
        return {
          schema: s,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies EnvelopedRoot,
        };
      },
    },
    wss,
  );

  let stopping: Promise<void> | null = null;
  return {
    start(port, host = config.host) {
      return new Promise((resolveStart, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolveStart((server.address() as AddressInfo).port);
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        await ws.dispose();
        await new Promise<void>((r) => wss.close(() => r()));
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      })();
      return stopping;
    },
  };
}

/** What yoga's context factory receives besides the request: the Node request and, over WebSocket, connectionParams. */
interface ServerContext {
  req?: IncomingMessage;
  connectionParams?: Record<string, unknown> | null;
}

type ExecuteFn = (args: ExecutionArgs) => OperationResult;
interface EnvelopedRoot {
  execute: ExecuteFn;
  subscribe: ExecuteFn;
}
