import { GraphQLError, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { OperationResult, Context as WsContext } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from '../config.js';
import type { Context } from '../graphql/builder.js';
import type { Container } from '../container.js';
import { createBroadcastHub } from '../graphql/broadcast.js';
import { appError } from '../graphql/errors.js';
import { buildContext } from '../graphql/context.js';
import { mayTakeLeanPath, persistedHash } from '../graphql/trustedDocuments.js';
import { broadcastSubscription, sceneEventsField } from './broadcastSubscribe.js';
import { clientAddress } from './clientAddress.js';
import { createConnectionCap } from './connectionCap.js';
import type { EnvelopedRoot } from './envelopedRoot.js';
import { createLeanSubscriptions, leanCount, type LeanState } from './leanSubscriptions.js';
import { originPolicy } from './origin.js';
import { bindGraphqlWs, type SocketExtra } from './wsTransport.js';

type WsLimits = Config['hardening']['ws'];
type WsCtx = WsContext<Record<string, unknown>, SocketExtra>;
type SubscribeParams = {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
};

/** yoga's enveloped pipeline for one operation. envelop types it loosely (any graphql version); these are graphql 16's types. */
interface Enveloped {
  schema: GraphQLSchema;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
  /** The operation's Context (a promise or the value itself). */
  contextFactory: () => unknown;
}

/** graphql-ws on the HTTP server's `/graphql` path. */
export interface GraphqlWs {
  /** Operations in flight on every open socket (for the subscriptions gauge). */
  activeOperations(): number;
  /** Open sockets. */
  connections(): number;
  /** Sockets closed as slow consumers. */
  slowConsumersClosed(): number;
  /** Upgrades refused since start because their address held WS_MAX_PER_ADDRESS sockets already. */
  refusedPerAddress(): number;
  /** Close every socket and the WebSocket server. */
  stop(): Promise<void>;
}

/**
 * graphql-ws through yoga's envelop pipeline (`yoga.getEnveloped`), so parse limits,
 * validation rules, the mutation rate limit and error masking are the very ones HTTP gets.
 * Adds what a public socket needs: a frame size cap, an init timeout, server pings that
 * drop dead peers, and at most `maxSubscriptions` operations per socket.
 */
export function attachGraphqlWs(
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, Context>,
  limits: WsLimits,
  logger: Logger,
  container: Container,
  /** Called for each subscription that bypasses envelop (so operation metrics still count it). */
  onLeanSubscription: () => void = () => {},
): GraphqlWs {
  const hub = container.config.fanout.mode === 'broadcast' ? createBroadcastHub(container) : null;
  const trustedHops = container.config.http.trustProxy;
  const cap = createConnectionCap(limits.maxPerAddress, trustedHops);
  const origins = originPolicy(container.config);
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: limits.maxPayloadBytes,
    // Refused before the upgrade (421 another Host, 403 another Origin): a cross-site page never gets a socket at all.
    verifyClient: ({ req }, done) => {
      const refusal = origins.refuseUpgrade(req);
      if (refusal) {
        logger.info({ origin: req.headers.origin?.slice(0, 200) }, `websocket refused: ${refusal.reason} not allowed`);
        return done(false, refusal.status, refusal.message);
      }
      // Refused with 429 before the handshake: one address holds at most WS_MAX_PER_ADDRESS
      // sockets on this replica (each counts as a viewer, and viewers make scenes spend).
      if (cap.admit(req)) return done(true);
      if (cap.refused() % 100 === 1) {
        const ip = clientAddress(req, trustedHops);
        logger.warn({ ip, max: limits.maxPerAddress, refused: cap.refused() }, 'websocket refused: too many connections from this address');
      }
      done(false, 429, `RATE_LIMITED: at most ${limits.maxPerAddress} WebSocket connections per address; close one and retry`);
    },
  });
  const sockets = new Set<WsContext<Record<string, unknown>, SocketExtra>>();
  // A malformed frame makes `ws` emit 'error' then close; graphql-ws listens only once,
  // so a second error must not become an uncaught exception.
  wss.on('connection', (socket) => socket.on('error', (err) => logger.debug({ err }, 'websocket error')));
  wss.on('error', (err) => logger.warn({ err }, 'websocket server error'));

  const transport = bindGraphqlWs<Record<string, unknown>>(
    {
      connectionInitWaitTimeout: limits.initTimeoutMs,
      onConnect: async (ctx) => {
        sockets.add(ctx);
        ctx.extra.state = { ctx, subs: null } satisfies LeanState;
        // Credentials come once per socket: a refused one counts against the address here, once;
        // each operation decides the role again without counting (contextFor).
        if (credentialsOf(ctx))
          await contextFor(ctx, true).catch((err: unknown) => logger.warn({ err }, 'credential check at connection_init failed'));
      },
      onClose: (ctx) => void sockets.delete(ctx),
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => {
        const root = args.rootValue as EnvelopedRoot;
        // The broadcast path skips envelop's subscribe, where trusted documents and API-key limits are enforced.
        const broadcast = hub && mayTakeLeanPath(args.contextValue as Context, args.document);
        return (broadcast && broadcastSubscription(hub, args, root)) || root.subscribe(args);
      },
      onSubscribe: async (ctx, id, params) => {
        // graphql-ws has already registered this id, so the count includes it.
        if (Object.keys(ctx.subscriptions).length + leanCount(ctx.extra) > limits.maxSubscriptions) {
          return [
            appError(
              'RATE_LIMITED',
              `At most ${limits.maxSubscriptions} operations per connection: complete one before starting another.`,
              { limit: 'subscriptions', max: limits.maxSubscriptions },
            ),
          ];
        }
        try {
          const lean = hub ? await leanSceneEvents(ctx, id, params) : null;
          if (lean) {
            onLeanSubscription();
            return lean;
          }
          const { schema, execute, subscribe, contextFactory, parse, validate } = envelop(ctx, params);
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
            rootValue: { execute, subscribe, socket: ctx.extra, id, query: params.query } satisfies EnvelopedRoot,
          };
        } catch (err) {
          // Never let a bad operation close the socket (graphql-ws answers a throw with 4500).
          logger.error({ err }, 'graphql-ws subscribe failed');
          return [new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
      },
    },
    wss,
    {
      pingIntervalMs: limits.pingIntervalMs,
      sendBufferMaxBytes: container.config.fanout.sendBufferMaxBytes,
      logger,
      interceptor: !hub
        ? undefined
        : createLeanSubscriptions({
            container,
            hub,
            maxSubscriptions: limits.maxSubscriptions,
            checkedDocument: (query, extensions) => {
              const document = checked.get(checkedKey(query, extensions));
              return document && checkedSchema ? { document, schema: checkedSchema } : undefined;
            },
            contextFor,
            onLean: onLeanSubscription,
          }),
    },
  );

  /** As yoga's context for graphql-ws (http/server.ts): connectionParams first, else the upgrade's header. */
  function credentialsOf(ctx: WsCtx): string | null {
    const connectionParams = (ctx.connectionParams ?? {}) as Record<string, unknown>;
    return typeof connectionParams.authorization === 'string'
      ? connectionParams.authorization
      : (ctx.extra.request.headers.authorization ?? null);
  }

  /** The context of one operation of a socket: its role is decided again each time, like yoga's per request. */
  function contextFor(ctx: WsCtx, countFailures = false): Promise<Context> {
    const connectionParams = (ctx.connectionParams ?? {}) as Record<string, unknown>;
    return buildContext(
      container,
      {
        authorization: credentialsOf(ctx),
        clientId: typeof connectionParams.clientId === 'string' ? connectionParams.clientId : null,
        viewerToken: typeof connectionParams.viewerToken === 'string' ? connectionParams.viewerToken : null,
        ip: clientAddress(ctx.extra.request, container.config.http.trustProxy),
        origin: ctx.extra.request.headers.origin ?? null,
      },
      { countFailures },
    );
  }

  function envelop(ctx: WsCtx, params: SubscribeParams): Enveloped {
    return yoga.getEnveloped({
      ...ctx,
      req: ctx.extra.request,
      socket: ctx.extra.socket,
      connectionParams: ctx.connectionParams ?? null,
      params,
    });
  }

  // Documents that passed parse and validation (yoga's own, limits included), by text and the
  // persisted hash sent with it (a known hash makes the manifest's document run, whatever the
  // text). They depend on the schema and those alone, so a subscriber with a known document skips both.
  const checked = new Map<string, DocumentNode>();
  let checkedSchema: GraphQLSchema | null = null;
  const CHECKED_MAX = 256;

  /**
   * A broadcast `sceneEvents` subscription needs none of envelop's per-operation state: the
   * hub renders with a context of its own. Building that state for each of thousands of idle
   * subscribers (and graphql-ws keeping it for the subscription's life) was most of what one
   * cost in memory. So a valid, plain `sceneEvents` document goes to the hub with a small
   * context; envelop is built only if the stock path must take over (an argument the
   * resolver rejects, an unknown scene), so errors stay exactly what they were.
   */
  async function leanSceneEvents(ctx: WsCtx, id: string, params: SubscribeParams): Promise<ExecutionArgs | null> {
    const key = checkedKey(params.query, params.extensions);
    let document = checked.get(key);
    if (!document) {
      const enveloped = envelop(ctx, params);
      let parsed: DocumentNode;
      try {
        parsed = enveloped.parse(params.query);
      } catch {
        return null;
      }
      if (!sceneEventsField(parsed, params.operationName) || enveloped.validate(enveloped.schema, parsed).length > 0) return null;
      checkedSchema = enveloped.schema;
      if (checked.size >= CHECKED_MAX) checked.delete(checked.keys().next().value!);
      checked.set(key, parsed);
      document = parsed;
    }
    if (!checkedSchema || !sceneEventsField(document, params.operationName)) return null;
    // Per operation, like yoga's context: an OIDC token is checked again (it may have expired since connecting).
    const contextValue = await contextFor(ctx);
    if (!mayTakeLeanPath(contextValue, document)) return null;
    const enveloped = async (args: ExecutionArgs, run: 'execute' | 'subscribe') => {
      const full = envelop(ctx, params);
      return full[run]({ ...args, contextValue: await full.contextFactory() });
    };
    const root: EnvelopedRoot = {
      execute: (args) => enveloped(args, 'execute'),
      subscribe: (args) => enveloped(args, 'subscribe'),
      socket: ctx.extra,
      id,
      query: params.query,
    };
    return {
      schema: checkedSchema,
      operationName: params.operationName,
      document,
      variableValues: params.variables,
      contextValue,
      rootValue: root,
    };
  }

  return {
    activeOperations: () => [...sockets].reduce((n, ctx) => n + Object.keys(ctx.subscriptions).length + leanCount(ctx.extra), 0),
    connections: () => wss.clients.size,
    slowConsumersClosed: transport.slowConsumersClosed,
    refusedPerAddress: () => cap.refused(),
    async stop() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      sockets.clear();
    },
  };
}

/** What a checked document is cached under: its text, and the persisted hash the client named, if any. */
function checkedKey(query: string, extensions: unknown): string {
  const hash = persistedHash({ extensions });
  return hash === null ? query : `${hash}\n${query}`;
}

/** A GraphQLError for anything thrown while parsing; anything else would close the socket. */
function asGraphQLError(err: unknown, fallback: string): GraphQLError {
  return err instanceof GraphQLError ? err : new GraphQLError(fallback, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
}
