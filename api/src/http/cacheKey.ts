import { Kind, getVariableValues, print, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/** Longest variables part of a cache key; an operation whose variables serialize longer is not cached. */
export const VARIABLES_MAX_CHARS = 2_048;
/** Deepest nesting the variables part may have (this schema's query arguments are flat). */
export const VARIABLES_MAX_DEPTH = 6;

const printed = new WeakMap<OperationDefinitionNode, string>();

/**
 * The selected operation printed together with the document's fragments: what runs, normalized
 * (no comments, whitespace or other operations of the document). Validation leaves no unused
 * fragment, so every fragment printed is one the operation uses. Printed once per parsed
 * document node (yoga reuses the node for a repeated document text).
 */
export function normalizedOperation(document: DocumentNode, operation: OperationDefinitionNode): string {
  let text = printed.get(operation);
  if (text === undefined) {
    const parts = [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)];
    text = parts.map((node) => print(node)).join('\n');
    printed.set(operation, text);
  }
  return text;
}

/**
 * The values of the variables the operation declares, coerced by graphql-js as execution will
 * coerce them: variables the operation does not declare are never looked at. Null when they do
 * not coerce (execution then answers with the error itself).
 */
export function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: unknown): Record<string, unknown> | null {
  const inputs = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 1 });
  return result.errors ? null : result.coerced;
}

/**
 * JSON text of `value`, or null when it nests more than `maxDepth` arrays or objects, longer than `maxChars`, or
 * holds anything but plain JSON values. It stops as soon as a bound is passed, so its recursion
 * never goes deeper than `maxDepth` frames whatever a client sent, and its work is bounded by
 * `maxChars` (plus one key or string, which the input limits already bound).
 */
export function boundedJson(value: unknown, maxChars = VARIABLES_MAX_CHARS, maxDepth = VARIABLES_MAX_DEPTH): string | null {
  const out: string[] = [];
  let length = 0;
  const emit = (text: string): boolean => {
    out.push(text);
    length += text.length;
    return length <= maxChars;
  };
  const write = (v: unknown, depth: number): boolean => {
    if (v === null || typeof v === 'boolean') return emit(String(v));
    if (typeof v === 'number') return Number.isFinite(v) && emit(String(v));
    if (typeof v === 'string') return v.length <= maxChars && emit(JSON.stringify(v));
    if (typeof v !== 'object' || depth >= maxDepth) return false;
    if (Array.isArray(v)) {
      if (!emit('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !emit(',')) || !write(v[i], depth + 1)) return false;
      return emit(']');
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    if (!emit('{')) return false;
    let first = true;
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const item = (v as Record<string, unknown>)[key];
      // As JSON.stringify: an undefined property is left out.
      if (item === undefined) continue;
      if ((!first && !emit(',')) || key.length > maxChars || !emit(`${JSON.stringify(key)}:`) || !write(item, depth + 1)) return false;
      first = false;
    }
    return emit('}');
  };
  return write(value, 0) ? out.join('') : null;
}
