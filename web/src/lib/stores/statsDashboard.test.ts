import type { Client } from '@urql/core';
import { describe, expect, it, vi } from 'vitest';
import { StatsDashboardStore } from './statsDashboard.svelte';

type Vars = Record<string, unknown>;
interface Call {
  op: string;
  vars: Vars;
  answer(data: unknown, error?: unknown): void;
}

/** A urql stand-in: every query waits until the test answers it; the feed is pushed by hand. */
function fakeUrql() {
  const calls: Call[] = [];
  const feeds: { vars: Vars; push(data: unknown): void; closed: boolean }[] = [];
  const opName = (doc: unknown) => (doc as { definitions: { name?: { value: string } }[] }).definitions[0]!.name!.value;
  const client = {
    query(doc: unknown, vars: Vars) {
      return {
        toPromise: () =>
          new Promise((resolve) => {
            calls.push({ op: opName(doc), vars, answer: (data, error) => resolve(error ? { error } : { data }) });
          }),
      };
    },
    subscription(_doc: unknown, vars: Vars) {
      return {
        subscribe(sink: (r: { data?: unknown }) => void) {
          const feed = { vars, push: (data: unknown) => sink({ data }), closed: false };
          feeds.push(feed);
          return { unsubscribe: () => void (feed.closed = true) };
        },
      };
    },
  };
  return { client: client as unknown as Client, calls, feeds };
}

/** Let pending promise chains run (no timers: some tests fake them). */
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
const MIN = 60_000;
const NOW = 1_000 * MIN + 30_000;
const overview = (turns: number) => ({
  stats: {
    turns,
    promptTokens: 10 * turns,
    completionTokens: turns,
    estimatedCostUsd: 0,
    viewers: 2,
    byModel: [{ model: 'm' }],
    byScene: [],
  },
  scenes: [{ id: 's1', name: 'One', status: 'RUNNING', viewers: 2 }],
});
const bucket = (minute: number, turns: number) => ({
  start: minute * MIN,
  turns,
  promptTokens: turns * 10,
  completionTokens: turns,
  costUsd: 0,
  linesPerMinute: turns,
  peakViewers: 1,
  averageViewers: 0.5,
});

/** Answer every open call: the overview, then series / sums / characters by operation. */
async function answerAll(calls: Call[], turns: number, series: ReturnType<typeof bucket>[]): Promise<void> {
  for (let round = 0; round < 4; round++) {
    await flush();
    for (const c of calls.splice(0)) {
      if (c.op === 'StatsOverview') c.answer(overview(turns));
      else if (c.op === 'UsageSeries') c.answer({ usage: { buckets: c.vars.bucket === 'DAY' ? [bucket(0, turns)] : series } });
      else if (c.op === 'CharacterStatsRange') c.answer({ characterStats: [] });
    }
  }
  await flush();
}

describe('StatsDashboardStore', () => {
  it('loads the last hour per minute and drops an answer for a choice made before the latest', async () => {
    const { client, calls } = fakeUrql();
    const store = new StatsDashboardStore(client, () => NOW);
    store.start();
    await answerAll(calls, 5, [bucket(1000, 5)]);
    expect(store.range).toMatchObject({ since: 941 * MIN, until: 1001 * MIN, bucket: 'MINUTE', live: true });
    expect(store.buckets.map((b) => b.turns)).toEqual([5]);
    expect(store.tiles).toMatchObject({ turns: 5, viewers: 2 });
    expect(store.modelRows.map((r) => [r.key, r.turns])).toEqual([['m', 5]]);

    // The week is asked for, then the day; the week's answers come last and must not win.
    store.setPreset('week');
    await flush();
    calls.splice(0).forEach((c) => c.answer(overview(99)));
    await flush();
    const week = calls.splice(0);
    expect(week.filter((c) => c.op === 'UsageSeries' && c.vars.bucket === 'HOUR')).toHaveLength(1);
    store.setPreset('day');
    await answerAll(calls, 7, [bucket(999, 3), bucket(1000, 4)]);
    for (const c of week) c.answer(c.op === 'CharacterStatsRange' ? { characterStats: [] } : { usage: { buckets: [bucket(0, 99)] } });
    await answerAll(calls, 99, [bucket(0, 99)]);
    expect(store.preset).toBe('day');
    expect(store.range.bucket).toBe('MINUTE');
    expect(store.buckets.map((b) => b.turns)).toEqual([3, 4]);
    expect(store.loading).toBe(false);
  });

  it('shows the API error and keeps the last good numbers', async () => {
    const { client, calls } = fakeUrql();
    const store = new StatsDashboardStore(client, () => NOW);
    store.start();
    await answerAll(calls, 5, [bucket(1000, 5)]);
    store.setScene('s1');
    await flush();
    for (const c of calls.splice(0))
      c.answer(null, { graphQLErrors: [{ message: 'since must be before until', extensions: { code: 'BAD_INPUT' } }] });
    await flush();
    await flush();
    expect(store.error).toBe('since must be before until');
    expect(store.buckets.map((b) => b.turns)).toEqual([5]);
  });

  it('moves the tiles with the feed and re-reads only the newest bucket, at most every 2 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      let now = NOW;
      const { client, calls, feeds } = fakeUrql();
      const store = new StatsDashboardStore(client, () => now);
      store.start();
      const answer = async (turns: number, series: ReturnType<typeof bucket>[]) => {
        const done = answerAll(calls, turns, series);
        await vi.runAllTimersAsync();
        await done;
      };
      await answer(5, [bucket(999, 2), bucket(1000, 3)]);
      expect(feeds).toHaveLength(1);
      expect(feeds[0]!.vars).toEqual({ sceneId: null });

      // A new line: the tiles move at once; the current minute is read again and merged.
      feeds[0]!.push({ statsFeed: { at: now, turns: 6, promptTokens: 60, completionTokens: 6, costUsd: 0, viewers: 3 } });
      expect(store.tiles).toMatchObject({ turns: 6, viewers: 3, at: now });
      await vi.advanceTimersByTimeAsync(0);
      await flush();
      const reads = calls.filter((c) => c.op === 'UsageSeries' && c.vars.bucket === 'MINUTE');
      expect(reads).toHaveLength(1);
      expect(reads[0]!.vars).toMatchObject({ since: 1000 * MIN, until: 1001 * MIN });
      await answer(6, [bucket(1000, 4)]);
      expect(store.buckets.map((b) => b.turns)).toEqual([2, 4]);
      expect(store.refreshes).toBe(1);

      // Two more updates within the next second: one read, 2 s after the last.
      now += 500;
      feeds[0]!.push({ statsFeed: { at: now, turns: 7, promptTokens: 70, completionTokens: 7, costUsd: 0, viewers: 3 } });
      feeds[0]!.push({ statsFeed: { at: now, turns: 8, promptTokens: 80, completionTokens: 8, costUsd: 0, viewers: 3 } });
      await flush();
      expect(calls.filter((c) => c.op === 'UsageSeries' && c.vars.bucket === 'MINUTE')).toHaveLength(0);
      // The minute turns meanwhile: the window slides and the new bucket is appended.
      now = 1001 * MIN + 5_000;
      await vi.advanceTimersByTimeAsync(1_499);
      expect(calls.filter((c) => c.op === 'UsageSeries' && c.vars.bucket === 'MINUTE')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      const next = calls.filter((c) => c.op === 'UsageSeries' && c.vars.bucket === 'MINUTE');
      expect(next.map((c) => c.vars)).toEqual([{ bucket: 'MINUTE', since: 1000 * MIN, until: 1002 * MIN, sceneId: null, model: null }]);
      await answer(8, [bucket(1000, 5), bucket(1001, 1)]);
      expect(store.range).toMatchObject({ since: 942 * MIN, until: 1002 * MIN });
      expect(store.buckets.map((b) => [b.start / MIN, b.turns])).toEqual([
        [999, 2],
        [1000, 5],
        [1001, 1],
      ]);

      // Another scene: the old feed is closed and a new one follows that scene.
      store.setScene('s1');
      expect(feeds[0]!.closed).toBe(true);
      expect(feeds[1]!.vars).toEqual({ sceneId: 's1' });
      expect(store.tiles).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
