import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';

/**
 * Process-wide turn and model metrics. A singleton on purpose: services record into it
 * without a container dependency, and `/metrics` (api/src/http/metrics.ts) appends this
 * registry to the server's own. In a worker-only process nothing serves it (yet).
 */
export const turnRegistry = new Registry();

const turns = new Counter({
  name: 'pixeltales_turns_total',
  help: 'Turns finished, by model and outcome (completed, failed, dropped).',
  labelNames: ['model', 'outcome'] as const,
  registers: [turnRegistry],
});

const modelLatency = new Histogram({
  name: 'pixeltales_model_latency_seconds',
  help: 'Wall time of one model call (all attempts), by model.',
  labelNames: ['model'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
  registers: [turnRegistry],
});

const tokens = new Counter({
  name: 'pixeltales_model_tokens_total',
  help: 'Tokens used by model calls, by model, kind (prompt, completion) and call (turn, memory, reflection).',
  labelNames: ['model', 'kind', 'call'] as const,
  registers: [turnRegistry],
});

const eventExecutions = new Counter({
  name: 'pixeltales_scene_event_executions_total',
  help: 'Executions of a sceneEvents selection set for one event (per subscriber when FANOUT=stock, per group when broadcast).',
  registers: [turnRegistry],
});

const queuePickup = new Summary({
  name: 'pixeltales_queue_pickup_seconds',
  help: 'Delay between a job becoming due and a worker starting it (last 10 minutes).',
  percentiles: [0.5, 0.9, 0.99],
  maxAgeSeconds: 600,
  ageBuckets: 5,
  registers: [turnRegistry],
});

const authFailures = new Counter({
  name: 'pixeltales_auth_failures_total',
  help: 'Credentials refused (a wrong moderator token, an unknown or revoked API key, a bearer JWT that fails verification), by kind.',
  labelNames: ['kind'] as const,
  registers: [turnRegistry],
});

const linesHeld = new Counter({
  name: 'pixeltales_lines_held_total',
  help: 'Model lines held for review before anyone saw them, by cause (flagged: the screen named a reason; unavailable: it could not answer).',
  labelNames: ['cause'] as const,
  registers: [turnRegistry],
});

const screenFailures = new Counter({
  name: 'pixeltales_screen_failures_total',
  help: 'Screen calls that could not answer and held their input (fail closed), by screen and reason (status, network, timeout, response).',
  labelNames: ['screen', 'reason'] as const,
  registers: [turnRegistry],
});

const workerHealthy = new Gauge({
  name: 'pixeltales_worker_healthy',
  help: '1 while this worker takes jobs; 0 while it is paused because its database or Redis fails the health check.',
  registers: [turnRegistry],
});

const workerPauses = new Counter({
  name: 'pixeltales_worker_pauses_total',
  help: 'Times this worker stopped taking jobs (and handed back its running ones) for a failing dependency, by dependency.',
  labelNames: ['dependency'] as const,
  registers: [turnRegistry],
});

let executionCount = 0;

/** What one completed turn reports. */
export interface TurnCompleted {
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/** What one memory model call reports. */
export interface MemoryCalled {
  model: string;
  promptTokens: number;
  completionTokens: number;
  kind: 'MEMORY' | 'REFLECTION';
}

/** Recorders the turn loop calls. Cheap and synchronous; never throw. */
export const metrics = {
  /** A model call produced a line that was posted. */
  turnCompleted({ model, promptTokens, completionTokens, latencyMs }: TurnCompleted): void {
    turns.inc({ model, outcome: 'completed' });
    modelLatency.observe({ model }, Math.max(0, latencyMs) / 1000);
    if (promptTokens > 0) tokens.inc({ model, kind: 'prompt', call: 'turn' }, promptTokens);
    if (completionTokens > 0) tokens.inc({ model, kind: 'completion', call: 'turn' }, completionTokens);
  },
  /** A model call for memory (writing memories, or a reflection) returned. */
  memoryCalled({ model, promptTokens, completionTokens, kind }: MemoryCalled): void {
    const call = kind === 'MEMORY' ? 'memory' : 'reflection';
    if (promptTokens > 0) tokens.inc({ model, kind: 'prompt', call }, promptTokens);
    if (completionTokens > 0) tokens.inc({ model, kind: 'completion', call }, completionTokens);
  },
  /** A turn ended without a line: `failed` (model error) or `dropped` (stale result, paused, budget). */
  /** One execution of a sceneEvents selection set for one event. */
  eventExecuted(): void {
    executionCount++;
    eventExecutions.inc();
  },
  /** Executions so far in this process (the benchmark reads it through /metrics too). */
  executions(): number {
    return executionCount;
  },
  /** A worker picked up a job `delayMs` after it became due. */
  jobPickedUp(delayMs: number): void {
    queuePickup.observe(Math.max(0, delayMs) / 1000);
  },
  turnEnded(model: string, outcome: 'failed' | 'dropped'): void {
    turns.inc({ model, outcome });
  },
  /** A presented credential was refused (services/credentialGuard.ts). */
  authFailed(kind: string): void {
    authFailures.inc({ kind });
  },
  /** The worker's health check passed (it takes jobs) or failed (it is paused). */
  workerHealthy(healthy: boolean): void {
    workerHealthy.set(healthy ? 1 : 0);
  },
  /** The worker paused itself because `dependency` failed its health check. */
  workerPaused(dependency: string): void {
    workerPauses.inc({ dependency });
  },
  /** A screen (adapters/screen/) could not answer; its input was held. */
  screenFailed(screen: string, reason: string): void {
    screenFailures.inc({ screen, reason });
  },
  /** A model line was held for review (services/lineScreen.ts). */
  lineHeld(cause: 'flagged' | 'unavailable'): void {
    linesHeld.inc({ cause });
  },
};
