import { getOperationAST, Kind, type ExecutionArgs, type ExecutionResult, type ValueNode } from 'graphql';
import type { Context } from '../graphql/builder.js';
import type { BroadcastHub } from '../graphql/broadcast.js';
import { appError, isExpectedError, notFound } from '../graphql/errors.js';
import { idArg, nonNegativeInt } from '../graphql/validate.js';
import { findScene } from '../services/sceneQueries.js';
import type { EnvelopedRoot } from './websocket.js';

/**
 * Route a `sceneEvents` subscription to the broadcast hub. Returns null for any other
 * operation (it takes graphql-ws's ordinary path). Arguments get the same checks as the
 * resolver's (BAD_INPUT, NOT_FOUND). The returned iterable yields nothing itself: the hub
 * writes frames straight to the socket, and graphql-ws's `complete` or the socket closing
 * ends it through `return()`.
 */
export function broadcastSubscription(
  hub: BroadcastHub,
  args: ExecutionArgs,
  root: EnvelopedRoot,
): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> | null {
  const operation = getOperationAST(args.document, args.operationName);
  const field = operation?.operation === 'subscription' ? operation.selectionSet.selections : [];
  const only = field.length === 1 && field[0]!.kind === Kind.FIELD ? field[0] : null;
  if (!only || only.name.value !== 'sceneEvents' || only.alias) return null;
  const variables = (args.variableValues ?? {}) as Record<string, unknown>;
  const argument = (name: string): unknown => {
    const node = only.arguments?.find((a) => a.name.value === name)?.value;
    return node ? literal(node, variables) : undefined;
  };
  const context = args.contextValue as Context;

  return (async () => {
    try {
      const sceneId = idArg(String(argument('sceneId') ?? ''), 'sceneId');
      const rawAfter = argument('afterSeq');
      const afterSeq = rawAfter == null ? null : nonNegativeInt(Number(rawAfter), 'afterSeq');
      const scene = await findScene(context.container.orm.em.fork(), { id: sceneId });
      if (!scene) throw notFound('Scene', sceneId);
      const leave = await hub.join({
        sceneId,
        afterSeq: Math.min(afterSeq ?? scene.lastSeq, scene.lastSeq),
        currentSeq: scene.lastSeq,
        id: root.id,
        sink: { send: root.socket.sendRaw },
        schema: args.schema,
        document: args.document,
        operationName: args.operationName,
        variableValues: variables,
        context,
        query: root.query,
      });
      return untilReturned(leave);
    } catch (err) {
      if (isExpectedError(err)) return { errors: [err as never] };
      context.container.logger.error({ err }, 'broadcast subscribe failed');
      return { errors: [appError('BAD_INPUT', 'Could not subscribe') as never] };
    }
  })();
}

/** A literal argument value, or the variable it names. */
function literal(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
      return node.value;
    case Kind.NULL:
      return null;
    default:
      return undefined;
  }
}

/**
 * An async generator look-alike that never yields and calls `onReturn` once when stopped.
 * graphql-ws only calls `return()` on close or `complete` for objects that have it
 * themselves (async generators), so the iterable is its own iterator.
 */
function untilReturned(onReturn: () => Promise<void>): AsyncGenerator<ExecutionResult> {
  let release: (() => void) | null = null;
  const stopped = new Promise<void>((resolve) => (release = resolve));
  const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
    release?.();
    await onReturn();
    return { done: true, value: undefined };
  };
  const generator: AsyncGenerator<ExecutionResult> = {
    next: async () => {
      await stopped;
      return { done: true, value: undefined };
    },
    return: finish,
    throw: finish,
    [Symbol.asyncIterator]: () => generator,
  };
  return generator;
}
