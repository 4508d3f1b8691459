/**
 * What one viewer costs the server to take on: CPU per connect (upgrade, `connection_init`,
 * `connection_ack`, a live `sceneEvents` subscribe, the join and its viewer count), with no
 * events flowing, in the scaled setup the connect storm uses (PostgreSQL, PUBSUB=redis).
 *   npx tsx bench/connectCost.ts [count=10000] [stock|broadcast]
 * Clients connect in batches of 100 every 50 ms (the load client's pace); the server's CPU
 * from the first connect until every viewer is counted, divided by the count. Under a
 * profiler: BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/p", then bench/profileSummary.ts.
 */
import { ask, forkChild } from './ipc.js';
import { pauseAll, round, scenesWithSeq, sleep, waitViewers } from './ops.js';
import { cpuMs, startApi } from './server.js';

const count = Number(process.argv[2] ?? 10_000);
const mode = process.argv[3] === 'stock' ? 'stock' : 'broadcast';
const { createTestDatabase } = await import('../api/test/support/services.js');
const db = await createTestDatabase();
const api = await startApi({
  DATABASE_URL: db.url,
  PUBSUB: 'redis',
  REDIS_PREFIX: `connect${Date.now()}`,
  SEED_EXTRA_SCENES: '6',
  FANOUT: mode,
  SWEEP_INTERVAL_MS: '600000',
});
const client = forkChild('loadClient.ts');
try {
  await pauseAll(api);
  const scenes = await scenesWithSeq(api, 10);
  await api.gc();
  await sleep(1000);
  const cpu0 = cpuMs(api.pid);
  const t0 = performance.now();
  await ask(client, { cmd: 'connect', url: api.wsUrl, scenes, count });
  await waitViewers(api, count);
  const cpu = cpuMs(api.pid) - cpu0;
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ mode, count, seconds: round(seconds, 1), serverCpuMs: round(cpu), cpuMsPerConnect: round(cpu / count, 3) }));
} finally {
  client.kill();
  await api.stop();
  await db.drop();
}
