import { getOperationAST, GraphQLError, OperationTypeNode, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { ExecutionResult } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Container } from '../../container.js';
import type { Context } from '../../graphql/builder.js';
import { buildContext } from '../../graphql/context.js';
import { appError, maskUnexpected } from '../../graphql/errors.js';
import { mayTakeLeanPath, persistedHash } from '../../graphql/trustedDocuments.js';
import { clientAddress } from '../clientAddress.js';
import type { FanoutHub } from '../fanout/hub.js';
import { joinSceneEvents, planSceneEvents, sceneEventsField } from '../fanout/plan.js';
import type { Connection, Operation, WsHandlers } from './transport.js';

/** yoga's enveloped pipeline for one operation, typed with graphql 16's types. */
interface Enveloped {
  schema: GraphQLSchema;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
  contextFactory: () => unknown;
}

export interface OperationOptions {
  container: Container;
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  /** The broadcast fan-out (FANOUT=broadcast), or null: every subscriber executes its own. */
  hub: FanoutHub | null;
  maxSubscriptions: number;
  /** Counts an operation that did not pass through envelop (broadcast `sceneEvents`). */
  onBroadcast(): void;
}

/** Documents kept once yoga's parse and validation passed them; only plain `sceneEvents` ones. */
const CHECKED_MAX = 256;

/**
 * What the server does with each socket: the one path from a `subscribe` to its frames.
 *
 * 1. Over `WS_MAX_SUBSCRIPTIONS` open operations: `RATE_LIMITED`.
 * 2. The operation's context, once (its role is decided per operation, like HTTP's per request:
 *    an OIDC token may have expired since connecting).
 * 3. The document through yoga's parse and validation (limits, trusted-document swap); a plain
 *    `sceneEvents` document that passed is kept by its text and persisted hash and not checked again.
 * 4. The one trust decision: a broadcast `sceneEvents` skips envelop's subscribe, so it is taken
 *    only when `mayTakeLeanPath` allows (not a refused caller, not an API key, a trusted document)
 *    and the arguments check out. It then joins the fan-out hub, which writes its frames.
 * 5. Everything else (and a `sceneEvents` of an unknown scene, for the resolver's NOT_FOUND)
 *    runs through yoga's enveloped execute or subscribe with the same context, and its results
 *    are written here one by one.
 */
export function createOperations(options: OperationOptions): WsHandlers {
  const { container, yoga, hub, maxSubscriptions } = options;
  const checked = new Map<string, { document: DocumentNode; schema: GraphQLSchema }>();

  /** As an HTTP request's Authorization: connectionParams first, else the upgrade's header. */
  function credentialsOf(connection: Connection): string | null {
    const params = connection.connectionParams ?? {};
    return typeof params.authorization === 'string' ? params.authorization : (connection.request.headers.authorization ?? null);
  }

  function contextFor(connection: Connection, countFailures = false): Promise<Context> {
    const params = connection.connectionParams ?? {};
    return buildContext(
      container,
      {
        authorization: credentialsOf(connection),
        clientId: typeof params.clientId === 'string' ? params.clientId : null,
        viewerToken: typeof params.viewerToken === 'string' ? params.viewerToken : null,
        ip: clientAddress(connection.request, container.config.http.trustProxy),
        origin: connection.request.headers.origin ?? null,
      },
      { countFailures },
    );
  }

  async function broadcast(
    connection: Connection,
    operation: Operation,
    payload: SubscribePayload,
    context: Context,
    schema: GraphQLSchema,
    document: DocumentNode,
  ) {
    const plan = hub && mayTakeLeanPath(context, document) && planSceneEvents(schema, document, payload.operationName, payload.variables);
    if (!plan) return false;
    if (operation.cancelled) return true;
    try {
      const membership = await joinSceneEvents(container, hub, plan, {
        role: context.role,
        schema,
        document,
        operationName: payload.operationName,
        query: payload.query,
        id: operation.id,
        sink: connection,
        cancel: operation,
      });
      if (!membership) return false;
      options.onBroadcast();
      const leave = () => void membership.leave().catch((err: unknown) => container.logger.error({ err }, 'leaving the broadcast failed'));
      if (operation.cancelled) return (leave(), true);
      operation.onCancel = leave;
      // The hub ended it (a failed catch-up; its error result is out).
      void membership.ended.then(() => connection.complete(operation));
    } catch (err) {
      // A server fault (database, presence): one masked error result, then complete.
      container.logger.error({ err }, 'broadcast subscribe failed');
      connection.next(operation, { errors: [maskUnexpected(err) as GraphQLError] });
      connection.complete(operation);
    }
    return true;
  }

  return {
    async connect(connection) {
      // Credentials come once per socket: a refused one counts against the address here, once.
      if (credentialsOf(connection))
        await contextFor(connection, true).catch((err: unknown) =>
          container.logger.warn({ err }, 'credential check at connection_init failed'),
        );
      return true;
    },

    async subscribe(connection, operation, payload) {
      if (connection.operationCount > maxSubscriptions) {
        const message = `At most ${maxSubscriptions} operations per connection: complete one before starting another.`;
        return connection.error(operation, [appError('RATE_LIMITED', message, { limit: 'subscriptions', max: maxSubscriptions })]);
      }
      const context = await contextFor(connection);
      const initial = {
        req: connection.request,
        socket: connection.socket,
        connectionParams: connection.connectionParams,
        params: payload,
        wsContext: context,
      };
      let enveloped: Enveloped | null = null;
      const envelop = () => (enveloped ??= yoga.getEnveloped(initial) as unknown as Enveloped);

      const hash = persistedHash({ extensions: payload.extensions });
      const key = hash === null ? payload.query : `${hash}\n${payload.query}`;
      let known = checked.get(key);
      if (!known) {
        const { schema, parse, validate } = envelop();
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          const error =
            err instanceof GraphQLError
              ? err
              : new GraphQLError('Syntax Error: could not parse the document.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
          return connection.error(operation, [error]);
        }
        const errors = validate(schema, document);
        if (errors.length) return connection.error(operation, errors);
        known = { document, schema };
        if (sceneEventsField(document, payload.operationName)) {
          if (checked.size >= CHECKED_MAX) checked.delete(checked.keys().next().value!);
          checked.set(key, known);
        }
      }
      const { document, schema } = known;
      const ast = getOperationAST(document, payload.operationName);
      if (!ast) return connection.error(operation, [new GraphQLError('Unable to identify operation')]);
      if (await broadcast(connection, operation, payload, context, schema, document)) return;

      const full = envelop();
      const args: ExecutionArgs = {
        schema: full.schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: await full.contextFactory(),
      };
      const result = (await (ast.operation === OperationTypeNode.SUBSCRIPTION ? full.subscribe(args) : full.execute(args))) as
        ExecutionResult | AsyncIterable<ExecutionResult>;
      if (!(Symbol.asyncIterator in result)) {
        connection.next(operation, result);
        return connection.complete(operation);
      }
      const iterator = result[Symbol.asyncIterator]();
      operation.onCancel = () => void iterator.return?.();
      if (operation.cancelled) return operation.onCancel();
      try {
        for (let step = await iterator.next(); !step.done; step = await iterator.next()) connection.next(operation, step.value);
      } catch (err) {
        container.logger.warn({ err }, 'subscription stream failed');
        return connection.error(operation, [maskUnexpected(err) as GraphQLError]);
      }
      connection.complete(operation);
    },
  };
}
