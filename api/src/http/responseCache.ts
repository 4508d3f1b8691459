import { getOperationAST, Kind, OperationTypeNode, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { SceneEventRecord } from '../domain/events.js';
import type { Context } from '../graphql/builder.js';
import type { AppPubSub } from '../graphql/topics.js';
import type { Container } from '../container.js';
import { listScenes } from '../services/sceneQueries.js';
import { boundedJson, coercedVariables, normalizedOperation } from './cacheKey.js';

/** The hot reads that may be cached: each root field and what it depends on. */
type Tag = 'stats' | 'usage' | 'scenes';
const CACHEABLE: ReadonlySet<string> = new Set<Tag>(['stats', 'usage', 'scenes']);
/** Scene events that change stored lines (stats and usage) besides the scene list. */
const LINE_EVENTS: ReadonlySet<string> = new Set(['MESSAGE_POSTED', 'MESSAGE_HIDDEN']);
const ALL: readonly Tag[] = ['stats', 'usage', 'scenes'];
/** Bytes counted for an entry besides its result and key (the entry, the LRU's slots). */
const ENTRY_OVERHEAD_BYTES = 256;

/** RESPONSE_CACHE_*: how long an entry may live, and the bounds in bytes of serialized results. */
export interface ResponseCacheOptions {
  ttlMs: number;
  maxBytes: number;
  entryMaxBytes: number;
}

/** Results of `stats`, `usage` and `scenes`, per replica. */
export interface ResponseCache {
  /** The envelop plugin: answers hits in execute, stores misses after it. */
  plugin(): Plugin<Context>;
  /** Subscribe to the events that invalidate (the scenes known now, and new ones as announced). */
  start(): Promise<void>;
  stop(): void;
  /** Hits and misses since start, entries and their bytes now (for /metrics and tests). */
  counts(): { hits: number; misses: number; entries: number; bytes: number };
}

interface Entry {
  /** The whole answer as JSON text, `{"data":…}`: the body a hit is written with. */
  json: string;
  tags: readonly Tag[];
  /** The text's heap size and the key's, as counted against RESPONSE_CACHE_MAX_BYTES. */
  bytes: number;
}

/**
 * The answer of a hit: yoga writes the stored JSON as the body as is (its result `stringify`
 * hook), so a hit builds no object graph and serializes nothing; whatever reads `data` instead
 * (graphql-ws sends the result as an object) parses it then, once.
 */
export function cachedResult(json: string): ExecutionResult {
  let data: ExecutionResult['data'];
  return {
    get data() {
      return (data ??= (JSON.parse(json) as ExecutionResult).data);
    },
    stringify: () => json,
  } as ExecutionResult;
}

/** Heap bytes of a string: V8 keeps text with a character above U+00FF at two bytes a character. */
function stringBytes(text: string): number {
  return /[\u0100-\uffff]/.test(text) ? text.length * 2 : text.length;
}

/**
 * A per-replica cache of the hot dashboard reads, keyed by what runs: the role, the selected
 * operation printed (./cacheKey.ts) and the coerced values of the variables it declares. Variables
 * it does not declare never reach the key, so a client cannot make new entries by adding some;
 * variables that serialize too long or too deep are not cached at all (never walked past the
 * bound). Only query operations whose every root field is `stats`, `usage` or `scenes` are cached,
 * only results without errors, and only results up to RESPONSE_CACHE_ENTRY_MAX_BYTES serialized.
 * The whole cache is bounded in bytes (RESPONSE_CACHE_MAX_BYTES, least recently used dropped first).
 *
 * Invalidation is event-driven through the pub/sub every replica already listens to (Redis when
 * scaled): a posted or hidden line drops all three, any other scene event and any scene-list
 * change (status, viewers, a new scene) drops `scenes` and `stats`; a mutation run on this
 * replica drops everything when it completes (read-your-writes without waiting for Redis). A TTL
 * (RESPONSE_CACHE_TTL_MS) bounds staleness where an event can be missed: Redis pub/sub is
 * at-most-once across a reconnect. The role is part of the key because moderators see hidden
 * reasons; nothing these fields return depends on the client id or API key.
 */
export function createResponseCache(container: Container, options: ResponseCacheOptions, onLookup: (hit: boolean) => void): ResponseCache {
  const pubsub: AppPubSub = container.pubsub;
  const entries = new LRUCache<string, Entry>({
    maxSize: options.maxBytes,
    sizeCalculation: (entry) => entry.bytes,
    ttl: options.ttlMs,
  });
  const generation: Record<Tag, number> = { stats: 0, usage: 0, scenes: 0 };
  const watched = new Map<string, AsyncIterator<unknown>>();
  let listList: AsyncIterator<unknown> | null = null;
  let stopped = false;
  let hits = 0;
  let misses = 0;

  function invalidate(tags: readonly Tag[]): void {
    for (const tag of tags) generation[tag]++;
    const dropped: string[] = [];
    for (const [key, entry] of entries.entries()) if (entry.tags.some((t) => tags.includes(t))) dropped.push(key);
    for (const key of dropped) entries.delete(key);
  }

  /** The cache key of an operation and what it depends on, or null when it is not cached. */
  function keyOf(args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: unknown;
    role: string;
  }): { key: string; tags: Tag[] } | null {
    const operation = getOperationAST(args.document, args.operationName);
    if (operation?.operation !== OperationTypeNode.QUERY) return null;
    const tags = new Set<Tag>();
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) return null;
      if (selection.name.value === '__typename') continue;
      if (!CACHEABLE.has(selection.name.value)) return null;
      tags.add(selection.name.value as Tag);
    }
    if (tags.size === 0) return null;
    const coerced = coercedVariables(args.schema, operation, args.variableValues);
    const variables = coerced && boundedJson(coerced);
    if (variables === null) return null;
    return { key: `${args.role}\n${variables}\n${normalizedOperation(args.document, operation)}`, tags: [...tags] };
  }

  async function follow(iterator: AsyncIterator<unknown>, onEvent: (value: unknown) => void): Promise<void> {
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) onEvent(next.value);
    } catch (err) {
      container.logger.warn({ err }, 'response cache: an invalidation stream failed; entries now expire by TTL only');
    }
  }

  function watchScene(sceneId: string): void {
    if (stopped || watched.has(sceneId)) return;
    const iterator = pubsub.subscribe('scene:evented', sceneId)[Symbol.asyncIterator]();
    watched.set(sceneId, iterator);
    void follow(iterator, (event) => {
      const type = (event as SceneEventRecord | null)?.type;
      invalidate(type !== undefined && LINE_EVENTS.has(type) ? ALL : ['stats', 'scenes']);
    });
  }

  /**
   * Keep a result when it fits the per-entry cap. What is kept is its JSON text, not an object
   * graph (graphql-js builds every object with `Object.create(null)` and adds fields one by one,
   * which leaves V8 objects in dictionary mode, about 4 times the JSON's size in heap): the byte
   * bound is the memory the entries hold.
   */
  function store(key: string, tags: readonly Tag[], data: NonNullable<ExecutionResult['data']>): void {
    // Results are shaped by the schema (depth-limited documents), never by client input: safe to serialize.
    const json = `{"data":${JSON.stringify(data)}}`;
    const bytes = stringBytes(json) + stringBytes(key) + ENTRY_OVERHEAD_BYTES;
    if (bytes > options.entryMaxBytes) return;
    entries.set(key, { json, tags, bytes });
  }

  return {
    counts: () => ({ hits, misses, entries: entries.size, bytes: entries.calculatedSize }),
    async start() {
      listList = pubsub.subscribe('sceneList:changed')[Symbol.asyncIterator]();
      void follow(listList, (change) => {
        invalidate(['stats', 'scenes']);
        const sceneId = (change as { sceneId?: unknown } | null)?.sceneId;
        if (typeof sceneId === 'string') watchScene(sceneId);
      });
      const scenes = await listScenes(container);
      for (const scene of scenes) watchScene(scene.id);
    },
    stop() {
      stopped = true;
      for (const iterator of [listList, ...watched.values()]) void iterator?.return?.();
      watched.clear();
      entries.clear();
    },
    plugin: () => ({
      onExecute({ args, setResultAndStopExecution }) {
        const ctx = args.contextValue as Context;
        // envelop types graphql's arguments loosely (any graphql version); these are graphql 16's.
        const document = args.document as DocumentNode;
        const operationName = args.operationName as string | null | undefined;
        if (getOperationAST(document, operationName)?.operation === OperationTypeNode.MUTATION) {
          // Read-your-writes on this replica: its own mutations drop everything at once, not when
          // their event comes back from Redis.
          return { onExecuteDone: () => invalidate(ALL) };
        }
        const cacheable = keyOf({
          schema: args.schema as GraphQLSchema,
          document,
          operationName,
          variableValues: args.variableValues,
          role: ctx.role,
        });
        if (!cacheable) return;
        const { key, tags } = cacheable;
        const entry = entries.get(key);
        if (entry) {
          hits++;
          onLookup(true);
          setResultAndStopExecution(cachedResult(entry.json));
          return;
        }
        misses++;
        onLookup(false);
        // An invalidation while this runs means its result may already be stale: not stored.
        const seen = tags.map((t) => generation[t]);
        return {
          onExecuteDone({ result }) {
            if (stopped || Symbol.asyncIterator in result) return;
            const done = result as ExecutionResult;
            if (done.errors?.length || !done.data) return;
            if (tags.some((t, i) => generation[t] !== seen[i])) return;
            store(key, tags, done.data);
          },
        };
      },
    }),
  };
}
