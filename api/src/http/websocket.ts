import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { Context as WsContext, OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from '../config.js';
import type { Context } from '../graphql/builder.js';
import { appError } from '../graphql/errors.js';

type WsLimits = Config['hardening']['ws'];

/** graphql-ws on the HTTP server's `/graphql` path. */
export interface GraphqlWs {
  /** Operations in flight on every open socket (for the subscriptions gauge). */
  activeOperations(): number;
  /** Open sockets. */
  connections(): number;
  /** Close every socket and the WebSocket server. */
  stop(): Promise<void>;
}

type ExecuteFn = (args: ExecutionArgs) => OperationResult;
interface EnvelopedRoot {
  execute: ExecuteFn;
  subscribe: ExecuteFn;
}

/**
 * graphql-ws through yoga's envelop pipeline (`yoga.getEnveloped`), so parse limits,
 * validation rules, the mutation rate limit and error masking are the very ones HTTP gets.
 * Adds what a public socket needs: a frame size cap, an init timeout, server pings that
 * drop dead peers, and at most `maxSubscriptions` operations per socket.
 */
export function attachGraphqlWs(
  server: Server,
  yoga: YogaServerInstance<{}, Context>,
  limits: WsLimits,
  logger: Logger,
): GraphqlWs {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: limits.maxPayloadBytes });
  const sockets = new Set<WsContext<Record<string, unknown>>>();
  // A malformed frame makes `ws` emit 'error' then close; graphql-ws listens only once,
  // so a second error must not become an uncaught exception.
  wss.on('connection', (socket) => socket.on('error', (err) => logger.debug({ err }, 'websocket error')));
  wss.on('error', (err) => logger.warn({ err }, 'websocket server error'));

  const ws = useServer<Record<string, unknown>>(
    {
      connectionInitWaitTimeout: limits.initTimeoutMs,
      onConnect: (ctx) => void sockets.add(ctx),
      onClose: (ctx) => void sockets.delete(ctx),
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        // graphql-ws has already registered this id, so the count includes it.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptions) {
          return [
            appError(
              'RATE_LIMITED',
              `At most ${limits.maxSubscriptions} operations per connection: complete one before starting another.`,
              { limit: 'subscriptions', max: limits.maxSubscriptions },
            ),
          ];
        }
        try {
          const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
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
            return [asGraphQLError(err, 'Syntax Error: could not parse the document.')];
          }
          const errors = validate(schema, document);
          if (errors.length) return [...errors];
          return {
            schema,
            operationName: params.operationName,
            document,
            variableValues: params.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe } satisfies EnvelopedRoot,
          };
        } catch (err) {
          // Never let a bad operation close the socket (graphql-ws answers a throw with 4500).
          logger.error({ err }, 'graphql-ws subscribe failed');
          return [new GraphQLError('Unexpected error.')];
        }
      },
    },
    wss,
    limits.pingIntervalMs,
  );

  return {
    activeOperations: () => [...sockets].reduce((n, ctx) => n + Object.keys(ctx.subscriptions).length, 0),
    connections: () => wss.clients.size,
    async stop() {
      await ws.dispose();
      sockets.clear();
    },
  };
}

/** A GraphQLError for anything thrown while parsing; anything else would close the socket. */
function asGraphQLError(err: unknown, fallback: string): GraphQLError {
  return err instanceof GraphQLError ? err : new GraphQLError(fallback);
}
