import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import fc from 'fast-check';
import { badValue, literal, validValue, type Fixtures } from './values.js';

/** One field to fuzz, and how to reach it from its operation's root. */
export interface Target {
  operation: 'query' | 'mutation' | 'subscription';
  /** Fields from the root down to (not including) the target field, e.g. `['scenes', 'characters']`. */
  path: string[];
  field: GraphQLField<unknown, unknown>;
  label: string;
}

/**
 * Every field of Query, Mutation and Subscription, plus every field with arguments reachable from
 * Query through fields that need none (e.g. `Character.memories` via `scenes { characters }`).
 */
export function fuzzTargets(schema: GraphQLSchema): Target[] {
  const targets: Target[] = [];
  const roots: [Target['operation'], GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  for (const [operation, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {}))
      targets.push({ operation, path: [], field, label: `${root!.name}.${field.name}` });
  }
  // Breadth first from Query: the shortest path to each object type.
  const seen = new Set<string>([schema.getQueryType()!.name]);
  const queue: [GraphQLObjectType, string[]][] = [[schema.getQueryType()!, []]];
  while (queue.length) {
    const [type, path] = queue.shift()!;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (path.length && field.args.length) targets.push({ operation: 'query', path, field, label: `${type.name}.${field.name}` });
      if (field.args.some((a) => isNonNullType(a.type)) || !isObjectType(named) || seen.has(named.name)) continue;
      seen.add(named.name);
      queue.push([named, [...path, field.name]]);
    }
  }
  return targets;
}

/** How a case corrupts its target's arguments. */
export type Corruption =
  | { kind: 'none' }
  /** One spot inside one argument (`path` into its valid value) gets `value`. */
  | { kind: 'spot'; arg: string; path: (string | number)[]; value: unknown };

/** An operation ready to send, variables or inline. */
export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/** All spots of a valid value: the whole argument, each input field, each list item. */
function spots(
  value: unknown,
  type: GraphQLInputType,
  name: string,
  path: (string | number)[] = [],
): [(string | number)[], GraphQLInputType, string][] {
  const out: [(string | number)[], GraphQLInputType, string][] = [[path, type, name]];
  const inner = getNullableType(type);
  if (isInputObjectType(inner)) {
    for (const field of Object.values(inner.getFields()))
      out.push(...spots((value as Record<string, unknown> | undefined)?.[field.name], field.type, field.name, [...path, field.name]));
  } else if (isListType(inner) && Array.isArray(value)) {
    value.forEach((item, i) => out.push(...spots(item, inner.ofType, name, [...path, i])));
  }
  return out;
}

/** A case for a target: valid arguments, with (mostly) one spot made bad. */
export function corruptionFor(target: Target, fx: Fixtures): fc.Arbitrary<Corruption> {
  const options = target.field.args.flatMap((arg) =>
    spots(validValue(arg.type, arg.name, fx), arg.type, arg.name).map((s) => ({ arg, spot: s })),
  );
  if (options.length === 0) return fc.constant({ kind: 'none' });
  return fc.oneof(
    { arbitrary: fc.constant<Corruption>({ kind: 'none' }), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(...options)
        .chain(({ arg, spot: [path, type, name] }) =>
          badValue(type, name).map((value): Corruption => ({ kind: 'spot', arg: arg.name, path, value })),
        ),
      weight: 12,
    },
  );
}

function argValues(target: Target, corruption: Corruption, fx: Fixtures): Map<GraphQLArgument, unknown> {
  const values = new Map<GraphQLArgument, unknown>();
  for (const arg of target.field.args) {
    const optional = !isNonNullType(arg.type) && !['sceneId', 'id', 'since', 'until', 'bucket'].includes(arg.name);
    let value = optional && !(corruption.kind === 'spot' && corruption.arg === arg.name) ? undefined : validValue(arg.type, arg.name, fx);
    if (corruption.kind === 'spot' && corruption.arg === arg.name) value = setAt(value, corruption.path, corruption.value);
    // `scene` takes exactly one of id and slug.
    if (target.field.name === 'scene' && arg.name === 'slug' && !(corruption.kind === 'spot' && corruption.arg === 'slug'))
      value = undefined;
    if (target.field.name === 'scene' && arg.name === 'id' && corruption.kind === 'spot' && corruption.arg === 'slug') value = undefined;
    values.set(arg, value);
  }
  return values;
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), replacement);
  return copy;
}

/** The operation for a case: arguments through variables typed as the arguments, or inline literals. */
export function buildOperation(target: Target, corruption: Corruption, fx: Fixtures, inline: boolean): Operation {
  const values = argValues(target, corruption, fx);
  const definitions: string[] = [];
  const args: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const [arg, value] of values) {
    if (inline) {
      if (value !== undefined) args.push(`${arg.name}: ${literal(value, arg.type)}`);
      continue;
    }
    definitions.push(`$${arg.name}: ${String(arg.type)}`);
    args.push(`${arg.name}: $${arg.name}`);
    if (value !== undefined) variables[arg.name] = value;
  }
  const call = `${target.field.name}${args.length ? `(${args.join(', ')})` : ''}${selection(target.field)}`;
  const body = target.path.reduceRight((inner, name) => `${name} { ${inner} }`, call);
  return { query: `${target.operation}${definitions.length ? ` (${definitions.join(', ')})` : ''} { ${body} }`, variables };
}

function selection(field: GraphQLField<unknown, unknown>): string {
  return isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
}
