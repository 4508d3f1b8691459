import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** OpenTelemetry: spans per GraphQL operation and per turn, received by an in-process exporter. */
describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RUN_WITHOUT_VIEWERS: 'true' }, { tracingExporter: exporter });
  });
  afterAll(() => server.stop());

  const spans = () => exporter.getFinishedSpans();
  const parentOf = (span: ReadableSpan) => span.parentSpanId;

  it('is off unless configured', () => {
    expect(loadConfig({}).tracing).toEqual({ endpoint: null, serviceName: 'pixeltales' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).tracing.endpoint).toBe('http://127.0.0.1:4318');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(server.container.tracing.enabled).toBe(true);
  });

  it('a span per GraphQL operation, with the operation name and no variables', async () => {
    const result = await server.gql('query ListScenes($slug: String) { scenes { id } scene(slug: $slug) { id } }', {
      slug: 'lost-luggage',
    });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    await waitFor(() => spans().some((s) => s.name === 'query.ListScenes'));
    const op = spans().find((s) => s.name === 'query.ListScenes')!;
    expect(op.kind).toBe(SpanKind.SERVER);
    expect(JSON.stringify(op.attributes)).not.toContain('lost-luggage');
    expect(op.resource.attributes['service.name']).toBe('pixeltales');
  });

  it('a span per turn with queue wait, model call, commit and publish inside it', async () => {
    await waitFor(
      () =>
        spans().some((s) => s.name === 'turn' && spans().some((c) => c.name === 'model call' && parentOf(c) === s.spanContext().spanId)),
      20_000,
    );
    const turn = spans().find(
      (s) => s.name === 'turn' && spans().some((c) => c.name === 'model call' && parentOf(c) === s.spanContext().spanId),
    )!;
    const children = spans().filter((s) => parentOf(s) === turn.spanContext().spanId);
    const names = new Set(children.map((s) => s.name));
    for (const name of ['queue wait', 'model call', 'commit', 'publish']) expect(names, name).toContain(name);
    for (const child of children) expect(child.spanContext().traceId).toBe(turn.spanContext().traceId);
    expect(turn.attributes['pixeltales.scene.id']).toEqual(expect.any(String));
    expect(turn.attributes['pixeltales.turn']).toEqual(expect.any(Number));
    const model = children.find((s) => s.name === 'model call')!;
    expect(model.attributes['gen_ai.response.model']).toBe('scripted');
    expect(model.attributes['gen_ai.usage.output_tokens']).toEqual(expect.any(Number));
    // The children sit inside the turn's time.
    const start = (s: ReadableSpan) => s.startTime[0] * 1e9 + s.startTime[1];
    const end = (s: ReadableSpan) => s.endTime[0] * 1e9 + s.endTime[1];
    for (const child of children.filter((c) => c.name !== 'queue wait')) {
      expect(start(child)).toBeGreaterThanOrEqual(start(turn));
      expect(end(child)).toBeLessThanOrEqual(end(turn));
    }
  });
});
