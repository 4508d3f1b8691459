import { describe, expect, it } from 'vitest';
import { analyticsRead, MAX_CONCURRENT_ANALYTICS_READS } from './analyticsReads.js';

/** A read the test finishes by hand, counting how many run at once. */
function reads() {
  let running = 0;
  let most = 0;
  let started = 0;
  const finish: (() => void)[] = [];
  const read = (value: string) => async () => {
    started++;
    running++;
    most = Math.max(most, running);
    await new Promise<void>((r) => finish.push(r));
    running--;
    return value;
  };
  return { read, finish, stats: () => ({ running, most, started }) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('analytics reads', () => {
  it('run at most two at a time per process, the rest in order', async () => {
    const db = {};
    const r = reads();
    const all = ['a', 'b', 'c', 'd', 'e'].map((k) => analyticsRead(db, k, r.read(k)));
    await tick();
    expect(r.stats()).toMatchObject({ running: MAX_CONCURRENT_ANALYTICS_READS, started: 2 });
    while (r.stats().started < 5 || r.finish.length) {
      r.finish.shift()?.();
      await tick();
    }
    expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.stats().most).toBe(MAX_CONCURRENT_ANALYTICS_READS);
  });

  it('join an identical read still waiting, never one already running or of another database', async () => {
    const db = {};
    const r = reads();
    const first = analyticsRead(db, 'x', r.read('x1'));
    const second = analyticsRead(db, 'y', r.read('y1'));
    await tick();
    // Both run now; a third identical to the first does not join it (it may miss a later commit).
    const third = analyticsRead(db, 'x', r.read('x2'));
    const fourth = analyticsRead(db, 'x', r.read('x3'));
    const other = analyticsRead({}, 'x', r.read('other'));
    await tick();
    expect(r.stats().started).toBe(2);
    while (r.finish.length || r.stats().started < 4) {
      r.finish.shift()?.();
      await tick();
    }
    // The fourth joined the third while it waited; the other database's read ran on its own.
    expect(await Promise.all([first, second, third, fourth, other])).toEqual(['x1', 'y1', 'x2', 'x2', 'other']);
    expect(r.stats().started).toBe(4);
  });
});
