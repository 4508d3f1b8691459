import { afterEach, describe, expect, it } from 'vitest';
import { DeferredError, RateLimitedError, UnrecoverableError } from '../../src/ports/errors.js';
import type { Job, JobHandler, JobQueue, SceneJobData } from '../../src/ports/jobQueue.js';
import { waitFor } from '../support/collect.js';

/** How a contract run gets queues of one adapter. */
export interface QueueHarness {
  /** A fresh queue with its own namespace. `attempts` total, first retry after `backoffMs`. */
  create(options: { attempts: number; backoffMs: number }): Promise<QueueHandle>;
}

export interface QueueHandle {
  queue: JobQueue;
  /**
   * Another handle on the same jobs, as a second process would have one; absent for
   * adapters that live inside one process.
   */
  peer?: () => Promise<JobQueue>;
}

const data = (turn = 1): SceneJobData => ({ sceneId: 'scene-a', epoch: 1, turn });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records every run of a handler; `behave` decides what each run does. */
function recorder(behave: (job: Job, run: number) => Promise<void> | void = () => {}) {
  const runs: { id: string; name: string; data: SceneJobData; attemptsMade: number; at: number }[] = [];
  const handler: JobHandler = async (job) => {
    runs.push({ id: job.id, name: job.name, data: job.data, attemptsMade: job.attemptsMade, at: Date.now() });
    await behave(job, runs.filter((r) => r.id === job.id).length);
  };
  return { runs, handler, of: (id: string) => runs.filter((r) => r.id === id) };
}

/** The JobQueue port's contract: what the turn loop relies on, for every adapter. */
export function jobQueueContract(adapter: string, harness: () => QueueHarness, crossProcess: boolean): void {
  describe(`JobQueue contract: ${adapter}`, () => {
    /** Tests that need two processes' worth of one adapter: registered only where it has them. */
    const acrossProcesses = (name: string, fn: () => Promise<void>) => {
      if (crossProcess) it(name, fn);
    };
    const opened: JobQueue[] = [];
    const open = async (attempts = 3, backoffMs = 100) => {
      const handle = await harness().create({ attempts, backoffMs });
      opened.push(handle.queue);
      const peer = handle.peer;
      return {
        queue: handle.queue,
        peer: peer
          ? async () => {
              const q = await peer();
              opened.push(q);
              return q;
            }
          : undefined,
      };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((q) => q.stop()));
    });

    it('runs an added job once, with its name, data, id and no attempts made', async () => {
      const { queue } = await open();
      const rec = recorder();
      await queue.process(rec.handler);
      await queue.add('turn', data(7), { jobId: 'turn-scene-a-1-7' });
      await queue.add('speech-end', data(7), { jobId: 'speech-end-scene-a-1-7' });
      await waitFor(() => rec.runs.length === 2, 10_000);
      await sleep(150);
      expect(rec.runs.map(({ at: _at, ...r }) => r).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'speech-end-scene-a-1-7', name: 'speech-end', data: data(7), attemptsMade: 0 },
        { id: 'turn-scene-a-1-7', name: 'turn', data: data(7), attemptsMade: 0 },
      ]);
    });

    it('ignores an id that is already delayed, and takes it again once finished', async () => {
      const { queue } = await open();
      const rec = recorder();
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'dup', delayMs: 300 });
      await queue.add('turn', data(), { jobId: 'dup', delayMs: 0 });
      await queue.add('turn', data(), { jobId: 'dup', delayMs: 50 });
      await waitFor(() => rec.runs.length === 1, 10_000);
      await sleep(400);
      expect(rec.of('dup')).toHaveLength(1);
      // Finished: the loop re-adds ids (e.g. a turn dropped for "no viewers"), so it must run again.
      await queue.add('turn', data(), { jobId: 'dup' });
      await waitFor(() => rec.runs.length === 2, 10_000);
    });

    it('ignores an id that is active right now', async () => {
      const { queue } = await open();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const rec = recorder(async (_job, run) => {
        if (run === 1) await gate;
      });
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'busy' });
      await waitFor(() => rec.runs.length === 1, 10_000);
      await queue.add('turn', data(), { jobId: 'busy' });
      release();
      await sleep(500);
      expect(rec.of('busy')).toHaveLength(1);
    });

    it('holds a delayed job back until its time, and counts it in depth()', async () => {
      const { queue } = await open();
      const rec = recorder();
      await queue.process(rec.handler);
      const added = Date.now();
      await queue.add('speech-end', data(), { jobId: 'later', delayMs: 500 });
      expect(await queue.depth()).toBe(1);
      await waitFor(() => rec.runs.length === 1, 10_000);
      expect(rec.runs[0]!.at - added).toBeGreaterThanOrEqual(450);
      await waitFor(async () => (await queue.depth()) === 0, 5_000);
    });

    it('retries a failing job with growing back-off, counting attempts', async () => {
      const { queue } = await open(4, 150);
      const rec = recorder((_job, run) => {
        if (run <= 2) throw new Error(`flaky ${run}`);
      });
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'flaky' });
      await waitFor(() => rec.runs.length === 3, 10_000);
      const runs = rec.of('flaky');
      expect(runs.map((r) => r.attemptsMade)).toEqual([0, 1, 2]);
      expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(130);
      expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(280);
      await sleep(400);
      expect(rec.runs).toHaveLength(3);
    });

    it('gives up after the last attempt, and the id can be added again', async () => {
      const { queue } = await open(3, 50);
      const rec = recorder(() => {
        throw new Error('always');
      });
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'hopeless' });
      await waitFor(() => rec.runs.length === 3, 10_000);
      await sleep(500);
      expect(rec.runs).toHaveLength(3);
      await queue.add('turn', data(), { jobId: 'hopeless' });
      await waitFor(() => rec.runs.length === 4, 10_000);
    });

    it('does not retry an UnrecoverableError', async () => {
      const { queue } = await open(5, 50);
      const rec = recorder(() => {
        throw new UnrecoverableError('scene is gone');
      });
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'gone' });
      await waitFor(() => rec.runs.length === 1, 10_000);
      await sleep(600);
      expect(rec.runs).toHaveLength(1);
      await queue.add('turn', data(), { jobId: 'gone' });
      await waitFor(() => rec.runs.length === 2, 10_000);
    });

    it('holds a rate-limited turn back for retryAfterMs without using an attempt', async () => {
      const { queue } = await open(2, 50);
      const rec = recorder((_job, run) => {
        if (run === 1) throw new RateLimitedError('429', 400);
      });
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'slow-down' });
      await waitFor(() => rec.runs.length === 2, 10_000);
      const [first, second] = rec.of('slow-down');
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(350);
      expect(second!.attemptsMade).toBe(0);
      await sleep(300);
      expect(rec.runs).toHaveLength(2);
    });

    it('runs a deferred job again at its time without using an attempt', async () => {
      const { queue } = await open(1, 50);
      const rec = recorder((_job, run) => {
        if (run <= 2) throw new DeferredError('budget spent', Date.now() + 300);
      });
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'deferred' });
      await waitFor(() => rec.runs.length === 3, 10_000);
      const [first, second, third] = rec.of('deferred');
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(250);
      expect(third!.attemptsMade).toBe(0);
      await sleep(300);
      expect(rec.runs).toHaveLength(3);
    });

    it('stop() aborts the running job, takes no more, and is safe to call twice', async () => {
      const { queue } = await open();
      let aborted = false;
      const rec = recorder(
        (job) =>
          new Promise<void>((_resolve, reject) => {
            job.signal.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('aborted'));
            });
          }),
      );
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'long' });
      await waitFor(() => rec.runs.length === 1, 10_000);
      await queue.stop();
      expect(aborted).toBe(true);
      await queue.stop();
      await queue.add('turn', data(), { jobId: 'after-stop' });
      await sleep(300);
      expect(rec.runs).toHaveLength(1);
    });

    it('pause() hands a running job back without waiting for its handler, takes none until resume(), then runs it with no attempt used', async () => {
      const { queue } = await open();
      let abortedRuns = 0;
      // The first run is stuck for good (a dead database connection): it notices the abort but never returns.
      const rec = recorder((job, run) =>
        run === 1 && job.id === 'stuck' ? new Promise<void>(() => job.signal.addEventListener('abort', () => abortedRuns++)) : undefined,
      );
      await queue.process(rec.handler);
      await queue.add('turn', data(), { jobId: 'stuck' });
      await waitFor(() => rec.runs.length === 1, 10_000);
      expect(await queue.pause()).toBe(1);
      expect(abortedRuns).toBe(1);
      expect(await queue.pause()).toBe(0);
      await queue.add('turn', data(2), { jobId: 'while-paused' });
      // Both wait in the queue (the handed-back one too), and neither was taken.
      await waitFor(async () => (await queue.depth()) === 2, 10_000);
      expect(rec.runs).toHaveLength(1);
      await queue.resume();
      await waitFor(() => rec.runs.length === 3, 10_000);
      expect(rec.of('stuck').map((r) => r.attemptsMade)).toEqual([0, 0]);
      expect(rec.of('while-paused')).toHaveLength(1);
    });

    acrossProcesses('a paused process hands its running job to another one at once, with no attempt used', async () => {
      const { queue, peer } = await open();
      const other = await peer!();
      const seen: string[] = [];
      // Ignores its signal: a handler stuck on a stalled connection.
      await queue.process(async (job) => {
        seen.push(`a:${job.attemptsMade}`);
        await new Promise(() => {});
      });
      await queue.add('turn', data(), { jobId: 'sick' });
      await waitFor(() => seen.length === 1, 10_000);
      await other.process(async (job) => {
        seen.push(`b:${job.attemptsMade}`);
      });
      const pausedAt = Date.now();
      expect(await queue.pause()).toBe(1);
      await waitFor(() => seen.length === 2, 10_000);
      // Not after the 2 s lock expired: handed back at once.
      expect(Date.now() - pausedAt).toBeLessThan(1_900);
      expect(seen).toEqual(['a:0', 'b:0']);
    });

    acrossProcesses('shares jobs between processes: each job runs exactly once', async () => {
      const { queue, peer } = await open();
      const other = await peer!();
      const rec = recorder(async () => void (await sleep(20)));
      await queue.process(rec.handler);
      await other.process(rec.handler);
      const ids = Array.from({ length: 30 }, (_, i) => `shared-${i}`);
      await Promise.all(ids.map((id, i) => (i % 2 ? queue : other).add('turn', data(i), { jobId: id })));
      await waitFor(() => rec.runs.length >= ids.length, 15_000);
      await sleep(300);
      expect(rec.runs.map((r) => r.id).sort()).toEqual([...ids].sort());
    });

    acrossProcesses('a job released by a stopping process is picked up by another one', async () => {
      const { queue, peer } = await open();
      const other = await peer!();
      const seen: string[] = [];
      await queue.process(async (job) => {
        seen.push(`a:${job.attemptsMade}`);
        await new Promise((_r, reject) => job.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      });
      await queue.add('turn', data(), { jobId: 'handover' });
      await waitFor(() => seen.length === 1, 10_000);
      await other.process(async (job) => {
        seen.push(`b:${job.attemptsMade}`);
      });
      const stoppedAt = Date.now();
      await queue.stop();
      await waitFor(() => seen.length === 2, 10_000);
      // Released at once (not after the lock expires), and the interruption cost no attempt.
      expect(Date.now() - stoppedAt).toBeLessThan(1_900);
      expect(seen).toEqual(['a:0', 'b:0']);
    });
  });
}
