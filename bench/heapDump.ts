/**
 * Loaded into the API process by `bench/memProbe.ts` (`node --import tsx --import`): on SIGWINCH it collects
 * garbage twice and writes the process's memory and V8 heap-space figures to
 * `<tmpdir>/pixeltales-heap-<pid>.json`; with PROBE_SNAPSHOT=1 also a heap snapshot to the tmp
 * directory, for `bench/heapDiff.mjs`.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';

process.on('SIGWINCH', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  setTimeout(() => {
    gc?.();
    const memory = process.memoryUsage();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
    );
    if (process.env.PROBE_SNAPSHOT) v8.writeHeapSnapshot(join(tmpdir(), `pixeltales-heap-${process.pid}-${Date.now()}.heapsnapshot`));
    writeFileSync(join(tmpdir(), `pixeltales-heap-${process.pid}.json`), JSON.stringify({ memory, spaces }));
  }, 300);
});
