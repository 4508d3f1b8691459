import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container, type ContainerOverrides } from '../../src/container.js';
import { buildServer } from '../../src/http/server.js';
import { createWorker } from '../../src/services/worker.js';

/** Environment for a fast, quiet test server: a conversation takes well under a second. */
export const FAST_ENV: Record<string, string> = {
  TIME_SCALE: '0.002',
  LOG_LEVEL: 'silent',
  SWEEP_INTERVAL_MS: '200',
  SERVE_WEB: 'false',
};

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  container: Container;
  /** POST a GraphQL operation over HTTP. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  /** A graphql-ws client over a real socket. */
  wsClient(): Client;
  stop(): Promise<void>;
}

/**
 * A fresh SQLite file per server unless DATABASE_URL is given. `beforeWorker` sees the container
 * before the worker takes its first job (to watch the loop from its first step).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  overrides: ContainerOverrides = {},
  beforeWorker?: (container: Container) => void,
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-'));
  const config = loadConfig({ ...FAST_ENV, DATABASE_URL: `sqlite:${join(dir, 'test.db')}`, ...env });
  const container = await createContainer(config, { logger: pino({ level: config.logLevel }), ...overrides });
  beforeWorker?.(container);
  const worker = config.roles.worker ? createWorker(container) : null;
  await worker?.start();
  const server = buildServer(container);
  const port = await server.start(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${port}/graphql`;
  const clients: Client[] = [];
  return {
    url,
    wsUrl,
    port,
    container,
    async gql(query, variables) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    wsClient() {
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) await c.dispose();
      await server.stop();
      await worker?.stop();
      await container.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
