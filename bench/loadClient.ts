/**
 * Benchmark load client (a child process of bench/run.ts). Opens one graphql-ws socket per
 * subscriber with plain `ws` (no GraphQL client: the client must stay cheap next to the
 * server on a 2-core machine), subscribes to `sceneEvents` with a UUID as the subscription id
 * (what real clients send, so frames are measured at their real size), and measures what
 * arrives: publish→receive latency (events carry `at`), and per subscription which seqs
 * arrived (bench/ledger.ts), so a report counts every frame the scenes' logs say was due,
 * including tails and sockets the server closed.
 * Controlled over IPC: { cmd: 'connect' | 'reset' | 'report' | 'pause' | 'resume' | 'close' }.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { LoadReport, SceneSeq } from './ipc.js';
import { SeqLedger, sumLedgers } from './ledger.js';

interface Sub {
  ws: WebSocket;
  id: string;
  sceneId: string;
  /** The seq it subscribed after (the scene's last seq when the socket opened). */
  afterSeq: number;
  ledger: SeqLedger;
  open: boolean;
  paused: boolean;
}

const QUERY =
  'subscription($sceneId: ID!, $afterSeq: Int) { sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) { seq at ... on NarrationInjected { text } ... on MessagePosted { message { turn content } } } }';
/** 'message': latency only of MessagePosted frames (the turn pipeline); otherwise every frame. */
let only: string | undefined;

let subs: Sub[] = [];
let latencies: number[] = [];
let frames = 0;
let bytes = 0;
let closedByServer = 0;
let errors = 0;
let completed = 0;
const closeCodes: Record<number, number> = {};

function now(): number {
  return performance.timeOrigin + performance.now();
}

function onFrame(sub: Sub, data: WebSocket.RawData): void {
  const text = data.toString();
  if (!text.includes('"type":"next"')) {
    if (text.includes('"type":"connection_ack"')) {
      sub.ws.send(JSON.stringify({ id: sub.id, type: 'subscribe', payload: { query: QUERY, variables: { sceneId: sub.sceneId, afterSeq: sub.afterSeq } } }));
    } else if (text.includes('"type":"error"')) {
      errors++;
    } else if (text.includes('"type":"complete"')) {
      completed++;
    } else if (text.includes('"type":"ping"')) {
      sub.ws.send('{"type":"pong"}');
    }
    return;
  }
  const seq = Number(/"seq":(\d+)/.exec(text)?.[1]);
  if (!Number.isFinite(seq)) {
    errors++; // a `next` carrying errors instead of an event
    return;
  }
  const kind = sub.ledger.record(seq);
  if (kind === 'before' || kind === 'duplicate') return;
  if (only === 'message' && !text.includes('"message"')) return;
  const at = Number(/"at":(\d+)/.exec(text)?.[1]);
  frames++;
  bytes += Buffer.byteLength(text);
  latencies.push(now() - at);
}

function connect(url: string, scenes: SceneSeq[], count: number): Promise<void> {
  let opened = 0;
  return new Promise((resolve, reject) => {
    const openOne = (i: number, attempt: number) => {
      const scene = scenes[i % scenes.length]!;
      const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
      const sub: Sub = { ws, id: randomUUID(), sceneId: scene.id, afterSeq: scene.lastSeq, ledger: new SeqLedger(scene.lastSeq), open: false, paused: false };
      ws.on('open', () => {
        sub.open = true;
        subs.push(sub);
        ws.send('{"type":"connection_init","payload":{}}');
        if (++opened === count) resolve();
      });
      ws.on('message', (data) => onFrame(sub, data));
      ws.on('close', (code) => {
        if (sub.open) closedByServer++;
        sub.open = false;
        closeCodes[code] = (closeCodes[code] ?? 0) + 1;
      });
      ws.on('error', (err) => {
        if (sub.open) return void console.warn(`socket error: ${err.message}`);
        // A busy server may reset a handshake: try that one again a little later.
        if (attempt < 5) setTimeout(() => openOne(i, attempt + 1), 200 * (attempt + 1));
        else reject(err);
      });
    };
    // Open in small batches so the server's accept queue never overflows.
    let i = 0;
    const batch = () => {
      for (let k = 0; k < 100 && i < count; k++) openOne(i++, 0);
      if (i < count) setTimeout(batch, 50);
    };
    batch();
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Every subscription, against the scenes' final seqs (a scene not listed: nothing was due). */
function report(finals: Record<string, number>): LoadReport {
  const entry = (s: Sub) => ({ ledger: s.ledger, final: finals[s.sceneId] ?? s.ledger.last });
  const sorted = latencies.slice().sort((a, b) => a - b);
  return {
    ...sumLedgers(subs.map(entry)),
    frames,
    bytesPerFrame: frames ? bytes / frames : 0,
    idBytes: subs[0]?.id.length ?? 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    open: subs.filter((s) => s.open).length,
    closedByServer,
    closeCodes,
    errors,
    completed,
    reading: sumLedgers(subs.filter((s) => !s.paused).map(entry)),
    paused: sumLedgers(subs.filter((s) => s.paused).map(entry)),
  };
}

interface Command {
  cmd: string;
  url?: string;
  scenes?: SceneSeq[];
  count?: number;
  fraction?: number;
  only?: string;
  finals?: Record<string, number>;
}

process.on('message', async (msg: Command) => {
  switch (msg.cmd) {
    case 'connect':
      only = msg.only;
      try {
        await connect(msg.url!, msg.scenes!, msg.count!);
        process.send!({ ok: true });
      } catch (err) {
        process.send!({ ok: false, error: String(err) });
      }
      break;
    case 'reset': {
      // Count from the scenes' seqs now: frames of earlier events are not part of the run.
      const base = new Map((msg.scenes ?? []).map((s) => [s.id, s.lastSeq]));
      for (const s of subs) s.ledger.reset(base.get(s.sceneId) ?? s.ledger.last);
      latencies = [];
      frames = 0;
      bytes = 0;
      errors = 0;
      completed = 0;
      closedByServer = 0;
      process.send!({ ok: true });
      break;
    }
    case 'pause': {
      // Stop reading on a fraction of sockets: the kernel buffers fill and the server's grow.
      const n = Math.floor(subs.length * msg.fraction!);
      for (const s of subs.slice(0, n)) {
        s.paused = true;
        (s.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      }
      process.send!({ ok: true, paused: n });
      break;
    }
    case 'resume':
      for (const s of subs) (s.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      process.send!({ ok: true });
      break;
    case 'report':
      process.send!(report(msg.finals ?? {}));
      break;
    case 'close':
      for (const s of subs) s.ws.terminate();
      subs = [];
      process.send!({ ok: true });
      break;
  }
});
