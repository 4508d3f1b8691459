import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from './errors.js';
import { isIdShaped, MAX_ID_LENGTH } from './validate.js';

/**
 * Check the shape of every `ID` a field receives (its arguments, and ID fields of input objects,
 * at any depth) before its resolver runs: BAD_INPUT, naming the argument, for anything that is
 * not an id (see ID_SHAPE). Applied once to the built schema, so a field added later is covered
 * without doing anything; resolvers may still call `idArg` for a typed string. Subscription
 * fields are checked in `subscribe` (where they read the database), other fields in `resolve`.
 */
export function guardIdArguments(schema: GraphQLSchema): void {
  const subscription = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const checked = field.args.filter((arg) => holdsId(arg.type, new Set()));
      if (checked.length === 0) continue;
      if (type === subscription) field.subscribe = guarded(field.subscribe ?? defaultFieldResolver, checked);
      else field.resolve = guarded(field.resolve ?? defaultFieldResolver, checked);
    }
  }
}

function guarded<S, C>(inner: GraphQLFieldResolver<S, C>, args: readonly GraphQLArgument[]): GraphQLFieldResolver<S, C> {
  return (source, values: Record<string, unknown>, context, info) => {
    for (const arg of args) checkValue(values[arg.name], arg.type, arg.name);
    return inner(source, values, context, info);
  };
}

/** Walks a coerced value along its input type; throws BAD_INPUT at the first ID of the wrong shape. */
function checkValue(value: unknown, type: GraphQLInputType, path: string): void {
  if (value == null) return;
  const inner = getNullableType(type);
  if (isListType(inner)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(item, inner.ofType, `${path}[${i}]`));
    return;
  }
  // By name, not identity: a test runner may load graphql twice.
  if (inner.name === 'ID') {
    if (!isIdShaped(value)) throw badInput(`${path} must be 1 to ${MAX_ID_LENGTH} letters, digits, '-' or '_'`, path);
    return;
  }
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    for (const [name, field] of Object.entries(fields)) {
      checkValue((value as Record<string, unknown>)[name], field.type, `${path}.${name}`);
    }
  }
}

function holdsId(type: GraphQLInputType, seen: Set<string>): boolean {
  const named = getNamedType(type);
  if (named.name === 'ID') return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => holdsId(f.type, seen));
}
