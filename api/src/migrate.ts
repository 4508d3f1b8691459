import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './adapters/db/orm.js';
import { builtInScenes } from './domain/content.js';
import { seedBuiltInScenes } from './services/seed.js';

/**
 * One-shot start-up step for the scaled deployment (compose's `migrate` service): apply
 * pending migrations and seed the built-in scenes once, before API replicas and workers
 * start side by side. Every process also does both at start (idempotently), so this only
 * keeps several replicas from racing to create the schema on a fresh database.
 */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, base: { pid: process.pid } });
  const orm = await openDatabase({ url: config.database.url, logger });
  try {
    const created = await seedBuiltInScenes(orm.em.fork(), builtInScenes, Date.now());
    logger.info({ database: config.database.dialect, seeded: created }, 'database ready');
  } finally {
    await orm.close(true);
  }
}

migrate().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 78 : 1);
});
