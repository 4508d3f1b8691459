import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Row {
  mode: string;
  subscribers: number;
  deliveriesPerSec: number;
  executionsPerEvent: number;
  lost: number;
  outOfOrder: number;
  bytesPerFrame: number;
}

/**
 * A small run of `npm run bench` (a few hundred subscribers, seconds) so the benchmark
 * cannot rot: both fan-out modes deliver everything in order, and broadcast executes each
 * event once per group while stock executes it once per subscriber.
 */
describe('benchmark smoke run', () => {
  it('runs both fan-out modes with nothing lost and execute-once in broadcast', async () => {
    const child = fork(resolve(import.meta.dirname, '../../bench/run.ts'), ['--quick'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const result = await new Promise<{ rows: Row[] }>((res, rej) => {
      child.once('message', (m) => res(m as { rows: Row[] }));
      child.once('exit', (code) => rej(new Error(`bench exited with ${code}`)));
    });
    child.kill();
    const stock = result.rows.find((r) => r.mode === 'stock')!;
    const broadcast = result.rows.find((r) => r.mode === 'broadcast')!;
    for (const row of [stock, broadcast]) {
      expect(row.deliveriesPerSec).toBeGreaterThan(0);
      expect(row.lost).toBe(0);
      expect(row.outOfOrder).toBe(0);
      expect(row.bytesPerFrame).toBeGreaterThan(0);
    }
    // 150 subscribers over 2 scenes: 75 per event in stock, one per group in broadcast.
    expect(stock.executionsPerEvent).toBeGreaterThan(50);
    expect(broadcast.executionsPerEvent).toBeLessThanOrEqual(1.05);
  }, 180_000);
});
