import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { turnRegistry } from '../adapters/metrics.js';
import type { Container } from '../container.js';

/**
 * A worker-only process (ROLES=worker) serves no GraphQL, but its turns, model latency,
 * tokens and queue pickup are recorded here: this small listener exposes `/metrics` and
 * `/healthz` on PORT so Prometheus and orchestrators can reach workers too.
 */
export function buildWorkerStatusServer(container: Container) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pixeltales_' });
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (path === '/metrics' && container.config.hardening.metrics) {
      const body = (await registry.metrics()) + (await turnRegistry.metrics());
      return void res.writeHead(200, { 'content-type': registry.contentType }).end(body);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return {
    start(port: number, host: string): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    stop(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
