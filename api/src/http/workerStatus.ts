import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { turnRegistry } from '../adapters/metrics.js';
import type { Container } from '../container.js';
import { answerMetrics, createMetricsListener, metricsOnMainPort } from './metricsAccess.js';

/**
 * A worker-only process (ROLES=worker) serves no GraphQL, but its turns, model latency,
 * tokens and queue pickup are recorded here: this small listener exposes `/metrics` and
 * `/healthz` on PORT so Prometheus and orchestrators can reach workers too. Metrics follow the
 * same access rules as the API's (METRICS_TOKEN, METRICS_PORT, off by default in production).
 */
export function buildWorkerStatusServer(container: Container) {
  const { logger } = container;
  const access = container.config.hardening.metricsAccess;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pixeltales_' });
  const render = async () => ({ contentType: registry.contentType, body: (await registry.metrics()) + (await turnRegistry.metrics()) });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (path === '/metrics' && metricsOnMainPort(access)) {
      // Every failure is answered here, so the promise never rejects.
      return void answerMetrics(req, res, access, render).catch((err) => {
        logger.error({ err }, 'metrics request failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  const metricsListener =
    access.mode === 'port' ? createMetricsListener(access, render, (err) => logger.error({ err }, 'metrics request failed')) : null;
  let boundMetricsPort: number | null = null;
  return {
    async start(port: number, host: string): Promise<number> {
      if (metricsListener) boundMetricsPort = await metricsListener.start(host);
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    /** The bound METRICS_PORT after start, or null. */
    metricsPort: (): number | null => boundMetricsPort,
    async stop(): Promise<void> {
      await metricsListener?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
