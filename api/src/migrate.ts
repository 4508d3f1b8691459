import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './adapters/db/orm.js';
import { DatabaseStartupError } from './adapters/db/startupCheck.js';
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
  const orm = await openDatabase({
    url: config.database.url,
    logger,
    // A migration may legitimately run long (an index on a big table); the lock and idle limits still apply.
    timeouts: { ...config.database.timeouts, statementMs: 0 },
    connectTimeoutMs: config.database.connectTimeoutMs,
  });
  try {
    const created = await seedBuiltInScenes(orm.em.fork(), builtInScenes, Date.now());
    logger.info({ database: config.database.dialect, seeded: created }, 'database ready');
  } finally {
    await orm.close(true);
  }
}

migrate().catch((err) => {
  if (err instanceof ConfigError || err instanceof DatabaseStartupError) {
    console.error(err.message);
    process.exit(err instanceof DatabaseStartupError ? err.exitCode : 78);
  }
  console.error(err);
  process.exit(1);
});
