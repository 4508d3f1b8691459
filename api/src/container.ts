import { createPubSub } from 'graphql-yoga';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Orm } from './adapters/db/orm.js';
import { createLlm } from './adapters/llm/index.js';
import { createMemoryPresence } from './adapters/presence/memoryPresence.js';
import { createMemoryQueue } from './adapters/queue/memoryQueue.js';
import { builtInScenes } from './domain/content.js';
import type { AppPubSub, Topics } from './graphql/topics.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { JobQueue } from './ports/jobQueue.js';
import type { Llm } from './ports/llm.js';
import type { Presence } from './ports/presence.js';
import type { RateLimiter } from './ports/rateLimiter.js';
import { createMemoryRateLimiter } from './adapters/rateLimit/memoryRateLimiter.js';
import { createSceneLoop, type SceneLoop } from './services/sceneLoop.js';
import { seedBuiltInScenes } from './services/seed.js';

/** Everything the roles need, built once from config. */
export interface Container {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  orm: Orm;
  pubsub: AppPubSub;
  queue: JobQueue;
  presence: Presence;
  llm: Llm;
  loop: SceneLoop;
  rateLimiter: RateLimiter;
  /** Close every adapter in reverse order of creation. Safe to call twice. */
  stop(): Promise<void>;
}

/** Parts a test may supply instead of the configured adapters. */
export type ContainerOverrides = Partial<Pick<Container, 'logger' | 'clock' | 'llm' | 'queue' | 'presence' | 'pubsub' | 'rateLimiter'>>;

/**
 * The composition root: picks one adapter per port from config (never from which keys
 * happen to be set), logs the choice, seeds built-in scenes, and knows how to close it all.
 */
export async function createContainer(config: Readonly<Config>, overrides: ContainerOverrides = {}): Promise<Container> {
  const logger = overrides.logger ?? pino({ level: config.logLevel, base: { pid: process.pid } });
  const clock = overrides.clock ?? systemClock;
  const orm = await openDatabase({ url: config.database.url, logger });
  const created = await seedBuiltInScenes(orm.em.fork(), builtInScenes, clock.now());
  if (created) logger.info({ created }, 'built-in scenes seeded');

  const pubsub = overrides.pubsub ?? createPubSub<Topics>();
  const queue = overrides.queue ?? createMemoryQueue({ logger });
  const presence = overrides.presence ?? createMemoryPresence();
  const llm = overrides.llm ?? createLlm(config.llm, logger);
  const rateLimiter = overrides.rateLimiter ?? createMemoryRateLimiter(clock);
  const loop = createSceneLoop({ config, orm, pubsub, queue, presence, llm, clock, logger });

  logger.info(
    {
      roles: Object.entries(config.roles).flatMap(([k, v]) => (v ? [k] : [])),
      database: config.database.dialect,
      queue: queue.kind,
      pubsub: config.pubsub,
      presence: presence.kind,
      llm: llm.defaultModel,
    },
    'adapters chosen',
  );

  let stopped = false;
  return {
    config,
    logger,
    clock,
    orm,
    pubsub,
    queue,
    presence,
    llm,
    loop,
    rateLimiter,
    async stop() {
      if (stopped) return;
      stopped = true;
      await queue.stop();
      await presence.stop();
      await rateLimiter.stop();
      await orm.close(true);
    },
  };
}
