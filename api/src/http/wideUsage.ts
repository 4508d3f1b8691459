import {
  getArgumentValues,
  getDirectiveValues,
  getNullableType,
  getOperationAST,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isScalarType,
  Kind,
  OperationTypeNode,
  typeFromAST,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/builder.js';
import { USAGE_BUCKET_FIELDS, usageQueryOf, type UsageArgs } from '../graphql/usageFields.js';
import { appError } from '../graphql/errors.js';
import { MAX_USAGE_BUCKETS, usageSeries, type UsageQuery, type UsageSeries } from '../services/usage.js';
import { coercedVariables } from './cacheKey.js';
import { askedSizes } from './readRateLimit.js';

/** Response name → the field nodes merged under it, in the order graphql-js executes them. */
type Fields = Map<string, FieldNode[]>;

/** What the path cannot answer the way graphql-js would: the operation then runs the normal way. */
class Decline extends Error {}

const decline = (): never => {
  throw new Decline();
};

/**
 * The fields selected on `type` by `sets`, collected as graphql-js's `collectFields` does:
 * @skip/@include, inline fragments and spreads with their type conditions, each fragment at most
 * once. A selection with any other directive is declined.
 */
function collect(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Fields {
  const fields: Fields = new Map();
  const visited = new Set<string>();
  const included = (node: { directives?: readonly { name: { value: string } }[] }) => {
    for (const d of node.directives ?? []) if (d.name.value !== 'skip' && d.name.value !== 'include') decline();
    if (getDirectiveValues(GraphQLSkipDirective, node as FieldNode, variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, variables)?.if !== false;
  };
  const matches = (condition: FragmentDefinitionNode['typeCondition'] | undefined) => {
    if (!condition) return true;
    const conditional = typeFromAST(schema, condition);
    if (conditional === type) return true;
    return conditional !== undefined && isAbstractType(conditional) && schema.isSubType(conditional, type);
  };
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        const list = fields.get(name);
        if (list) list.push(selection);
        else fields.set(name, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (matches(selection.typeCondition)) visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = fragments.get(name);
        if (fragment && matches(fragment.typeCondition)) visit(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return fields;
}

const selectionSets = (nodes: readonly FieldNode[]) => nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));

/** One `UsageBucket` leaf: its response name and how to compute and serialize it (null: `__typename`). */
interface Leaf {
  key: string;
  value: ((c: UsageSeries['columns'], i: number) => number) | null;
  serialize: (value: unknown) => unknown;
}

/** One `usage` root field: its query, the keys of its `Usage` object and the leaves of its buckets. */
interface UsagePlan {
  key: string;
  query: UsageQuery;
  usageKeys: { key: string; buckets: Leaf[] | null }[];
}

/** The plan of an operation whose root fields are all `usage` (or `__typename`), or a Decline. */
function plan(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>) {
  const queryType = schema.getQueryType() ?? decline();
  const usageType = schema.getType('Usage') as GraphQLObjectType;
  const bucketType = schema.getType('UsageBucket') as GraphQLObjectType;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const bucketFields = bucketType.getFields();
  const root: (UsagePlan | { key: string; typename: string })[] = [];
  for (const [key, nodes] of collect(schema, queryType, [operation.selectionSet], fragments, variables)) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      root.push({ key, typename: queryType.name });
      continue;
    }
    if (name !== 'usage') decline();
    const args = getArgumentValues(queryType.getFields().usage!, nodes[0]!, variables) as unknown as UsageArgs;
    const usageKeys: UsagePlan['usageKeys'] = [];
    for (const [usageKey, usageNodes] of collect(schema, usageType, selectionSets(nodes), fragments, variables)) {
      const usageName = usageNodes[0]!.name.value;
      if (usageName === '__typename') {
        usageKeys.push({ key: usageKey, buckets: null });
        continue;
      }
      if (usageName !== 'buckets') decline();
      const leaves: Leaf[] = [];
      for (const [leafKey, leafNodes] of collect(schema, bucketType, selectionSets(usageNodes), fragments, variables)) {
        const leafName = leafNodes[0]!.name.value;
        if (leafName === '__typename') {
          leaves.push({ key: leafKey, value: null, serialize: () => bucketType.name });
          continue;
        }
        const field = bucketFields[leafName];
        const value = USAGE_BUCKET_FIELDS[leafName];
        const scalar = field && getNullableType(field.type);
        if (!value || !isScalarType(scalar)) decline();
        leaves.push({ key: leafKey, value: value!, serialize: (v) => (scalar as { serialize(v: unknown): unknown }).serialize(v) });
      }
      usageKeys.push({ key: usageKey, buckets: leaves });
    }
    // The resolver's own validation: a range it would refuse is declined, and answered by it.
    root.push({ key, query: usageQueryOf(args), usageKeys });
  }
  return { root, usageTypename: usageType.name };
}

/** Bucket objects of a series with the selected leaves, each value serialized by its scalar. */
function bucketsOf(series: UsageSeries, leaves: readonly Leaf[]): Record<string, unknown>[] {
  const out = new Array<Record<string, unknown>>(series.length);
  const c = series.columns;
  for (let i = 0; i < series.length; i++) {
    // Every bucket gets the same keys in the same order: one hidden class for all of them.
    const bucket: Record<string, unknown> = {};
    for (const leaf of leaves) bucket[leaf.key] = leaf.value ? leaf.serialize(leaf.value(c, i)) : leaf.serialize(null);
    out[i] = bucket;
  }
  return out;
}

/**
 * The result graphql-js would give an operation made only of `usage` root fields (aliases,
 * fragments, @skip/@include and `__typename` included), or null when the operation is anything
 * else or anything about it would end in an error (bad variables or arguments, a failed read, a
 * value a scalar refuses): the caller then runs it the normal way, which reports the error as
 * usual. Nothing here builds graphql-js's per-field bookkeeping (a resolve-info object, an
 * argument map and a path for every field of every bucket: about 24 MB of garbage for a
 * 10,000-bucket series of two fields); a bucket is one small object with the selected keys.
 */
export async function wideUsageResult(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: unknown,
  ctx: Pick<Context, 'container'>,
): Promise<ExecutionResult | null> {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== OperationTypeNode.QUERY) return null;
  const variables = coercedVariables(schema, operation, rawVariables);
  if (!variables) return null;
  try {
    const { root, usageTypename } = plan(schema, document, operation, variables);
    const series = await Promise.all(root.map((r) => ('query' in r ? usageSeries(ctx.container, r.query) : Promise.resolve(null))));
    const data: Record<string, unknown> = {};
    root.forEach((r, n) => {
      if (!('query' in r)) {
        data[r.key] = r.typename;
        return;
      }
      const usage: Record<string, unknown> = {};
      for (const k of r.usageKeys) usage[k.key] = k.buckets ? bucketsOf(series[n]!, k.buckets) : usageTypename;
      data[r.key] = usage;
    });
    return { data };
  } catch {
    // A Decline, a refused argument, a failed read or a refused value: graphql-js answers it.
    return null;
  }
}

/** Whether a query may be one `wideUsageResult` answers: a `usage` field or a fragment at its root. */
function mayBeUsage(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some((s) => s.kind !== Kind.FIELD || s.name.value === 'usage');
}

/**
 * Answer `usage`-only queries with {@link wideUsageResult} instead of the executor, whoever asks
 * and over HTTP or graphql-ws alike; every other operation, and every one it declines, runs as
 * before. Placed after the response cache, so a hit never gets here and a miss is stored as usual.
 *
 * Also the bound on one operation's answer: its `usage` fields together (aliases and fragments
 * included) may span at most MAX_USAGE_BUCKETS buckets, as one field may; more is refused with
 * BAD_INPUT (`extensions.limit: "usageBuckets"`) before anything is read. With the alias and depth
 * limits this bounds a `usage` answer to 10,000 buckets of at most the 13 fields and 15 aliases.
 */
export function useWideUsageReads(): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      // envelop types graphql's arguments loosely (any graphql version); these are graphql 16's.
      const document = args.document as DocumentNode;
      const operation = getOperationAST(document, args.operationName as string | null | undefined);
      if (operation?.operation !== OperationTypeNode.QUERY || !mayBeUsage(operation)) return;
      const buckets = askedSizes(args.schema as GraphQLSchema, document, operation, args.variableValues).usage ?? 0;
      if (buckets > MAX_USAGE_BUCKETS) {
        setResultAndStopExecution({
          errors: [
            appError(
              'BAD_INPUT',
              `the usage fields of this operation span ${buckets} buckets together; at most ${MAX_USAGE_BUCKETS} per operation`,
              { limit: 'usageBuckets', max: MAX_USAGE_BUCKETS },
            ),
          ],
        });
        return;
      }
      setExecuteFn(async (execArgs: ExecutionArgs) => {
        const wide = await wideUsageResult(
          execArgs.schema,
          execArgs.document,
          execArgs.operationName,
          execArgs.variableValues,
          execArgs.contextValue as Context,
        );
        return wide ?? (executeFn(execArgs) as Promise<ExecutionResult>);
      });
    },
  };
}
