import { z } from 'zod';
import type { ModelPolicy } from './domain/modelPolicy.js';
import { normalizeTerm, TERM_PATTERN } from './domain/moderationTerms.js';
import type { Timing } from './domain/types.js';

/**
 * The only reader of `process.env`. Every setting is validated here, all problems are
 * reported at once, and the result is frozen. `.env.example` lists the same settings.
 */

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
/** Proxy hops in front of the app: a count, or true (one) / false (none) as before. */
const hops = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx) => {
    if (v === 'true' || v === 'yes') return 1;
    if (v === 'false' || v === 'no') return 0;
    const n = Number(v);
    if (/^\d+$/.test(v) && n <= 10) return n;
    ctx.addIssue({ code: 'custom', message: 'must be the number of trusted proxy hops (0–10), or true (1) / false (0)' });
    return z.NEVER;
  });
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/**
 * PostgreSQL session limit defaults (`adapters/db/session.ts`), with why: every statement
 * PixelTales runs takes milliseconds (the heaviest are replay pages and stats), so 15 s only
 * ever stops a runaway. Row locks are held for one commit (milliseconds); a writer that waited
 * 5 s is behind a stuck transaction, better retried by its job than queued. A transaction never
 * waits on anything but the database (model calls happen outside), so 15 s of silence inside
 * one means its client is gone.
 */
export const DEFAULT_SESSION_TIMEOUTS: Readonly<Config['database']['timeouts']> = Object.freeze({
  statementMs: 15_000,
  lockMs: 5_000,
  idleInTransactionMs: 15_000,
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(4000),
  // '::' listens on IPv6 and IPv4 alike, so both localhost addresses work.
  HOST: z.string().min(1).default('::'),
  ROLES: csv.pipe(z.array(z.enum(['api', 'worker'])).min(1)).default(['api', 'worker']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:<path> or postgres://…')
    .default('sqlite:./data/pixeltales.db'),
  QUEUE: z.enum(['memory', 'bullmq']).default('memory'),
  PUBSUB: z.enum(['memory', 'redis']).default('memory'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be redis://…')
    .default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i)
    .default('pixeltales'),
  // Start-up: how long to keep retrying a Redis server that does not answer, then exit (69).
  REDIS_CONNECT_TIMEOUT_MS: int(500, 600_000).default(10_000),
  QUEUE_CONCURRENCY: int(1, 1_000).default(8),
  // Short, renewed every half lock: a killed worker's jobs move on within about 1.5 × this.
  QUEUE_LOCK_MS: int(1_000, 600_000).default(5_000),
  // Worker health (services/workerHealth.ts): a `select 1` and a Redis PING every interval (0: off),
  // each given the timeout; a failure pauses the worker's queue consumer and hands its jobs back.
  WORKER_HEALTH_INTERVAL_MS: int(0, 600_000).default(2_000),
  WORKER_HEALTH_TIMEOUT_MS: int(100, 600_000).default(3_000),
  // PostgreSQL session limits on every pooled connection (0 = off); see ./adapters/db/session.ts.
  DB_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(DEFAULT_SESSION_TIMEOUTS.statementMs),
  DB_LOCK_TIMEOUT_MS: int(0, 3_600_000).default(DEFAULT_SESSION_TIMEOUTS.lockMs),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(0, 3_600_000).default(DEFAULT_SESSION_TIMEOUTS.idleInTransactionMs),
  // Start-up: how long to keep retrying a PostgreSQL server that does not answer, then exit.
  DB_CONNECT_TIMEOUT_MS: int(500, 600_000).default(5_000),

  LLM_PROVIDER: z.enum(['scripted', 'openai']).default('scripted'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  // Memory relevance by embeddings (services/memoryRecall.ts); unset: lexical relevance.
  EMBEDDINGS_MODEL: z.string().trim().min(1).max(120).optional(),
  EMBEDDINGS_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TEMPERATURE: num(0, 2).default(0.9),
  LLM_TIMEOUT_MS: int(100, 600_000).default(30_000),
  LLM_MAX_ATTEMPTS: int(1, 10).default(3),
  LLM_RATE_MAX: int(1, 100_000).default(60),
  LLM_RATE_WINDOW_MS: int(100, 3_600_000).default(60_000),
  // What proposals (anyone) and moderators may choose for a character: models from this list
  // (empty: none, characters use LLM_MODEL), temperatures in this range.
  PROPOSAL_MODELS: csv.pipe(z.array(z.string().regex(/^[\w.:/-]{1,80}$/, 'must be model names, comma-separated'))).default([]),
  PROPOSAL_TEMPERATURE_MIN: num(0, 2).default(0),
  PROPOSAL_TEMPERATURE_MAX: num(0, 2).default(1.2),
  SCRIPTED_SEED: z.string().default('pixeltales'),
  // Screening of proposals (adapters/screen/): the offline word list always, plus OpenAI's
  // moderation endpoint with MODERATION_PROVIDER=openai. Operator terms match whole words.
  MODERATION_PROVIDER: z.enum(['wordlist', 'openai']).default('wordlist'),
  MODERATION_TERMS: csv
    .pipe(z.array(z.string().transform(normalizeTerm).pipe(z.string().regex(TERM_PATTERN, 'must be words, comma-separated'))))
    .default([]),
  MODERATION_TERMS_FILE: z.string().min(1).optional(),
  MODERATION_MODEL: z.string().trim().min(1).max(120).default('omni-moderation-latest'),
  MODERATION_TIMEOUT_MS: int(100, 60_000).default(3_000),
  // Budgets: a scene stops calling the model when its tokens in the window reach the budget.
  BUDGET_SCENE_TOKENS: int(0, 2_000_000_000).default(600_000),
  BUDGET_SCENE_WINDOW_MS: int(1_000, 31 * 86_400_000).default(3_600_000),
  BUDGET_GLOBAL_TOKENS: int(0, 2_000_000_000).default(50_000_000),
  BUDGET_GLOBAL_WINDOW_MS: int(1_000, 31 * 86_400_000).default(86_400_000),
  /** USD per million tokens: `model:input:output,…`. */
  LLM_PRICES: z
    .string()
    .regex(
      /^([\w./-]+:\d+(\.\d+)?:\d+(\.\d+)?)(,[\w./-]+:\d+(\.\d+)?:\d+(\.\d+)?)*$/,
      'must be model:input:output,… (USD per million tokens)',
    )
    .default('gpt-4o-mini:0.15:0.6,gpt-4o:2.5:10,gpt-4.1-mini:0.4:1.6,scripted:0:0'),

  TIME_SCALE: num(0.00001, 100).default(1),
  SPEAKING_BASE_MS: int(0, 600_000).default(5_000),
  SPEAKING_PER_CHAR_MS: int(0, 10_000).default(50),
  TURN_PAUSE_MS: int(0, 600_000).default(5_000),
  END_REQUEST_TTL_MS: int(0, 3_600_000).default(180_000),
  COOLDOWN_MS: int(0, 86_400_000).default(600_000),
  MAX_MESSAGES: int(2, 100_000).default(200),
  PROMPT_RECENT_LINES: int(1, 100).default(12),
  RUN_WITHOUT_VIEWERS: bool.default(false),
  SWEEP_INTERVAL_MS: int(50, 600_000).default(5_000),

  // `name:token` pairs, or plain tokens (named moderator-1, moderator-2, … by position).
  MODERATOR_TOKENS: csv.pipe(z.array(z.string().transform(parseModerator))).default([]),
  // OpenID Connect moderators (all or nothing): bearer JWTs from this issuer for this client id
  // (audience) whose role claim holds the moderator role. https only, but http on loopback.
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).max(200).optional(),
  OIDC_ROLE_CLAIM: z
    .string()
    .regex(/^[\w:/-]+(\.[\w:/-]+)*$/, 'must be a claim name, or a dotted path such as realm_access.roles')
    .optional(),
  OIDC_MODERATOR_ROLE: z.string().trim().min(1).max(200).optional(),
  TRUST_PROXY: hops.default(0),
  // Unset: on in development and test, off in production (the schema stays public in schema.graphql).
  GRAPHIQL: bool.optional(),
  INTROSPECTION: bool.optional(),
  SERVE_WEB: bool.default(true),
  WEB_DIST: z.string().default('web/dist'),
  SHUTDOWN_TIMEOUT_MS: int(100, 120_000).default(10_000),

  // --- Hardening: limits, abuse protection and metrics (api/src/http/*) -------------
  // Per operation, over HTTP and graphql-ws alike.
  MAX_QUERY_DEPTH: int(1, 100).default(10),
  MAX_ALIASES: int(0, 1_000).default(15),
  MAX_TOKENS: int(50, 100_000).default(1_000),
  MAX_DIRECTIVES: int(0, 1_000).default(10),
  MAX_COST: int(1, 10_000_000).default(5_000),
  MAX_DOCUMENT_CHARS: int(100, 1_000_000).default(16_384),
  // Per HTTP request / WebSocket message and per socket.
  MAX_BODY_BYTES: int(1_024, 10_485_760).default(65_536),
  WS_MAX_PAYLOAD_BYTES: int(1_024, 10_485_760).default(65_536),
  WS_MAX_SUBSCRIPTIONS: int(1, 1_000).default(20),
  WS_INIT_TIMEOUT_MS: int(100, 60_000).default(5_000),
  WS_PING_INTERVAL_MS: int(100, 600_000).default(15_000),
  // WebSocket connections one address (IPv6: its /64) may hold on one replica; more are refused with 429.
  WS_MAX_PER_ADDRESS: int(1, 100_000).default(64),
  // A TCP connection that sends nothing (no request, or a stalled one) is closed after this long.
  HTTP_IDLE_TIMEOUT_MS: int(1_000, 120_000).default(20_000),
  // Mutations per client id and per IP per window.
  MUTATION_RATE_MAX: int(1, 100_000).default(30),
  MUTATION_RATE_IP_MAX: int(1, 100_000).default(120),
  MUTATION_RATE_WINDOW_MS: int(100, 3_600_000).default(60_000),
  // Refused credentials (moderator tokens, API keys, bearer JWTs) per address per window; past
  // that, every credentialed request from the address is RATE_LIMITED until the window ends.
  AUTH_FAILURE_MAX: int(1, 100_000).default(20),
  AUTH_FAILURE_WINDOW_MS: int(1_000, 86_400_000).default(60_000),
  // Viewer sessions (one vote per identity): the HMAC secret every API replica shares (required
  // in production; unset elsewhere, each process makes a random one), and issues per address per window.
  VIEWER_SECRET: z.string().min(32, 'VIEWER_SECRET needs at least 32 characters').optional(),
  VIEWER_SESSION_RATE_MAX: int(1, 100_000).default(20),
  VIEWER_SESSION_RATE_WINDOW_MS: int(1_000, 31 * 86_400_000).default(3_600_000),
  // Browser access: extra origins allowed by CORS (empty = same origin only), CSRF check.
  CORS_ORIGINS: csv.pipe(z.array(z.url())).default([]),
  // The app's own public origins (scheme://host[:port]): requests for another Host get 421 and a
  // WebSocket needs one of these (or CORS_ORIGINS) as its Origin. Empty: no Host check in
  // development; production then allows localhost only (and warns).
  PUBLIC_ORIGINS: csv.pipe(z.array(z.url({ protocol: /^https?$/ }))).default([]),
  // Strict-Transport-Security. Unset: on when every PUBLIC_ORIGINS entry is https://.
  HSTS: bool.optional(),
  CSRF_PREVENTION: bool.default(true),
  METRICS: bool.default(true),
  // /metrics needs `Authorization: Bearer <METRICS_TOKEN>` when set; with METRICS_PORT it is served
  // on that port only (keep it off the public network). Production with neither serves none.
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN needs at least 16 characters').optional(),
  METRICS_PORT: int(1, 65535).optional(),

  // --- API keys, trusted documents, response cache (api/src/services/apiKeys*.ts) ---------
  // Requests per minute for a key created without a limit of its own.
  API_KEY_RATE_MAX: int(1, 1_000_000).default(600),
  // How long a replica trusts a key it looked up: a revocation takes effect within this bound everywhere.
  API_KEY_CACHE_MS: int(0, 60_000).default(5_000),
  // How often each replica adds its key usage counts to the database.
  API_KEY_FLUSH_MS: int(100, 60_000).default(2_000),
  // Anonymous callers may run only the web app's documents; keys and moderators any. The path is a
  // persisted-documents.json or a directory searched for them (codegen writes one per target).
  TRUSTED_DOCUMENTS_ONLY: bool.default(false),
  TRUSTED_DOCUMENTS_PATH: z.string().min(1).default('web/src/lib/graphql/generated'),
  // Cached results of stats, usage and scenes, dropped by the events that change them; the TTL is a backstop.
  RESPONSE_CACHE: bool.default(true),
  RESPONSE_CACHE_TTL_MS: int(100, 600_000).default(30_000),
  // The cache's bound in bytes of serialized results (least recently used go first), and the largest result it keeps.
  RESPONSE_CACHE_MAX_BYTES: int(65_536, 4_294_967_296).default(16_777_216),
  RESPONSE_CACHE_ENTRY_MAX_BYTES: int(1_024, 1_073_741_824).default(524_288),
  // Anonymous queries per address per window, in cost units: 1 per query plus 1 per READ_COST_BUCKETS
  // buckets (`usage`) or minutes (`characterStats`) it asks for. Moderators and API keys have their own limits.
  READ_RATE_MAX: int(1, 100_000_000).default(3_000),
  READ_RATE_WINDOW_MS: int(100, 3_600_000).default(60_000),
  READ_COST_BUCKETS: int(1, 1_000_000).default(500),

  // --- Fan-out of scene events ----------------------------------------------------------
  // `broadcast` executes each event once per (document, variables, role) and sends the same
  // bytes to the group; `stock` is graphql-ws's per-subscriber path (the benchmark baseline).
  FANOUT: z.enum(['broadcast', 'stock']).default('broadcast'),
  // A socket whose unsent data passes this many bytes is closed (1013); the client resumes by afterSeq.
  WS_SEND_BUFFER_MAX_BYTES: int(16_384, 1_073_741_824).default(1_048_576),
  // Seconds viewers lag behind moderators, for scenes without a delay of their own
  // (setBroadcastDelay). 0 = live. Production: 10 gives a moderator time to hide a line before
  // anyone sees it.
  BROADCAST_DELAY_SECONDS: int(0, 120).default(0),
  // Extra copies of the built-in scenes, for benchmarks and load tests (0 in normal use).
  SEED_EXTRA_SCENES: int(0, 1000).default(0),

  // --- Tracing (OpenTelemetry) -----------------------------------------------------------
  // The OTLP/HTTP collector's base URL (spans go to <url>/v1/traces); unset = no tracing.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .default('pixeltales'),
});

export type Env = z.infer<typeof envSchema>;

const MODERATOR_NAME = /^[A-Za-z0-9_.-]{1,40}$/;

/** One MODERATOR_TOKENS entry: `name:token`, or a plain token whose name is given by position later. */
function parseModerator(entry: string, ctx: z.RefinementCtx): { name: string | null; token: string } {
  const colon = entry.indexOf(':');
  const named = colon > 0 && MODERATOR_NAME.test(entry.slice(0, colon));
  const name = named ? entry.slice(0, colon) : null;
  const token = named ? entry.slice(colon + 1) : entry;
  if (token.length < 16) {
    ctx.addIssue({ code: 'custom', message: `each moderator token needs at least 16 characters${name ? ` (moderator ${name})` : ''}` });
    return z.NEVER;
  }
  return { name, token };
}

/** The validated, frozen configuration every module receives. */
export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  roles: { api: boolean; worker: boolean };
  logLevel: Env['LOG_LEVEL'];
  database: {
    url: string;
    dialect: 'sqlite' | 'postgresql';
    /** PostgreSQL session limits (ms, 0 = off): no statement, lock wait or open transaction outlives them. */
    timeouts: { statementMs: number; lockMs: number; idleInTransactionMs: number };
    /** How long start-up retries an unreachable PostgreSQL server before giving up. */
    connectTimeoutMs: number;
  };
  queue: Env['QUEUE'];
  /** Jobs a worker runs at once; how long a dead worker's job stays locked before another takes it. */
  jobs: { concurrency: number; lockMs: number; health: { intervalMs: number; timeoutMs: number } };
  pubsub: Env['PUBSUB'];
  /** Redis for the queue, pub/sub, presence and limits; how long start-up waits for it. */
  redis: { url: string; prefix: string; connectTimeoutMs: number };
  llm: {
    provider: Env['LLM_PROVIDER'];
    apiKey: string | undefined;
    baseUrl: string | undefined;
    model: string;
    temperature: number;
    timeoutMs: number;
    maxAttempts: number;
    rateMax: number;
    rateWindowMs: number;
    scriptedSeed: string;
    /** What a character's own settings may be (`domain/modelPolicy.ts`), for proposals and moderators. */
    policy: ModelPolicy;
  };
  /** Embeddings for memory relevance: a model on an OpenAI-compatible server, or null (lexical). */
  memory: { embeddingsModel: string | null; embeddingsBaseUrl: string | undefined; embeddingsApiKey: string | undefined };
  budget: {
    sceneTokens: number;
    sceneWindowMs: number;
    globalTokens: number;
    globalWindowMs: number;
    /** USD per million tokens by model name. */
    prices: Readonly<Record<string, { input: number; output: number }>>;
  };
  timing: Timing;
  loop: { maxMessages: number; recentLines: number; runWithoutViewers: boolean; sweepIntervalMs: number };
  http: {
    graphiql: boolean;
    introspection: boolean;
    serveWeb: boolean;
    webDist: string;
    /** Reverse proxies in front of the app whose X-Forwarded-For / -Proto entries are believed (0 = none). */
    trustProxy: number;
    /** PUBLIC_ORIGINS, normalised (scheme://host[:port]); empty = none configured (see http/origin.ts). */
    publicOrigins: readonly string[];
    /** Send Strict-Transport-Security (TLS is terminated in front of, or by, this server). */
    hsts: boolean;
  };
  /** Moderators: a name (recorded in the moderation log) and a bearer token (never logged). */
  moderators: readonly { name: string; token: string }[];
  /** OpenID Connect moderators (null = off): see ./adapters/auth/oidc.ts. */
  oidc: { issuer: string; clientId: string; roleClaim: string; moderatorRole: string } | null;
  shutdownTimeoutMs: number;
  fanout: { mode: 'broadcast' | 'stock'; sendBufferMaxBytes: number };
  /** The broadcast delay of scenes that have none of their own (seconds, 0 to 120). */
  broadcast: { delaySeconds: number };
  /** Viewer sessions: the signing secret (null: a random one per process, development only) and issues per address per window. */
  viewerSessions: { secret: string | null; perAddressMax: number; windowMs: number };
  /** Third-party API keys: the default per-key limit, how long lookups are cached, how often counters are written. */
  apiKeys: { defaultRatePerMinute: number; cacheMs: number; flushMs: number };
  /** TRUSTED_DOCUMENTS_ONLY: anonymous callers run only the manifest's documents (keys and moderators run any). */
  trustedDocuments: { only: boolean; path: string };
  /** Cached `stats`, `usage` and `scenes` results (event-driven invalidation, TTL backstop). */
  responseCache: { enabled: boolean; ttlMs: number; maxBytes: number; entryMaxBytes: number };
  /** Anonymous queries per address (./http/readRateLimit.ts): `max` cost units per `windowMs`, 1 + asked buckets / `costBuckets` each. */
  readRate: { max: number; windowMs: number; costBuckets: number };
  /** OpenTelemetry: the OTLP endpoint (null = off) and the service name spans carry. */
  tracing: { endpoint: string | null; serviceName: string };
  seedExtraScenes: number;
  /** The screen (adapters/screen/): word list always, OpenAI's moderation too when `provider` is openai. */
  moderation: {
    provider: Env['MODERATION_PROVIDER'];
    terms: readonly string[];
    termsFile: string | null;
    model: string;
    timeoutMs: number;
  };
  /** Hardening of the public API (HTTP and WebSocket); see api/src/http/. */
  hardening: {
    /** Per-operation limits, checked while parsing and validating. */
    query: { depth: number; aliases: number; tokens: number; directives: number; cost: number; documentChars: number };
    maxBodyBytes: number;
    ws: { maxPayloadBytes: number; maxSubscriptions: number; initTimeoutMs: number; pingIntervalMs: number; maxPerAddress: number };
    /** Silence (ms) after which a TCP connection is closed: before its first request, between or inside requests. */
    idleTimeoutMs: number;
    /** Per client id (`max`) and per IP (`ipMax`, higher: many clients may share an address). */
    mutationRate: { max: number; ipMax: number; windowMs: number };
    /** Refused credentials per address per window before the address is locked out (services/credentialGuard.ts). */
    authFailures: { max: number; windowMs: number };
    /** Origins (scheme://host[:port]) allowed cross-origin; same-origin always works. */
    corsOrigins: readonly string[];
    csrfPrevention: boolean;
    metrics: boolean;
    /**
     * Who may read /metrics: `off` (not served), `public` (development default), `token` (a
     * bearer token on the main port) or `port` (only on `metricsPort`, token too if set).
     */
    metricsAccess: { mode: 'off' | 'public' | 'token' | 'port'; token: string | null; port: number | null };
  };
}

/** Raised with every problem found, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Read and validate the environment. Throws `ConfigError` listing every problem. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const raw = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = source[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const roles = { api: e.ROLES.includes('api'), worker: e.ROLES.includes('worker') };
  const split = !(roles.api && roles.worker);
  if (split && e.QUEUE === 'memory') {
    problems.push(`ROLES=${e.ROLES.join(',')} needs QUEUE=bullmq: an in-process queue cannot reach other processes`);
  }
  if (split && e.PUBSUB === 'memory') {
    problems.push(`ROLES=${e.ROLES.join(',')} needs PUBSUB=redis: in-memory pub/sub cannot reach other processes`);
  }
  const dialect = e.DATABASE_URL.startsWith('sqlite:') ? 'sqlite' : 'postgresql';
  if (split && dialect === 'sqlite') {
    problems.push(`ROLES=${e.ROLES.join(',')} needs a postgres:// DATABASE_URL shared by every process`);
  }
  if (e.EMBEDDINGS_MODEL && !e.OPENAI_API_KEY && !e.EMBEDDINGS_BASE_URL && !e.OPENAI_BASE_URL) {
    problems.push('EMBEDDINGS_MODEL needs OPENAI_API_KEY (or EMBEDDINGS_BASE_URL / OPENAI_BASE_URL for a local server)');
  }
  if (e.PROPOSAL_TEMPERATURE_MIN > e.PROPOSAL_TEMPERATURE_MAX) {
    problems.push(
      `PROPOSAL_TEMPERATURE_MIN=${e.PROPOSAL_TEMPERATURE_MIN} must not be above PROPOSAL_TEMPERATURE_MAX=${e.PROPOSAL_TEMPERATURE_MAX}`,
    );
  }
  if (e.MODERATION_PROVIDER === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    problems.push('MODERATION_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)');
  }
  if (e.LLM_PROVIDER === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    problems.push('LLM_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)');
  }
  const moderators = e.MODERATOR_TOKENS.map((m, i) => ({ name: m.name ?? `moderator-${i + 1}`, token: m.token }));
  const names = moderators.map((m) => m.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length)
    problems.push(`MODERATOR_TOKENS: each moderator needs a name of their own (${[...new Set(twice)].join(', ')} given twice)`);
  if (new Set(moderators.map((m) => m.token)).size !== moderators.length)
    problems.push('MODERATOR_TOKENS: each moderator needs a token of their own');
  const oidc = oidcSettings(e, problems);
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT === e.PORT) {
    problems.push(`METRICS_PORT=${e.METRICS_PORT} must differ from PORT: metrics get a listener of their own`);
  }
  // Replicas must share the secret or each refuses the others' sessions. A single production process
  // (in-memory pub/sub: no replicas can exist) may sign with a random one; it warns at start.
  if (e.NODE_ENV === 'production' && roles.api && e.PUBSUB === 'redis' && e.VIEWER_SECRET === undefined) {
    problems.push(
      'VIEWER_SECRET is required in production with PUBSUB=redis (32+ random characters, the same on every API replica): it signs the viewer sessions votes need',
    );
  }
  const publicOrigins = [...new Set(e.PUBLIC_ORIGINS.map((o) => new URL(o).origin))];
  e.PUBLIC_ORIGINS.forEach((o, i) => {
    const url = new URL(o);
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password)
      problems.push(`PUBLIC_ORIGINS: entry ${i + 1} must be an origin only (scheme://host[:port]): no path, query or credentials`);
  });
  if (problems.length) throw new ConfigError(problems);
  const production = e.NODE_ENV === 'production';
  const metricsMode = !e.METRICS
    ? 'off'
    : e.METRICS_PORT !== undefined
      ? 'port'
      : e.METRICS_TOKEN !== undefined
        ? 'token'
        : production
          ? 'off'
          : 'public';

  return deepFreeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    roles,
    logLevel: e.LOG_LEVEL,
    database: {
      url: e.DATABASE_URL,
      dialect,
      timeouts: {
        statementMs: e.DB_STATEMENT_TIMEOUT_MS,
        lockMs: e.DB_LOCK_TIMEOUT_MS,
        idleInTransactionMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    },
    queue: e.QUEUE,
    jobs: {
      concurrency: e.QUEUE_CONCURRENCY,
      lockMs: e.QUEUE_LOCK_MS,
      health: { intervalMs: e.WORKER_HEALTH_INTERVAL_MS, timeoutMs: e.WORKER_HEALTH_TIMEOUT_MS },
    },
    pubsub: e.PUBSUB,
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX, connectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS },
    llm: {
      provider: e.LLM_PROVIDER,
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.LLM_MODEL,
      temperature: e.LLM_TEMPERATURE,
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxAttempts: e.LLM_MAX_ATTEMPTS,
      rateMax: e.LLM_RATE_MAX,
      rateWindowMs: e.LLM_RATE_WINDOW_MS,
      scriptedSeed: e.SCRIPTED_SEED,
      policy: {
        defaultModel: e.LLM_MODEL,
        allowed: [...new Set(e.PROPOSAL_MODELS)],
        temperature: { min: e.PROPOSAL_TEMPERATURE_MIN, max: e.PROPOSAL_TEMPERATURE_MAX },
      },
    },
    memory: {
      embeddingsModel: e.EMBEDDINGS_MODEL ?? null,
      embeddingsBaseUrl: e.EMBEDDINGS_BASE_URL ?? e.OPENAI_BASE_URL,
      embeddingsApiKey: e.OPENAI_API_KEY,
    },
    budget: {
      sceneTokens: e.BUDGET_SCENE_TOKENS,
      sceneWindowMs: e.BUDGET_SCENE_WINDOW_MS,
      globalTokens: e.BUDGET_GLOBAL_TOKENS,
      globalWindowMs: e.BUDGET_GLOBAL_WINDOW_MS,
      prices: Object.fromEntries(
        e.LLM_PRICES.split(',').map((entry) => {
          const [model, input, output] = entry.split(':');
          return [model!, { input: Number(input), output: Number(output) }];
        }),
      ),
    },
    timing: {
      timeScale: e.TIME_SCALE,
      speakingBaseMs: e.SPEAKING_BASE_MS,
      speakingPerCharMs: e.SPEAKING_PER_CHAR_MS,
      turnPauseMs: e.TURN_PAUSE_MS,
      endRequestTtlMs: e.END_REQUEST_TTL_MS,
      cooldownMs: e.COOLDOWN_MS,
    },
    loop: {
      maxMessages: e.MAX_MESSAGES,
      recentLines: e.PROMPT_RECENT_LINES,
      runWithoutViewers: e.RUN_WITHOUT_VIEWERS,
      sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    },
    http: {
      graphiql: e.GRAPHIQL ?? !production,
      introspection: e.INTROSPECTION ?? !production,
      serveWeb: e.SERVE_WEB,
      webDist: e.WEB_DIST,
      trustProxy: e.TRUST_PROXY,
      publicOrigins,
      hsts: e.HSTS ?? (publicOrigins.length > 0 && publicOrigins.every((o) => o.startsWith('https://'))),
    },
    moderators,
    oidc,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    fanout: { mode: e.FANOUT, sendBufferMaxBytes: e.WS_SEND_BUFFER_MAX_BYTES },
    broadcast: { delaySeconds: e.BROADCAST_DELAY_SECONDS },
    viewerSessions: {
      secret: e.VIEWER_SECRET ?? null,
      perAddressMax: e.VIEWER_SESSION_RATE_MAX,
      windowMs: e.VIEWER_SESSION_RATE_WINDOW_MS,
    },
    apiKeys: { defaultRatePerMinute: e.API_KEY_RATE_MAX, cacheMs: e.API_KEY_CACHE_MS, flushMs: e.API_KEY_FLUSH_MS },
    trustedDocuments: { only: e.TRUSTED_DOCUMENTS_ONLY, path: e.TRUSTED_DOCUMENTS_PATH },
    responseCache: {
      enabled: e.RESPONSE_CACHE,
      ttlMs: e.RESPONSE_CACHE_TTL_MS,
      maxBytes: e.RESPONSE_CACHE_MAX_BYTES,
      entryMaxBytes: e.RESPONSE_CACHE_ENTRY_MAX_BYTES,
    },
    readRate: { max: e.READ_RATE_MAX, windowMs: e.READ_RATE_WINDOW_MS, costBuckets: e.READ_COST_BUCKETS },
    seedExtraScenes: e.SEED_EXTRA_SCENES,
    moderation: {
      provider: e.MODERATION_PROVIDER,
      terms: e.MODERATION_TERMS,
      termsFile: e.MODERATION_TERMS_FILE ?? null,
      model: e.MODERATION_MODEL,
      timeoutMs: e.MODERATION_TIMEOUT_MS,
    },
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT ?? null, serviceName: e.OTEL_SERVICE_NAME },
    hardening: {
      query: {
        depth: e.MAX_QUERY_DEPTH,
        aliases: e.MAX_ALIASES,
        tokens: e.MAX_TOKENS,
        directives: e.MAX_DIRECTIVES,
        cost: e.MAX_COST,
        documentChars: e.MAX_DOCUMENT_CHARS,
      },
      maxBodyBytes: e.MAX_BODY_BYTES,
      ws: {
        maxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
        maxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
        initTimeoutMs: e.WS_INIT_TIMEOUT_MS,
        pingIntervalMs: e.WS_PING_INTERVAL_MS,
        maxPerAddress: e.WS_MAX_PER_ADDRESS,
      },
      idleTimeoutMs: e.HTTP_IDLE_TIMEOUT_MS,
      mutationRate: { max: e.MUTATION_RATE_MAX, ipMax: e.MUTATION_RATE_IP_MAX, windowMs: e.MUTATION_RATE_WINDOW_MS },
      authFailures: { max: e.AUTH_FAILURE_MAX, windowMs: e.AUTH_FAILURE_WINDOW_MS },
      corsOrigins: e.CORS_ORIGINS.map((o) => new URL(o).origin),
      csrfPrevention: e.CSRF_PREVENTION,
      metrics: metricsMode !== 'off',
      metricsAccess: { mode: metricsMode, token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT ?? null },
    },
  } satisfies Config);
}

/** OIDC_* all or nothing: an issuer and a client id together; the role settings only with them. */
function oidcSettings(e: Env, problems: string[]): Config['oidc'] {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId } = e;
  if (issuer === undefined && clientId === undefined) {
    const stray = (['OIDC_ROLE_CLAIM', 'OIDC_MODERATOR_ROLE'] as const).filter((k) => e[k] !== undefined);
    if (stray.length) problems.push(`${stray.join(' and ')} need OIDC_ISSUER and OIDC_CLIENT_ID (OpenID Connect is off without them)`);
    return null;
  }
  if (issuer === undefined || clientId === undefined) {
    problems.push(
      `OpenID Connect needs both OIDC_ISSUER and OIDC_CLIENT_ID (${issuer === undefined ? 'OIDC_ISSUER' : 'OIDC_CLIENT_ID'} is missing)`,
    );
    return null;
  }
  const url = new URL(issuer);
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    problems.push('OIDC_ISSUER must be https:// (http:// only for a provider on localhost)');
  }
  if (url.search || url.hash) problems.push('OIDC_ISSUER must be the issuer identifier: no query or fragment');
  return { issuer, clientId, roleClaim: e.OIDC_ROLE_CLAIM ?? 'roles', moderatorRole: e.OIDC_MODERATOR_ROLE ?? 'moderator' };
}

/** Every env var name this module reads (used by the compose-file test). */
export const envNames: readonly string[] = Object.keys(envSchema.shape);

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const v of Object.values(value)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(value);
}
