import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../bench/fanout.js';
import { SeqLedger, sumLedgers } from '../../bench/ledger.js';

interface StormRow {
  replays: number;
  completed: number;
  rateLimited: number;
  rateLimitedWithRetryAfter: number;
  otherErrors: number;
  stillReplaying: number;
  silent: number;
  replayDuplicates: number;
  replayOutOfOrder: number;
  liveExpected: number | null;
  liveLost: number | null;
  apiDied: string | null;
}

/**
 * The bench's delivery accounting: lost frames are those the scenes' logs say were due and
 * did not arrive, not only the gaps between frames that did.
 */
describe('bench delivery ledger', () => {
  it('counts a tail that never arrived as lost (gaps alone would say 0)', () => {
    const ledger = new SeqLedger(10);
    for (const seq of [11, 12, 13]) ledger.record(seq);
    expect(ledger.tally(20)).toEqual({ expected: 10, received: 3, lost: 7, beyond: 0 });
  });

  it('counts everything a closed socket would have received as lost', () => {
    const closed = new SeqLedger(5);
    const reading = new SeqLedger(5);
    for (let seq = 6; seq <= 15; seq++) reading.record(seq);
    const totals = sumLedgers([
      { ledger: reading, final: 15 },
      { ledger: closed, final: 15 },
    ]);
    expect(totals).toMatchObject({ subscriptions: 2, expected: 20, received: 10, lost: 10 });
  });

  it('tells gaps, late fills, duplicates and frames from before the run apart', () => {
    const ledger = new SeqLedger(0);
    expect([1, 3, 2, 3, 0, 5].map((seq) => ledger.record(seq))).toEqual(['new', 'new', 'late', 'duplicate', 'before', 'new']);
    expect(ledger.tally(6)).toEqual({ expected: 6, received: 4, lost: 2, beyond: 0 });
    expect(ledger.complete(3)).toBe(true);
    expect(ledger.complete(5)).toBe(false);
    expect([ledger.duplicates, ledger.outOfOrder]).toEqual([1, 1]);
  });

  it('does not count frames above the final seq as received', () => {
    const ledger = new SeqLedger(0);
    for (const seq of [1, 2, 4]) ledger.record(seq);
    expect(ledger.tally(2)).toEqual({ expected: 2, received: 2, lost: 0, beyond: 1 });
  });
});

/**
 * A small run of `npm run bench` (a few hundred subscribers, a tiny replay storm, seconds)
 * so the benchmark cannot rot: both fan-out modes deliver every frame the logs say was due,
 * in order, at real frame sizes (36-character subscription ids); broadcast executes each
 * event once per group while stock executes it once per subscriber; every replay of the
 * storm ends (caught up, or RATE_LIMITED with retryAfterMs) and the live viewers lose nothing.
 */
describe('benchmark smoke run', () => {
  it('runs both fan-out modes and a replay storm, with every due frame delivered', async () => {
    const child = fork(resolve(import.meta.dirname, '../../bench/run.ts'), ['--quick'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const result = await new Promise<{ rows: Row[]; replayStorm: StormRow }>((res, rej) => {
      child.once('message', (m) => res(m as { rows: Row[]; replayStorm: StormRow }));
      child.once('exit', (code) => rej(new Error(`bench exited with ${code}`)));
    });
    child.kill();
    const stock = result.rows.find((r) => r.mode === 'stock')!;
    const broadcast = result.rows.find((r) => r.mode === 'broadcast')!;
    for (const row of [stock, broadcast]) {
      expect(row.deliveriesPerSec).toBeGreaterThan(0);
      // 150 subscribers over 2 scenes: every event due 75 times.
      expect(row.expected).toBe(row.events * 75);
      expect(row.received).toBe(row.expected);
      expect(row.lost).toBe(0);
      expect(row.duplicates).toBe(0);
      expect(row.outOfOrder).toBe(0);
      expect(row.idBytes).toBe(36);
      expect(row.bytesPerFrame).toBeGreaterThan(row.textBytes + row.idBytes);
    }
    expect(stock.executionsPerEvent).toBeGreaterThan(50);
    expect(broadcast.executionsPerEvent).toBeLessThanOrEqual(1.05);

    const storm = result.replayStorm;
    expect(storm.apiDied).toBeNull();
    expect(storm.completed + storm.rateLimitedWithRetryAfter).toBe(storm.replays);
    expect(storm.rateLimited).toBe(storm.rateLimitedWithRetryAfter);
    expect([storm.otherErrors, storm.stillReplaying, storm.silent]).toEqual([0, 0, 0]);
    expect([storm.replayDuplicates, storm.replayOutOfOrder]).toEqual([0, 0]);
    expect(storm.liveExpected).toBeGreaterThan(0);
    expect(storm.liveLost).toBe(0);
  }, 180_000);
});
