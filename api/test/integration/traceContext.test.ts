import type { SpanContext } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../src/adapters/queue/bullmqQueue.js';
import { createMemoryQueue } from '../../src/adapters/queue/memoryQueue.js';
import { tracedJobHandler } from '../../src/adapters/tracing/instrument.js';
import { tracedJobQueue } from '../../src/adapters/tracing/jobContext.js';
import { startTracing, withSpan, type Tracing } from '../../src/adapters/tracing/tracing.js';
import type { JobQueue } from '../../src/ports/jobQueue.js';
import { waitFor } from '../support/collect.js';
import { createRedisPrefix, requireServices, testRedis } from '../support/services.js';

/**
 * W3C trace context in job data: a turn scheduled under a span (a mutation) is that span's
 * child even when another process runs it; a job scheduled by a job is linked to it instead.
 */
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing({ endpoint: null, serviceName: 'pixeltales', logger: pino({ level: 'silent' }), exporter });
});
afterAll(() => tracing.shutdown());

const redisUp = await requireServices('redis', 'trace context over BullMQ');
const clients: Redis[] = [];
const space = createRedisPrefix();
afterAll(async () => {
  await space.clean();
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
});

const client = (blocking = false) => {
  const c = testRedis();
  if (blocking) c.options.maxRetriesPerRequest = null;
  clients.push(c);
  return c;
};
const queues: Record<string, () => JobQueue> = {
  memory: () => createMemoryQueue(),
  bullmq: () => createBullmqQueue({ connection: client(), workerConnection: () => client(true), prefix: space.prefix }),
};

describe.each(Object.keys(queues))('trace context on the %s queue', (kind) => {
  let queue: JobQueue;
  const sceneId = `scene-${kind}`;
  beforeAll(async () => {
    if (kind === 'bullmq' && !redisUp.ok) return;
    queue = tracedJobQueue(queues[kind]!());
    // Each turn schedules the next one, like the loop: turn 1 → turn 2.
    await queue.process(
      tracedJobHandler(async (job) => {
        if (job.data.turn === 1) await queue.add('turn', { ...job.data, turn: 2 }, { jobId: `turn-${sceneId}-2` });
      }),
    );
  });
  afterAll(() => queue?.stop());

  const turn = (n: number) =>
    exporter
      .getFinishedSpans()
      .find((s) => s.name === 'turn' && s.attributes['pixeltales.scene.id'] === sceneId && s.attributes['pixeltales.turn'] === n);

  it.skipIf(kind === 'bullmq' && !redisUp.ok)('a turn scheduled under a span is its child; the next turn links to it', async () => {
    let mutation: SpanContext | undefined;
    await withSpan('mutation.startScene', {}, async (span) => {
      mutation = span.spanContext();
      await queue.add('turn', { sceneId, epoch: 0, turn: 1 }, { jobId: `turn-${sceneId}-1` });
    });
    await waitFor(() => turn(1) !== undefined && turn(2) !== undefined, 10_000);
    const first = turn(1)!;
    const second = turn(2)!;
    expect(first.spanContext().traceId).toBe(mutation?.traceId);
    expect(first.parentSpanId).toBe(mutation?.spanId);
    // Not one endless trace per conversation: the next turn starts its own, linked to this one.
    expect(second.spanContext().traceId).not.toBe(first.spanContext().traceId);
    expect(second.parentSpanId).toBeUndefined();
    expect(second.links.map((l) => l.context.spanId)).toEqual([first.spanContext().spanId]);
  });
});
