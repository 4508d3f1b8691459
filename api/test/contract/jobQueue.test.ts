import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createBullmqQueue } from '../../src/adapters/queue/bullmqQueue.js';
import { createMemoryQueue } from '../../src/adapters/queue/memoryQueue.js';
import { RateLimitedError } from '../../src/ports/errors.js';
import type { JobQueue } from '../../src/ports/jobQueue.js';
import { waitFor } from '../support/collect.js';
import { createRedisPrefix, requireServices, testRedis } from '../support/services.js';
import { jobQueueContract, type QueueHarness } from './jobQueue.contract.js';

jobQueueContract(
  'memory',
  () => ({
    async create({ attempts, backoffMs }) {
      return { queue: createMemoryQueue({ attempts, backoffMs }) };
    },
  }),
  false,
);

const redisUp = await requireServices('redis', 'JobQueue contract on BullMQ');

/** Redis clients and prefixes opened by the BullMQ runs, closed and wiped at the end. */
const clients: Redis[] = [];
const prefixes: ReturnType<typeof createRedisPrefix>[] = [];
const client = (blocking = false) => {
  const c = testRedis();
  if (blocking) c.options.maxRetriesPerRequest = null;
  clients.push(c);
  return c;
};

function bullmq(prefix: string, options: { attempts: number; backoffMs: number; limiter?: { max: number; durationMs: number } }): JobQueue {
  return createBullmqQueue({
    connection: client(),
    workerConnection: () => client(true),
    prefix,
    lockMs: 2_000,
    ...options,
  });
}

const bullmqHarness = (): QueueHarness => ({
  async create(options) {
    const space = createRedisPrefix();
    prefixes.push(space);
    return { queue: bullmq(space.prefix, options), peer: async () => bullmq(space.prefix, options) };
  },
});

describe.skipIf(!redisUp.ok)('BullMQ', () => {
  afterAll(async () => {
    await Promise.all(prefixes.map((p) => p.clean()));
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  });

  jobQueueContract('bullmq', bullmqHarness, true);

  describe('BullMQ only: the global turn limiter', () => {
    const opened: JobQueue[] = [];
    afterAll(() => Promise.all(opened.map((q) => q.stop())));
    const pair = (limiter: { max: number; durationMs: number }) => {
      const space = createRedisPrefix();
      prefixes.push(space);
      const a = bullmq(space.prefix, { attempts: 3, backoffMs: 50, limiter });
      const b = bullmq(space.prefix, { attempts: 3, backoffMs: 50, limiter });
      opened.push(a, b);
      return [a, b] as const;
    };

    it('starts at most `max` turns per window across all workers; other steps are not limited', async () => {
      const [a, b] = pair({ max: 2, durationMs: 600 });
      const starts: { name: string; at: number }[] = [];
      const handler = async (job: { name: string }) => void starts.push({ name: job.name, at: Date.now() });
      await a.process(handler);
      await b.process(handler);
      for (let i = 0; i < 6; i++) await a.add('turn', { sceneId: 's', epoch: 1, turn: i }, { jobId: `t-${i}` });
      for (let i = 0; i < 4; i++) await b.add('speech-end', { sceneId: 's', epoch: 1, turn: i }, { jobId: `s-${i}` });
      await waitFor(() => starts.length === 10, 10_000);
      const turns = starts.filter((s) => s.name === 'turn').map((s) => s.at);
      const steps = starts.filter((s) => s.name === 'speech-end').map((s) => s.at);
      // Three windows are needed for six turns; the steps all ran inside the first one.
      expect(turns.at(-1)! - turns[0]!).toBeGreaterThanOrEqual(2 * 600 - 50);
      expect(steps.at(-1)! - turns[0]!).toBeLessThan(600);
      for (let i = 0; i + 2 < turns.length; i++) expect(turns[i + 2]! - turns[i]!).toBeGreaterThanOrEqual(600 - 50);
    });

    it("a RateLimitedError in one worker holds back every worker's turns, not other steps", async () => {
      const [a, b] = pair({ max: 100, durationMs: 1_000 });
      const starts: { id: string; at: number }[] = [];
      let limited = false;
      const handler = async (job: { id: string; name: string }) => {
        starts.push({ id: job.id, at: Date.now() });
        if (job.id === 'first' && !limited) {
          limited = true;
          throw new RateLimitedError('429 from the provider', 800);
        }
      };
      await a.process(handler);
      await b.process(handler);
      await a.add('turn', { sceneId: 's', epoch: 1, turn: 1 }, { jobId: 'first' });
      await waitFor(() => limited, 5_000);
      const limitedAt = Date.now();
      for (let i = 0; i < 4; i++) await b.add('turn', { sceneId: 's', epoch: 1, turn: i + 2 }, { jobId: `later-${i}` });
      await b.add('speech-end', { sceneId: 's', epoch: 1, turn: 1 }, { jobId: 'step' });
      await waitFor(() => starts.length === 7, 10_000);
      const at = (id: string) => starts.find((s) => s.id === id)!.at;
      expect(at('step') - limitedAt).toBeLessThan(600);
      for (let i = 0; i < 4; i++) expect(at(`later-${i}`) - limitedAt).toBeGreaterThanOrEqual(650);
      expect(starts.filter((s) => s.id === 'first')).toHaveLength(2);
    });
  });
});
