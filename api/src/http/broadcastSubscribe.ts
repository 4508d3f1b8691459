import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  OperationTypeNode,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLError,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
} from 'graphql';
import type { OperationResult } from 'graphql-ws';
import type { Container } from '../container.js';
import type { Context, Role } from '../graphql/builder.js';
import type { BroadcastHub, FrameSink, Membership } from '../graphql/broadcast.js';
import { maskUnexpected } from '../graphql/errors.js';
import { isIdShaped } from '../graphql/validate.js';
import { sceneLastSeq } from '../services/sceneQueries.js';
import type { EnvelopedRoot } from './envelopedRoot.js';

/**
 * Route a `sceneEvents` subscription to the broadcast hub. Returns null when the stock
 * path must take it: any other operation, and every operation whose arguments do not
 * check out (bad variables, a bad `sceneId` or `afterSeq`); an unknown scene is handed to
 * the stock path's subscribe too. So those errors are the very ones graphql-js and the
 * resolver produce. The returned iterable yields nothing
 * itself: the hub writes frames straight to the socket; graphql-ws's `complete` or the
 * socket closing ends it through `return()`, and a failed catch-up ends it from inside.
 */
export function broadcastSubscription(
  hub: BroadcastHub,
  args: ExecutionArgs,
  root: EnvelopedRoot,
): Promise<Awaited<OperationResult>> | null {
  const plan = planSceneEvents(args.schema, args.document, args.operationName, args.variableValues);
  if (!plan) return null;
  const context = args.contextValue as Context;

  return (async () => {
    try {
      const membership = await joinSceneEvents(hub, plan, {
        container: context.container,
        role: context.role,
        schema: args.schema,
        document: args.document,
        operationName: args.operationName,
        query: root.query,
        id: root.id,
        sink: root.socket,
      });
      return membership ? untilEnded(membership) : await root.subscribe(args);
    } catch (err) {
      // A server fault (database, presence): masked, logged, never labelled as the client's fault.
      context.container.logger.error({ err }, 'broadcast subscribe failed');
      return { errors: [maskUnexpected(err) as GraphQLError] };
    }
  })();
}

/** A `sceneEvents` operation whose arguments check out, ready to join the hub. */
export interface SceneEventsPlan {
  field: FieldNode;
  sceneId: string;
  afterSeq: number | null;
  /** The operation's variables, coerced by graphql-js. */
  variables: Record<string, unknown>;
}

/**
 * Synchronously: the `sceneEvents` operation's coerced arguments, or null when the stock path
 * must take it (any other operation; bad variables; a bad `sceneId` or `afterSeq`), so those
 * errors are exactly the ones graphql-js and the resolver produce.
 */
export function planSceneEvents(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variableValues: Record<string, unknown> | null | undefined,
): SceneEventsPlan | null {
  const field = sceneEventsField(document, operationName);
  const fieldDef = schema.getSubscriptionType()?.getFields().sceneEvents;
  if (!field || !fieldDef) return null;
  const operation = getOperationAST(document, operationName)!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
  if (coerced.errors) return null;
  let resolved: { sceneId?: unknown; afterSeq?: unknown };
  try {
    resolved = getArgumentValues(fieldDef, field, coerced.coerced);
  } catch {
    return null;
  }
  const sceneId = typeof resolved.sceneId === 'string' ? resolved.sceneId : '';
  const afterSeq = resolved.afterSeq;
  if (!isIdShaped(sceneId)) return null;
  if (afterSeq != null && !(typeof afterSeq === 'number' && Number.isInteger(afterSeq) && afterSeq >= 0)) return null;
  return { field, sceneId, afterSeq: afterSeq ?? null, variables: coerced.coerced };
}

/** Who subscribes, with what, and where its frames go. */
export interface Subscriber {
  container: Container;
  role: Role;
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  query: string;
  /** The graphql-ws subscription id. */
  id: string;
  sink: FrameSink;
  /** See `JoinArgs.cancel`. */
  cancel?: { readonly cancelled: boolean };
}

/**
 * Join the hub for a planned subscription; null when the scene does not exist (the stock path
 * then answers). A scene this process already follows is not read again when the subscriber
 * starts at or before what its channel delivered (every live viewer of a followed scene): in a
 * connect storm that read was one database round trip per viewer. A live subscriber then
 * starts after the last event this process delivered rather than the last one committed; an
 * event committed a moment before it subscribed, still on its way over the pub/sub, reaches it
 * too (the stock path's read may or may not see such an event either). Otherwise the scene's
 * seq is read, and an `afterSeq` past it is clamped to it.
 */
export async function joinSceneEvents(hub: BroadcastHub, plan: SceneEventsPlan, who: Subscriber): Promise<Membership | null> {
  const delivered = hub.deliveredSeq(plan.sceneId);
  const lastSeq =
    delivered !== null && (plan.afterSeq === null || plan.afterSeq <= delivered)
      ? delivered
      : await sceneLastSeq(who.container, plan.sceneId);
  if (lastSeq === null) return null;
  return hub.join({
    sceneId: plan.sceneId,
    afterSeq: Math.min(plan.afterSeq ?? lastSeq, lastSeq),
    currentSeq: lastSeq,
    id: who.id,
    sink: who.sink,
    groupKey: groupKey(who.role, who.operationName, who.query, plan.field, plan.variables, who.document),
    role: who.role,
    schema: who.schema,
    document: who.document,
    operationName: who.operationName,
    variableValues: plan.variables,
    cancel: who.cancel,
  });
}

/** The operation's only root field when it is a plain `sceneEvents` (no alias, no directives). */
export function sceneEventsField(document: DocumentNode, operationName: string | null | undefined): FieldNode | null {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return null;
  const selections = operation.selectionSet.selections;
  const only = selections.length === 1 && selections[0]!.kind === Kind.FIELD ? selections[0] : null;
  if (!only || only.name.value !== 'sceneEvents' || only.alias || only.directives?.length) return null;
  return only;
}

/**
 * Subscribers with equal keys receive byte-identical payloads for every event. The key is
 * the role, the operation and its coerced variable values, except a variable whose only use
 * is the root field's `afterSeq` (where a subscriber resumes does not change what an event
 * renders to), whatever that variable is called. A variable named `afterSeq` that is used
 * anywhere else stays in the key.
 */
export function groupKey(
  role: Context['role'],
  operationName: string | null | undefined,
  query: string,
  field: FieldNode,
  variables: Record<string, unknown>,
  document: DocumentNode,
): string {
  const afterNode = field.arguments?.find((a) => a.name.value === 'afterSeq')?.value;
  const resumeOnly = afterNode?.kind === Kind.VARIABLE && usesOf(document, afterNode.name.value) === 1 ? afterNode.name.value : null;
  const kept = Object.fromEntries(Object.entries(variables).filter(([name]) => name !== resumeOnly));
  return JSON.stringify([role, operationName ?? null, query, kept]);
}

/** Uses of each variable per document (definitions aside), counted once per parsed document. */
const variableUses = new WeakMap<DocumentNode, Map<string, number>>();

/** How many times a variable is used in a document (its definition aside). */
function usesOf(document: DocumentNode, name: string): number {
  let uses = variableUses.get(document);
  if (!uses) {
    const counted = new Map<string, number>();
    visit(document, {
      VariableDefinition: () => false,
      Variable: (node) => void counted.set(node.name.value, (counted.get(node.name.value) ?? 0) + 1),
    });
    variableUses.set(document, (uses = counted));
  }
  return uses.get(name) ?? 0;
}

/**
 * An async generator look-alike that yields nothing and finishes when the subscriber
 * leaves (`return()`, called by graphql-ws on `complete` or close) or the hub ends it
 * (graphql-ws then sends `complete`). graphql-ws only calls `return()` on objects that
 * have it themselves, so the iterable is its own iterator.
 */
function untilEnded(membership: Membership): AsyncGenerator<ExecutionResult> {
  let release: (() => void) | null = null;
  const stopped = new Promise<void>((resolve) => (release = resolve));
  const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
    release?.();
    await membership.leave();
    return { done: true, value: undefined };
  };
  const generator: AsyncGenerator<ExecutionResult> = {
    next: async () => {
      await Promise.race([stopped, membership.ended]);
      return { done: true, value: undefined };
    },
    return: finish,
    throw: finish,
    [Symbol.asyncIterator]: () => generator,
  };
  return generator;
}
