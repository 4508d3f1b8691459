import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  OperationTypeNode,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
} from 'graphql';
import type { Container } from '../../container.js';
import type { Role } from '../../graphql/builder.js';
import { isIdShaped } from '../../graphql/validate.js';
import { sceneLastSeq } from '../../services/sceneQueries.js';
import type { FanoutHub, FrameSink, Membership } from './hub.js';

/** A `sceneEvents` operation whose arguments check out, ready to join the hub. */
export interface SceneEventsPlan {
  field: FieldNode;
  sceneId: string;
  afterSeq: number | null;
  /** The operation's variables, coerced by graphql-js. */
  variables: Record<string, unknown>;
}

/**
 * The `sceneEvents` operation's coerced arguments, or null when per-subscriber execution must
 * take it (any other operation; bad variables; a bad `sceneId` or `afterSeq`), so those errors
 * are exactly the ones graphql-js and the resolver produce.
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

/** The operation's only root field when it is a plain `sceneEvents` subscription (no alias, no directives). */
export function sceneEventsField(document: DocumentNode, operationName: string | null | undefined): FieldNode | null {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return null;
  const selections = operation.selectionSet.selections;
  const only = selections.length === 1 && selections[0]!.kind === Kind.FIELD ? selections[0] : null;
  if (!only || only.name.value !== 'sceneEvents' || only.alias || only.directives?.length) return null;
  return only;
}

/** Who subscribes, with what, and where its frames go. */
export interface Subscriber {
  role: Role;
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  query: string;
  id: string;
  sink: FrameSink;
  cancel: { readonly cancelled: boolean };
}

/**
 * Join the hub; null when the scene does not exist (per-subscriber execution then answers
 * NOT_FOUND). A scene this process already follows is not read again when the subscriber
 * starts at or before what its channel delivered (every live viewer of a followed scene): in a
 * connect storm that read was one database round trip per viewer. Otherwise the scene's seq is
 * read, and an `afterSeq` past it is clamped to it.
 */
export async function joinSceneEvents(
  container: Container,
  hub: FanoutHub,
  plan: SceneEventsPlan,
  who: Subscriber,
): Promise<Membership | null> {
  const delivered = hub.deliveredSeq(plan.sceneId);
  const lastSeq =
    delivered !== null && (plan.afterSeq === null || plan.afterSeq <= delivered) ? delivered : await sceneLastSeq(container, plan.sceneId);
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

/**
 * Subscribers with equal keys receive byte-identical payloads for every event: the role, the
 * operation and its coerced variable values, except a variable whose only use is the root
 * field's `afterSeq` (where a subscriber resumes does not change what an event renders to).
 */
export function groupKey(
  role: Role,
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
