import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthProbe } from '../ports/health.js';
import { createWorkerHealth, type WorkerHealth } from './workerHealth.js';

/** A probe whose answer the test sets: ok, a rejection, or never answering (a stalled pool). */
function probe(dependency = 'postgres') {
  let mode: 'ok' | 'fail' | 'hang' = 'ok';
  let calls = 0;
  const hung: (() => void)[] = [];
  const p: HealthProbe & { set(m: typeof mode): void; calls(): number; release(): void } = {
    dependency,
    target: '127.0.0.1:5432',
    check() {
      calls++;
      if (mode === 'fail') return Promise.reject(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }));
      if (mode === 'hang') return new Promise<void>((resolve) => hung.push(resolve));
      return Promise.resolve();
    },
    set: (m) => void (mode = m),
    calls: () => calls,
    release: () => hung.splice(0).forEach((r) => r()),
  };
  return p;
}

function setup(probes: HealthProbe[], intervalMs = 20) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const calls: string[] = [];
  const queue = {
    pause: async () => {
      calls.push('pause');
      return 3;
    },
    resume: async () => void calls.push('resume'),
  };
  const health = createWorkerHealth({ queue, probes, logger, intervalMs, timeoutMs: 50 });
  return { health, calls, lines };
}

const waitFor = async (check: () => boolean, ms = 5_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('worker health', () => {
  let health: WorkerHealth | undefined;
  afterEach(async () => {
    await health?.stop();
  });

  it('a probe that never answers pauses the queue once, with a warning; it is not asked again while it hangs; two good checks resume', async () => {
    const db = probe();
    const s = setup([db, probe('redis')]);
    health = s.health;
    db.set('hang');
    health.start();
    await waitFor(() => s.calls.includes('pause'));
    expect(health.healthy()).toBe(false);
    const warning = s.lines.find((l) => l.msg === 'dependency unhealthy: worker paused, its jobs handed back');
    expect(warning).toMatchObject({ level: 40, dependency: 'postgres', code: 'TIMEOUT', handedBack: 3 });
    // Several more checks fail on the same hung call instead of piling up new ones.
    const checks = s.lines.length;
    expect(await health.check()).toBe(false);
    expect(db.calls()).toBe(1);
    expect(s.lines.length).toBe(checks);
    // The network comes back: the hung call answers, and after a second good check the worker resumes.
    db.set('ok');
    db.release();
    await waitFor(() => s.calls.includes('resume'));
    expect(s.calls).toEqual(['pause', 'resume']);
    expect(health.healthy()).toBe(true);
    expect(s.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('a failed job checks at once, without waiting for the next tick', async () => {
    const redis = probe('redis');
    const s = setup([redis], 60_000);
    health = s.health;
    health.start();
    redis.set('fail');
    health.jobFailed();
    await waitFor(() => s.calls.includes('pause'));
    expect(s.lines.find((l) => l.level === 40)).toMatchObject({ dependency: 'redis', code: 'ECONNREFUSED' });
  });
});
