/**
 * Do subscribers that join while scenes talk get every event? `count` subscribers join 10
 * talking scenes (SQLite, TIME_SCALE=0.05, broadcast); after `seconds`, the load client's
 * ledgers are read until received stops growing, then lost/duplicate/out-of-order counts print.
 *   npx tsx bench/lossProbe.ts [count=2000] [seconds=10] [stock|broadcast]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ask, finalsOf, forkChild, settledReport } from './ipc.js';
import { scenesWithSeq, sleep, waitViewers } from './ops.js';
import { TALKING_ENV } from './fanout.js';
import { startApi } from './server.js';

const count = Number(process.argv[2] ?? 2000);
const seconds = Number(process.argv[3] ?? 10);
const mode = process.argv[4] === 'stock' ? 'stock' : 'broadcast';
const dir = mkdtempSync(join(tmpdir(), 'pixeltales-loss-'));
const api = await startApi({
  FANOUT: mode,
  DATABASE_URL: `sqlite:${join(dir, 'loss.db')}`,
  SEED_EXTRA_SCENES: '6',
  ...TALKING_ENV,
});
const client = forkChild('loadClient.ts');
try {
  await sleep(5000);
  await ask(client, { cmd: 'connect', url: api.wsUrl, scenes: await scenesWithSeq(api, 10), count });
  await waitViewers(api, count);
  await ask(client, { cmd: 'reset', scenes: await scenesWithSeq(api, 10) });
  await sleep(seconds * 1000);
  const report = await settledReport(client, finalsOf(await scenesWithSeq(api, 10)));
  const { expected, received, lost, beyond, duplicates, outOfOrder, open, closedByServer, errors, completed } = report;
  console.log(
    JSON.stringify({ mode, count, expected, received, lost, beyond, duplicates, outOfOrder, open, closedByServer, errors, completed }),
  );
} finally {
  client.kill();
  await api.stop();
}
