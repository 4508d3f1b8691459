import { context, SpanStatusCode, trace, type Attributes, type Link, type Span, type TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from 'pino';

/**
 * Optional OpenTelemetry tracing. Off unless an OTLP endpoint is configured (or a test passes
 * an exporter): then a Node tracer provider is registered globally (AsyncLocalStorage context,
 * so spans nest across awaits) and spans leave in batches over OTLP/HTTP. Instrumented code
 * always calls {@link withSpan}: with no provider registered, the API's tracer is a no-op.
 */

/** The tracer every span of the app comes from. */
export const TRACER_NAME = 'pixeltales';

export interface Tracing {
  readonly enabled: boolean;
  /** The registered provider (for the GraphQL plugin), or null when tracing is off. */
  readonly provider: TracerProvider | null;
  /** Flush pending spans and unregister. Safe to call twice. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces`. */
  endpoint: string | null;
  serviceName: string;
  logger: Logger;
  /** Tests: export here, one span at a time, instead of over OTLP. */
  exporter?: SpanExporter;
}

/** Start tracing when configured; otherwise a disabled handle. */
export function startTracing(options: TracingOptions): Tracing {
  if (!options.endpoint && !options.exporter) return { enabled: false, provider: null, shutdown: async () => {} };
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource: new Resource({ 'service.name': options.serviceName }), spanProcessors: [processor] });
  provider.register();
  options.logger.info({ endpoint: options.endpoint ?? 'in-process exporter', service: options.serviceName }, 'tracing on');
  let done: Promise<void> | null = null;
  return {
    enabled: true,
    provider,
    shutdown() {
      done ??= provider
        .shutdown()
        .catch((err: unknown) => options.logger.warn({ err, dependency: 'otlp' }, 'flushing traces failed'))
        .finally(() => {
          trace.disable();
          context.disable();
        });
      return done;
    },
  };
}

/**
 * Run `fn` inside a span named `name` (a child of the active one): the span ends when `fn`
 * settles, and an error is recorded on it and rethrown. `links` point at related spans of other traces.
 */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, links?: Link[]): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes, ...(links?.length ? { links } : {}) }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err instanceof Error ? err : new Error(String(err)));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** A span for a wait that already happened (queue wait): from `startMs` to now, under the active span. */
export function recordWait(name: string, startMs: number, attributes: Attributes = {}): void {
  const now = Date.now();
  if (!(startMs < now)) return;
  trace.getTracer(TRACER_NAME).startSpan(name, { attributes, startTime: startMs }).end(now);
}
