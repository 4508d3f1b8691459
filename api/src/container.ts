import { setMaxListeners } from 'node:events';
import { createPubSub } from 'graphql-yoga';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { createOidcVerifier } from './adapters/auth/oidc.js';
import { openDatabase, type Orm } from './adapters/db/orm.js';
import { createEmbedder } from './adapters/llm/embeddings.js';
import { createLlm } from './adapters/llm/index.js';
import type { Embedder } from './ports/memory.js';
import type { HealthProbe } from './ports/health.js';
import { databaseProbe } from './adapters/db/healthProbe.js';
import { redisProbe } from './adapters/redis/healthProbe.js';
import { createMemoryPresence } from './adapters/presence/memoryPresence.js';
import { createMemoryQueue } from './adapters/queue/memoryQueue.js';
import { createBullmqQueue } from './adapters/queue/bullmqQueue.js';
import { createRedisPresence } from './adapters/presence/redisPresence.js';
import { createPrefixedRedisEventTarget } from './adapters/pubsub/redisEventTarget.js';
import { createCallGate, createMemoryCallWindow, createRedisCallWindow } from './adapters/rateLimit/callWindow.js';
import { combineScreens } from './adapters/screen/combined.js';
import { createOpenAiModerationScreen } from './adapters/screen/openaiModeration.js';
import { createWordListScreen, readTermsFile } from './adapters/screen/wordList.js';
import { createRedisConnections, type RedisConnections } from './adapters/redis/connections.js';
import { probeRedis } from './adapters/redis/startupCheck.js';
import { tracedLlm } from './adapters/tracing/instrument.js';
import { tracedJobQueue } from './adapters/tracing/jobContext.js';
import { startTracing, type Tracing } from './adapters/tracing/tracing.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { builtInScenes, withExtraCopies } from './domain/content.js';
import type { AppPubSub, Topics } from './graphql/topics.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { JobQueue } from './ports/jobQueue.js';
import type { Llm } from './ports/llm.js';
import type { Presence } from './ports/presence.js';
import type { RateLimiter } from './ports/rateLimiter.js';
import type { Screen } from './ports/screen.js';
import type { TokenVerifier } from './ports/tokenVerifier.js';
import { createMemoryRateLimiter } from './adapters/rateLimit/memoryRateLimiter.js';
import { createRedisRateLimiter } from './adapters/rateLimit/redisRateLimiter.js';
import { airingEventTarget } from './services/broadcastDelay.js';
import { createSceneLoop, type SceneLoop } from './services/sceneLoop.js';
import { createCredentialGuard, type CredentialGuard } from './services/credentialGuard.js';
import { createViewerSessions, ephemeralViewerSecret, type ViewerSessions } from './services/viewerSessions.js';
import { createReplayGate, REPLAY_GATE_DEFAULTS, type ReplayGate } from './services/replayGate.js';
import { playNextProposal } from './services/playNextProposal.js';
import { seedBuiltInScenes } from './services/seed.js';
import { createStatsFeed, type FeedScheduler, type StatsFeed } from './services/statsFeed.js';
import { createViewerSampler, processClaim, redisClaim, type ViewerSampler } from './services/viewerSamples.js';

/** An EventTarget without Node's 10-listener warning: one listener per live subscription is normal. */
function unboundedEventTarget(): EventTarget {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target;
}

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
  /** Screens proposal input (and, later, model lines): the word list, plus OpenAI's moderation when configured. */
  screen: Screen;
  /** Refused credentials per address and the lockout past AUTH_FAILURE_MAX (on the rate limiter). */
  credentialGuard: CredentialGuard;
  /** Signs and verifies viewer sessions (VIEWER_SECRET, else a random secret for this process). */
  viewerSessions: ViewerSessions;
  /** The per-process cap on concurrent replay reads (viewers catching up from `afterSeq`). */
  replayGate: ReplayGate;
  /** OpenTelemetry (OTEL_EXPORTER_OTLP_ENDPOINT); disabled when not configured. */
  tracing: Tracing;
  /** Verifies OpenID Connect moderators' bearer tokens (OIDC_ISSUER); null when not configured. */
  oidc: TokenVerifier | null;
  /** Samples viewer counts into `viewer_minute` every 5 s (one process per instant cluster-wide). */
  viewerSampler: ViewerSampler;
  /** Dashboards' throttled live totals (`statsFeed`): one timer per scene or total per process. */
  statsFeed: StatsFeed;
  /** What a worker checks to know it can do its jobs: the database, and Redis when the queue is BullMQ. */
  healthProbes: HealthProbe[];
  /** Close every adapter in reverse order of creation. Safe to call twice. */
  stop(): Promise<void>;
}

/** Parts a test may supply instead of the configured adapters. */
export type ContainerOverrides = Partial<
  Pick<Container, 'logger' | 'clock' | 'llm' | 'queue' | 'presence' | 'pubsub' | 'rateLimiter' | 'screen'>
> & {
  /** Send spans here (an in-memory exporter in tests) instead of OTLP; turns tracing on. */
  tracingExporter?: SpanExporter;
  /** Embeddings for memory relevance instead of the configured ones (null: lexical). */
  embedder?: Embedder | null;
  /** Timers of the stats feed's windows (tests end a window when they choose). */
  statsFeedScheduler?: FeedScheduler;
};

/** The word list (MODERATION_TERMS and MODERATION_TERMS_FILE) always; OpenAI's moderation after it when chosen. */
function createScreen(config: Readonly<Config>, logger: Logger): Screen {
  const { moderation } = config;
  const terms = [...moderation.terms, ...(moderation.termsFile ? readTermsFile(moderation.termsFile) : [])];
  const wordList = createWordListScreen({ terms });
  if (moderation.provider !== 'openai') return wordList;
  const openai = createOpenAiModerationScreen({
    baseUrl: config.llm.baseUrl,
    apiKey: config.llm.apiKey,
    model: moderation.model,
    timeoutMs: moderation.timeoutMs,
    logger,
  });
  return combineScreens([wordList, openai]);
}

/**
 * The composition root: picks one adapter per port from config (never from which keys
 * happen to be set), logs the choice, seeds built-in scenes, and knows how to close it all.
 */
export async function createContainer(config: Readonly<Config>, overrides: ContainerOverrides = {}): Promise<Container> {
  const logger = overrides.logger ?? pino({ level: config.logLevel, base: { pid: process.pid } });
  const clock = overrides.clock ?? systemClock;
  // Before anything that makes spans; the ORM's start-up checks are not traced.
  const tracing = startTracing({
    endpoint: config.tracing.endpoint,
    serviceName: config.tracing.serviceName,
    logger,
    exporter: overrides.tracingExporter,
  });
  // Before the database: an unreadable MODERATION_TERMS_FILE stops start-up with nothing to close.
  const screen = overrides.screen ?? createScreen(config, logger);
  // First, before any Redis client or queue exists: a process whose database fails the
  // checks must never join the shared queue and take other processes' jobs.
  const orm = await openDatabase({
    url: config.database.url,
    logger,
    timeouts: config.database.timeouts,
    connectTimeoutMs: config.database.connectTimeoutMs,
  });
  // Redis next, before any client exists: unreachable, start-up ends (69) within
  // REDIS_CONNECT_TIMEOUT_MS instead of ioredis reconnecting forever with the port never open.
  if (config.queue === 'bullmq' || config.pubsub === 'redis') {
    await probeRedis(config.redis.url, { waitMs: config.redis.connectTimeoutMs, logger }).catch(async (err: unknown) => {
      await orm.close(true);
      throw err;
    });
  }
  const created = await seedBuiltInScenes(orm.em.fork(), withExtraCopies(builtInScenes, config.seedExtraScenes), clock.now());
  if (created) logger.info({ created }, 'built-in scenes seeded');

  // Redis clients are opened only when a Redis adapter is configured, and closed last.
  let redis: RedisConnections | null = null;
  const redisClient = (role: string, options?: { blocking?: boolean; subscriber?: boolean }) =>
    (redis ??= createRedisConnections(config.redis.url, config.redis.prefix, logger)).client(role, options);
  const { prefix } = config.redis;

  // One typed pub/sub; memory or Redis is only the event target underneath. The aired topic
  // (`scene:evented`, what viewers follow) stays in the process: the broadcast delay airs it.
  const pubsub =
    overrides.pubsub ??
    createPubSub<Topics>({
      eventTarget: airingEventTarget(
        config.pubsub === 'redis'
          ? createPrefixedRedisEventTarget({
              publishClient: redisClient('publish'),
              subscribeClient: redisClient('subscribe', { blocking: true, subscriber: true }),
              prefix,
              logger,
            })
          : unboundedEventTarget(),
        { orm, clock, logger },
      ),
    });
  // Real model calls are capped (LLM_RATE_MAX per LLM_RATE_WINDOW_MS); the offline scripted model costs nothing.
  const limitCalls = config.llm.provider !== 'scripted';
  const limits = { max: config.llm.rateMax, windowMs: config.llm.rateWindowMs };
  // The BullMQ producer client; the worker's health check PINGs it too.
  const queueConnection = !overrides.queue && config.queue === 'bullmq' ? redisClient('queue') : null;
  // Every job carries the trace context of what scheduled it (a no-op with tracing off).
  const queue = tracedJobQueue(
    overrides.queue ??
      (queueConnection
        ? createBullmqQueue({
            connection: queueConnection,
            workerConnection: () => redisClient('worker', { blocking: true }),
            prefix,
            concurrency: config.jobs.concurrency,
            lockMs: config.jobs.lockMs,
            limiter: limitCalls ? { max: limits.max, durationMs: limits.windowMs } : undefined,
            logger,
          })
        : createMemoryQueue({ logger, concurrency: config.jobs.concurrency })),
  );
  // Viewer counts must be shared whenever events are: presence follows PUBSUB.
  const presence =
    overrides.presence ??
    (config.pubsub === 'redis' ? createRedisPresence({ redis: redisClient('presence'), prefix, logger }) : createMemoryPresence());
  const callGate = !limitCalls
    ? null
    : createCallGate(
        config.queue === 'bullmq'
          ? createRedisCallWindow(redisClient('call-window'), `${prefix}:llm-calls`, limits)
          : createMemoryCallWindow(limits),
      );
  const baseLlm = overrides.llm ?? createLlm(config.llm, logger, { fetch: callGate?.fetch });
  // The model-call span includes waiting for a slot of the call window.
  const llm = tracedLlm(callGate ? callGate.wrap(baseLlm) : baseLlm);
  // Per-client mutation limits must hold across replicas, like presence: they follow PUBSUB.
  const rateLimiter =
    overrides.rateLimiter ??
    (config.pubsub === 'redis' ? createRedisRateLimiter(redisClient('rate-limit'), prefix) : createMemoryRateLimiter(clock));
  const embedder =
    overrides.embedder !== undefined
      ? overrides.embedder
      : config.memory.embeddingsModel
        ? createEmbedder({
            model: config.memory.embeddingsModel,
            baseUrl: config.memory.embeddingsBaseUrl,
            apiKey: config.memory.embeddingsApiKey,
            timeoutMs: config.llm.timeoutMs,
          })
        : null;
  const loop = createSceneLoop({
    config,
    orm,
    pubsub,
    queue,
    presence,
    llm,
    screen,
    clock,
    logger,
    embedder,
    playNextProposal: (sceneId, epoch) => playNextProposal({ orm, clock, pubsub, policy: config.llm.policy, config }, sceneId, epoch),
  });

  logger.info(
    {
      roles: Object.entries(config.roles).flatMap(([k, v]) => (v ? [k] : [])),
      database: config.database.dialect,
      queue: queue.kind,
      memoryRelevance: embedder ? `embeddings ${embedder.model}` : 'lexical',
      pubsub: overrides.pubsub ? 'override' : config.pubsub,
      presence: presence.kind,
      rateLimiter: rateLimiter.kind,
      screen: overrides.screen ? 'override' : screen.kind,
      llm: llm.defaultModel,
      modelCallLimit: callGate ? `${callGate.kind}: ${limits.max} per ${limits.windowMs} ms` : 'off',
      oidcIssuer: config.oidc?.issuer ?? 'off',
    },
    'adapters chosen',
  );

  if (config.roles.api && config.viewerSessions.secret === null) {
    logger.warn(
      'VIEWER_SECRET is not set: viewer sessions use a random secret of this process (they end with it, and other replicas refuse them)',
    );
  }
  const viewerSessions = createViewerSessions(config.viewerSessions.secret ?? ephemeralViewerSecret());

  // With a shared presence every replica sees the same global counts: one stores each instant.
  const viewerSampler = createViewerSampler({
    orm,
    presence,
    clock,
    logger,
    claim: presence.kind === 'redis' ? redisClaim(redisClient('viewer-sampler'), prefix, `${process.pid}`) : processClaim(),
  });
  viewerSampler.start();
  const statsFeed = createStatsFeed({ orm, pubsub, presence, clock, config, logger }, { scheduler: overrides.statsFeedScheduler });

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
    screen,
    credentialGuard: createCredentialGuard({ rateLimiter, logger, ...config.hardening.authFailures }),
    viewerSessions,
    replayGate: createReplayGate(REPLAY_GATE_DEFAULTS),
    tracing,
    oidc: config.oidc ? createOidcVerifier(config.oidc, logger) : null,
    viewerSampler,
    statsFeed,
    healthProbes: [databaseProbe(orm, config.database.url), ...(queueConnection ? [redisProbe(queueConnection, config.redis.url)] : [])],
    async stop() {
      if (stopped) return;
      stopped = true;
      await viewerSampler.stop();
      await statsFeed.stop();
      await queue.stop();
      await presence.stop();
      await rateLimiter.stop();
      await redis?.close();
      await orm.close(true);
      await tracing.shutdown();
    },
  };
}
