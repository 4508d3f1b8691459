/**
 * Viewer memory with a broadcast delay: `npx tsx bench/broadcastDelay.ts [--delay=10]
 * [--viewers=1000] [--rate=20]`. Runs the API twice (SQLite, scenes paused, `bench/heapDump.ts`
 * loaded): once with BROADCAST_DELAY_SECONDS=0, once with the delay. Each run opens `viewers`
 * graphql-ws sockets with one live `sceneEvents` subscription each over 10 scenes, then injects
 * narration at `rate` events/s for delay + 6 s and, while events are still waiting to air, reads
 * the heap after two GCs. Per viewer: heap and RSS growth over the idle server; per process: the
 * events waiting in the delay lines (rate × delay). Writes bench/results/delay-<time>.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { inject, pauseAll, round, scenesWithSeq, sleep, waitViewers } from './ops.js';
import { rssBytes, startApi, type ApiProcess } from './server.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const delay = arg('delay', 10);
const viewers = arg('viewers', 1000);
const rate = arg('rate', 20);
const QUERY =
  'subscription($sceneId: ID!, $afterSeq: Int) { sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) { seq at airsAt ... on NarrationInjected { text } } }';

interface Heap {
  heapUsed: number;
  rss: number;
}

async function heap(api: ApiProcess): Promise<Heap> {
  const file = join(tmpdir(), `pixeltales-heap-${api.pid}.json`);
  const since = Date.now();
  process.kill(api.pid, 'SIGWINCH');
  for (let i = 0; i < 600; i++) {
    await sleep(100);
    try {
      if (statSync(file).mtimeMs < since) continue;
      const { memory } = JSON.parse(readFileSync(file, 'utf8')) as { memory: { heapUsed: number } };
      return { heapUsed: memory.heapUsed, rss: rssBytes(api.pid) };
    } catch {
      /* not written yet */
    }
  }
  throw new Error('no heap figures within 60 s');
}

async function run(seconds: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-delay-'));
  const api = await startApi(
    {
      FANOUT: 'broadcast',
      DATABASE_URL: `sqlite:${join(dir, 'delay.db')}`,
      SEED_EXTRA_SCENES: '6',
      SWEEP_INTERVAL_MS: '600000',
      BROADCAST_DELAY_SECONDS: String(seconds),
    },
    ['--import', 'tsx', '--import', resolve(import.meta.dirname, 'heapDump.ts')],
  );
  const sockets: WebSocket[] = [];
  try {
    await pauseAll(api);
    const scenes = await scenesWithSeq(api, 10);
    const idle = await heap(api);
    let frames = 0;
    let early = 0;
    for (let i = 0; i < viewers; i += 200) {
      await Promise.all(
        Array.from(
          { length: Math.min(200, viewers - i) },
          (_, j) =>
            new Promise<void>((ready) => {
              const ws = new WebSocket(api.wsUrl, 'graphql-transport-ws');
              sockets.push(ws);
              ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
              ws.on('message', (data) => {
                const text = (data as Buffer).toString();
                if (text.includes('"next"')) {
                  frames++;
                  const event = (JSON.parse(text) as { payload: { data: { sceneEvents: { airsAt: number } } } }).payload.data.sceneEvents;
                  if (Date.now() < event.airsAt) early++;
                  return;
                }
                if (!text.includes('connection_ack')) return;
                const scene = scenes[(i + j) % scenes.length]!;
                ws.send(
                  JSON.stringify({ id: randomUUID(), type: 'subscribe', payload: { query: QUERY, variables: { sceneId: scene.id } } }),
                );
                ready();
              });
            }),
        ),
      );
    }
    await waitViewers(api, viewers);
    await sleep(2000);
    const watched = await heap(api);
    // Inject for delay + 6 s; read the heap 4 s before the end, with rate × delay events waiting to air.
    const injecting = inject(
      api,
      scenes.map((s) => s.id),
      rate,
      seconds + 6,
    );
    await sleep((seconds + 2) * 1000);
    const flowing = await heap(api);
    const { sent } = await injecting;
    await sleep((seconds + 3) * 1000);
    const per = (a: number, b: number) => round((b - a) / viewers / 1024, 2);
    return {
      delaySeconds: seconds,
      viewers,
      scenes: scenes.length,
      eventsPerSec: rate,
      injected: sent,
      framesReceived: frames,
      framesExpected: sent * (viewers / scenes.length),
      framesBeforeAirsAt: early,
      heapKbPerViewerWatching: per(idle.heapUsed, watched.heapUsed),
      heapKbPerViewerFlowing: per(idle.heapUsed, flowing.heapUsed),
      rssKbPerViewerFlowing: per(idle.rss, flowing.rss),
      waitingEventsPerProcess: seconds * rate,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await api.stop();
  }
}

const rows = [await run(0), await run(delay)];
for (const row of rows) console.log(JSON.stringify(row));
const out = resolve(import.meta.dirname, 'results', `delay-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(out, JSON.stringify({ command: process.argv.slice(1).join(' '), rows }, null, 2));
console.log(`wrote ${out}`);
process.exit(0);
