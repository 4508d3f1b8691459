import { DatabaseStartupError } from './adapters/db/startupCheck.js';
import { RedisStartupError } from './adapters/redis/startupCheck.js';
import { ConfigError, loadConfig } from './config.js';
import { createContainer } from './container.js';
import { exposureSummary } from './http/metricsAccess.js';
import { buildServer } from './http/server.js';
import { buildWorkerStatusServer } from './http/workerStatus.js';
import { createWorker } from './services/worker.js';

/**
 * read config → build container → start the roles asked for → on SIGINT/SIGTERM stop
 * them in order (stop taking work, close sockets, close adapters) with a force-quit timer.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  // Verifies the database before anything else; only then are the queue and roles started.
  const container = await createContainer(config);
  const { logger } = container;
  const parts: { name: string; stop(): Promise<void> }[] = [];

  if (config.roles.worker) {
    const worker = createWorker(container);
    await worker.start();
    parts.push({ name: 'worker', stop: () => worker.stop() });
  }
  if (config.roles.api) {
    const server = buildServer(container);
    const port = await server.start(config.port);
    parts.unshift({ name: 'http', stop: () => server.stop() });
    logger.info({ url: `http://localhost:${port}/`, graphql: `http://localhost:${port}/graphql` }, 'PixelTales is up');
    // One line with everything reachable from outside, so an operator sees the exposure at a glance.
    logger.info({ env: config.env, ...exposureSummary(config) }, 'exposed');
  } else {
    // A worker-only process still answers health checks and serves its metrics on PORT.
    const status = buildWorkerStatusServer(container);
    const port = await status.start(config.port, config.host);
    parts.unshift({ name: 'status', stop: () => status.stop() });
    logger.info({ healthz: `http://localhost:${port}/healthz` }, 'worker status endpoint up');
    logger.info({ env: config.env, ...exposureSummary(config) }, 'exposed');
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; forcing exit');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    for (const part of parts) {
      await part.stop().catch((err) => logger.error({ err, part: part.name }, 'stop failed'));
    }
    await container.stop().catch((err) => logger.error({ err }, 'closing adapters failed'));
    logger.info('bye');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  // Benchmarks start the server with --expose-gc and ask for a collection before reading RSS.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) process.on('SIGUSR2', () => gc());
}

main().catch((err) => {
  // A database or Redis refused at start is an operator's problem, not a bug: one clear line, no stack.
  if (err instanceof DatabaseStartupError || err instanceof RedisStartupError) {
    console.error(err.message);
    process.exit(err.exitCode);
  }
  console.error(err);
  process.exit(1);
});
