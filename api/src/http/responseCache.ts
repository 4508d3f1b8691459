import { getOperationAST, Kind, OperationTypeNode, print, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SceneEventRecord } from '../domain/events.js';
import type { Context } from '../graphql/builder.js';
import type { AppPubSub } from '../graphql/topics.js';
import type { Container } from '../container.js';
import { listScenes } from '../services/sceneQueries.js';

/** The hot reads that may be cached: each root field and what it depends on. */
type Tag = 'stats' | 'usage' | 'scenes';
const CACHEABLE: ReadonlySet<string> = new Set<Tag>(['stats', 'usage', 'scenes']);
/** Scene events that change stored lines (stats and usage) besides the scene list. */
const LINE_EVENTS: ReadonlySet<string> = new Set(['MESSAGE_POSTED', 'MESSAGE_HIDDEN']);
const ALL: readonly Tag[] = ['stats', 'usage', 'scenes'];
const ENTRIES_MAX = 1_000;

/** Results of `stats`, `usage` and `scenes`, per replica. */
export interface ResponseCache {
  /** The envelop plugin: answers hits in execute, stores misses after it. */
  plugin(): Plugin<Context>;
  /** Subscribe to the events that invalidate (the scenes known now, and new ones as announced). */
  start(): Promise<void>;
  stop(): void;
  /** Hits and misses since start (for /metrics and tests). */
  counts(): { hits: number; misses: number };
}

interface Entry {
  result: ExecutionResult;
  tags: readonly Tag[];
  until: number;
}

/**
 * A per-replica cache of the hot dashboard reads, keyed by (role, document, operation name,
 * variables). Only query operations whose every root field is `stats`, `usage` or `scenes` are
 * cached, and only results without errors. Invalidation is event-driven through the pub/sub every
 * replica already listens to (Redis when scaled): a posted or hidden line drops all three, any
 * other scene event and any scene-list change (status, viewers, a new scene) drops `scenes` and
 * `stats`; a mutation run on this replica drops everything when it completes (read-your-writes
 * without waiting for Redis). A TTL (RESPONSE_CACHE_TTL_MS) bounds staleness where an event can be missed: Redis
 * pub/sub is at-most-once across a reconnect. The role is part of the key because moderators see
 * hidden reasons; nothing these fields return depends on the client id or API key.
 */
export function createResponseCache(container: Container, ttlMs: number, onLookup: (hit: boolean) => void): ResponseCache {
  const pubsub: AppPubSub = container.pubsub;
  const entries = new Map<string, Entry>();
  const generation: Record<Tag, number> = { stats: 0, usage: 0, scenes: 0 };
  const printed = new WeakMap<DocumentNode, string>();
  const watched = new Map<string, AsyncIterator<unknown>>();
  let listList: AsyncIterator<unknown> | null = null;
  let stopped = false;
  let hits = 0;
  let misses = 0;

  function invalidate(tags: readonly Tag[]): void {
    for (const tag of tags) generation[tag]++;
    for (const [key, entry] of entries) if (entry.tags.some((t) => tags.includes(t))) entries.delete(key);
  }

  /** The cache key part of a document: its printed text when every root field is cacheable, else null. */
  function cacheableText(document: DocumentNode, operationName: string | null | undefined): { text: string; tags: Tag[] } | null {
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== OperationTypeNode.QUERY) return null;
    const tags = new Set<Tag>();
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) return null;
      if (selection.name.value === '__typename') continue;
      if (!CACHEABLE.has(selection.name.value)) return null;
      tags.add(selection.name.value as Tag);
    }
    if (tags.size === 0) return null;
    let text = printed.get(document);
    if (text === undefined) printed.set(document, (text = print(document)));
    return { text, tags: [...tags] };
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

  return {
    counts: () => ({ hits, misses }),
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
        const document = args.document as DocumentNode;
        const operationName = args.operationName as string | null | undefined;
        if (getOperationAST(document, operationName)?.operation === OperationTypeNode.MUTATION) {
          // Read-your-writes on this replica: its own mutations drop everything at once, not when
          // their event comes back from Redis.
          return { onExecuteDone: () => invalidate(ALL) };
        }
        const cacheable = cacheableText(document, operationName);
        if (!cacheable) return;
        const key = JSON.stringify([ctx.role, args.operationName ?? null, args.variableValues ?? null, cacheable.text]);
        const now = performance.now();
        const entry = entries.get(key);
        if (entry && entry.until > now) {
          hits++;
          onLookup(true);
          setResultAndStopExecution(entry.result);
          return;
        }
        misses++;
        onLookup(false);
        // An invalidation while this runs means its result may already be stale: not stored.
        const seen = cacheable.tags.map((t) => generation[t]);
        return {
          onExecuteDone({ result }) {
            if (stopped || Symbol.asyncIterator in result) return;
            const done = result as ExecutionResult;
            if (done.errors?.length || !done.data) return;
            if (cacheable.tags.some((t, i) => generation[t] !== seen[i])) return;
            entries.delete(key);
            if (entries.size >= ENTRIES_MAX) entries.delete(entries.keys().next().value!);
            entries.set(key, { result: { data: done.data }, tags: cacheable.tags, until: performance.now() + ttlMs });
          },
        };
      },
    }),
  };
}
