/**
 * Where a subscriber's memory goes, from inside the API process:
 * `npx tsx bench/memProbe.ts [count=5000] [broadcast|stock] [nosub]`. Starts the API (SQLite,
 * scenes paused) with `bench/heapDump.ts` loaded, opens `count` graphql-ws sockets from this
 * process (each `connection_init`, then one live `sceneEvents` subscription unless `nosub`),
 * and prints per subscriber the growth of RSS, of the V8 heap (used and reserved) and of each
 * heap space, after two GCs. With PROBE_SNAPSHOT=1 it also leaves a heap snapshot before and
 * after in the tmp directory for `bench/heapDiff.ts`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { pauseAll, scenesWithSeq, sleep, waitViewers } from './ops.js';
import { rssBytes, startApi } from './server.js';

type Dump = { memory: Record<string, number>; spaces: Record<string, { size: number; used: number }>; rss: number };

const QUERY =
  'subscription($sceneId: ID!, $afterSeq: Int) { sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) { seq at ... on NarrationInjected { text } ... on MessagePosted { message { turn content } } } }';

const count = Number(process.argv[2] ?? 5000);
const mode = process.argv[3] === 'stock' ? 'stock' : 'broadcast';
const subscribe = process.argv[4] !== 'nosub';
const dir = mkdtempSync(join(tmpdir(), 'pixeltales-probe-'));
const api = await startApi(
  { FANOUT: mode, DATABASE_URL: `sqlite:${join(dir, 'probe.db')}`, SEED_EXTRA_SCENES: '6', SWEEP_INTERVAL_MS: '600000' },
  ['--import', 'tsx', '--import', resolve(import.meta.dirname, 'heapDump.ts')],
);
const dumpFile = join(tmpdir(), `pixeltales-heap-${api.pid}.json`);

async function dump(): Promise<Dump> {
  const since = Date.now();
  process.kill(api.pid, 'SIGWINCH');
  // Written after two GCs (and the snapshot, if asked): wait for a file newer than the signal.
  for (let i = 0; i < 600; i++) {
    await sleep(100);
    try {
      const text = readFileSync(dumpFile, 'utf8');
      const written = statSync(dumpFile).mtimeMs;
      if (written >= since) return { ...(JSON.parse(text) as Omit<Dump, 'rss'>), rss: rssBytes(api.pid) };
    } catch {
      /* not written yet */
    }
  }
  throw new Error('the API wrote no heap figures within 60 s');
}

try {
  await pauseAll(api);
  const before = await dump();
  const scenes = await scenesWithSeq(api, 10);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 200) {
    await Promise.all(
      Array.from(
        { length: Math.min(200, count - i) },
        (_, j) =>
          new Promise<void>((ready) => {
            const ws = new WebSocket(api.wsUrl, 'graphql-transport-ws');
            sockets.push(ws);
            ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
            ws.on('message', (data) => {
              if (!(data as Buffer).toString().includes('connection_ack')) return;
              const scene = scenes[(i + j) % scenes.length]!;
              const variables = { sceneId: scene.id, afterSeq: scene.lastSeq };
              if (subscribe) ws.send(JSON.stringify({ id: randomUUID(), type: 'subscribe', payload: { query: QUERY, variables } }));
              ready();
            });
          }),
      ),
    );
  }
  if (subscribe) await waitViewers(api, count);
  await sleep(2000);
  const after = await dump();
  const per = (a: number, b: number) => `${((b - a) / count / 1024).toFixed(2)} KB`;
  console.log(`${mode}, ${count} sockets${subscribe ? ', one sceneEvents subscription each' : ', no subscription'}; per socket:`);
  console.log(`  RSS ${per(before.rss, after.rss)}`);
  for (const key of ['heapUsed', 'heapTotal', 'external']) console.log(`  ${key} ${per(before.memory[key]!, after.memory[key]!)}`);
  for (const [space, s] of Object.entries(after.spaces)) {
    const was = before.spaces[space] ?? { size: 0, used: 0 };
    if (s.size !== was.size || s.used !== was.used)
      console.log(`  ${space}: used ${per(was.used, s.used)}, reserved ${per(was.size, s.size)}`);
  }
  for (const ws of sockets) ws.terminate();
} finally {
  await api.stop();
}
process.exit(0);
