import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type DocumentNode } from 'graphql';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { turnRegistry } from '../adapters/metrics.js';
import type { JobQueue } from '../ports/jobQueue.js';

/** Where the numbers for the gauges come from, read when Prometheus scrapes. */
export interface MetricSources {
  queue: Pick<JobQueue, 'depth'>;
  /** Operations in flight over graphql-ws (subscriptions mostly). */
  activeWsOperations(): number;
  wsConnections(): number;
  /** Sockets closed for not reading (send buffer over the cap). */
  slowConsumersClosed(): number;
  /** The response cache's entries and their bytes now (null when the cache is off). */
  responseCache?(): { entries: number; bytes: number } | null;
  /** WebSocket upgrades refused because their address held WS_MAX_PER_ADDRESS sockets. */
  wsRefusedPerAddress(): number;
}

/** The server's metrics: one registry per server (tests start many), plus the turn singleton. */
export interface ServerMetrics {
  /** Count one HTTP response (`route` is a fixed label, never the raw path). */
  httpResponse(route: string, method: string, status: number): void;
  /** An envelop plugin counting GraphQL operations by transport-independent type. */
  plugin(): Plugin;
  /** Count one lookup of the response cache (./responseCache.ts). */
  responseCacheLookup(hit: boolean): void;
  /** Count an operation that did not pass through envelop (broadcast `sceneEvents` subscriptions). */
  operation(type: 'subscription'): void;
  /** Prometheus text exposition (server registry followed by turn metrics). */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Build the registry for one HTTP server. */
export function createServerMetrics(sources: MetricSources): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pixeltales_' });

  const requests = new Counter({
    name: 'pixeltales_http_requests_total',
    help: 'HTTP responses by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const operations = new Counter({
    name: 'pixeltales_graphql_operations_total',
    help: 'GraphQL operations executed (HTTP and WebSocket), by type.',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'pixeltales_ws_active_operations',
    help: 'Operations (mostly subscriptions) in flight over graphql-ws.',
    registers: [registry],
    collect() {
      this.set(sources.activeWsOperations());
    },
  });
  new Gauge({
    name: 'pixeltales_ws_connections',
    help: 'Open graphql-ws sockets.',
    registers: [registry],
    collect() {
      this.set(sources.wsConnections());
    },
  });
  new Gauge({
    name: 'pixeltales_ws_slow_consumers_closed',
    help: 'Sockets closed since start because their unsent data passed WS_SEND_BUFFER_MAX_BYTES.',
    registers: [registry],
    collect() {
      this.set(sources.slowConsumersClosed());
    },
  });
  new Gauge({
    name: 'pixeltales_ws_refused_per_address',
    help: 'WebSocket upgrades refused (429) since start because the address held WS_MAX_PER_ADDRESS sockets on this replica.',
    registers: [registry],
    collect() {
      this.set(sources.wsRefusedPerAddress());
    },
  });
  new Gauge({
    name: 'pixeltales_queue_depth',
    help: 'Scene jobs waiting or delayed.',
    registers: [registry],
    async collect() {
      this.set(await sources.queue.depth().catch(() => Number.NaN));
    },
  });

  const cacheHits = new Counter({
    name: 'pixeltales_response_cache_hits_total',
    help: 'Cacheable reads (stats, usage, scenes) answered from the response cache.',
    registers: [registry],
  });
  const cacheMisses = new Counter({
    name: 'pixeltales_response_cache_misses_total',
    help: 'Cacheable reads (stats, usage, scenes) that had to execute.',
    registers: [registry],
  });

  new Gauge({
    name: 'pixeltales_response_cache_bytes',
    help: 'Bytes of serialized results held by the response cache (bounded by RESPONSE_CACHE_MAX_BYTES).',
    registers: [registry],
    collect() {
      this.set(sources.responseCache?.()?.bytes ?? 0);
    },
  });
  new Gauge({
    name: 'pixeltales_response_cache_entries',
    help: 'Results held by the response cache.',
    registers: [registry],
    collect() {
      this.set(sources.responseCache?.()?.entries ?? 0);
    },
  });

  const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);
  return {
    httpResponse(route, method, status) {
      requests.inc({ route, method: METHODS.has(method) ? method : 'OTHER', status: String(status) });
    },
    responseCacheLookup(hit) {
      (hit ? cacheHits : cacheMisses).inc();
    },
    operation(type) {
      operations.inc({ type });
    },
    plugin: () => ({
      onExecute({ args }) {
        operations.inc({ type: operationType(args) });
      },
      onSubscribe({ args }) {
        operations.inc({ type: operationType(args) });
      },
    }),
    async render() {
      const [own, turns] = await Promise.all([registry.metrics(), turnRegistry.metrics()]);
      return { contentType: registry.contentType, body: `${own}\n${turns}` };
    },
  };
}

/** query, mutation or subscription. envelop types graphql's arguments loosely (any graphql version); these are graphql 16's. */
function operationType(args: { document: unknown; operationName?: unknown }): string {
  return getOperationAST(args.document as DocumentNode, args.operationName as string | null | undefined)?.operation ?? 'unknown';
}
