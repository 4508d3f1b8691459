import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/collect.js';
import { startTestServer } from '../support/testServer.js';

/** With OTEL_EXPORTER_OTLP_ENDPOINT set, spans leave over OTLP/HTTP to <endpoint>/v1/traces. */
describe('tracing over OTLP', () => {
  it('posts the spans to the collector and flushes them on stop', async () => {
    const received: { path: string; type: string; body: string }[] = [];
    const collector = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d) => (body += String(d)));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    try {
      const server = await startTestServer({ OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`, OTEL_SERVICE_NAME: 'pixeltales-test' });
      expect((await server.gql('query Probe { scenes { id } }')).errors).toBeUndefined();
      await server.stop();
      await waitFor(() => received.length > 0, 10_000);
    } finally {
      await new Promise<void>((r) => collector.close(() => r()));
    }
    expect(received[0]!.path).toBe('/v1/traces');
    expect(received[0]!.type).toMatch(/application\/json/);
    const all = received.map((r) => r.body).join('\n');
    expect(all).toContain('query.Probe');
    expect(all).toContain('pixeltales-test');
  });
});
