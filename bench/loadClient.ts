/**
 * Benchmark load client (a child process of bench/run.ts). Opens one graphql-ws socket per
 * subscriber with plain `ws` (no GraphQL client: the client must stay cheap next to the
 * server on a 2-core machine), subscribes to `sceneEvents`, and measures what arrives:
 * publish→receive latency (events carry `at`), seq gaps and order per subscription, bytes.
 * Controlled over IPC: { cmd: 'connect' | 'reset' | 'report' | 'pause' | 'resume' | 'close' }.
 */
import WebSocket from 'ws';

interface Sub {
  ws: WebSocket;
  sceneId: string;
  lastSeq: number;
  open: boolean;
}

const QUERY =
  'subscription($sceneId: ID!, $afterSeq: Int) { sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) { seq at ... on NarrationInjected { text } ... on MessagePosted { message { turn content } } } }';
/** 'message': latency only of MessagePosted frames (the turn pipeline); otherwise every frame. */
let only: string | undefined;

let subs: Sub[] = [];
let latencies: number[] = [];
let frames = 0;
let bytes = 0;
let lost = 0;
let outOfOrder = 0;
let closedByServer = 0;
let errors = 0;
const closeCodes: Record<number, number> = {};

function now(): number {
  return performance.timeOrigin + performance.now();
}

function onFrame(sub: Sub, data: WebSocket.RawData): void {
  const text = data.toString();
  if (text.charCodeAt(2) !== 105 /* i */ && !text.includes('"type":"next"')) {
    if (text.includes('"type":"connection_ack"')) {
      sub.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY, variables: { sceneId: sub.sceneId, afterSeq: sub.lastSeq } } }));
    } else if (text.includes('"type":"error"')) {
      errors++;
    } else if (text.includes('"type":"ping"')) {
      sub.ws.send('{"type":"pong"}');
    }
    return;
  }
  if (!text.includes('"type":"next"')) return;
  const seq = Number(/"seq":(\d+)/.exec(text)?.[1]);
  if (seq > sub.lastSeq + 1 || seq <= sub.lastSeq) {
    if (seq <= sub.lastSeq) outOfOrder++;
    else lost += seq - sub.lastSeq - 1;
  }
  sub.lastSeq = Math.max(sub.lastSeq, seq);
  if (only === 'message' && !text.includes('"message"')) return;
  const at = Number(/"at":(\d+)/.exec(text)?.[1]);
  frames++;
  bytes += Buffer.byteLength(text);
  latencies.push(now() - at);
}

function connect(url: string, scenes: { id: string; lastSeq: number }[], count: number): Promise<void> {
  let opened = 0;
  return new Promise((resolve, reject) => {
    const openOne = (i: number, attempt: number) => {
      const scene = scenes[i % scenes.length]!;
      const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
      const sub: Sub = { ws, sceneId: scene.id, lastSeq: scene.lastSeq, open: false };
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

process.on('message', async (msg: { cmd: string; url?: string; scenes?: { id: string; lastSeq: number }[]; count?: number; fraction?: number }) => {
  switch (msg.cmd) {
    case 'connect':
      only = (msg as { only?: string }).only;
      try {
        await connect(msg.url!, msg.scenes!, msg.count!);
        process.send!({ ok: true });
      } catch (err) {
        process.send!({ ok: false, error: String(err) });
      }
      break;
    case 'reset':
      latencies = [];
      frames = 0;
      bytes = 0;
      lost = 0;
      outOfOrder = 0;
      process.send!({ ok: true });
      break;
    case 'pause': {
      // Stop reading on a fraction of sockets: the kernel buffers fill and the server's grow.
      const n = Math.floor(subs.length * msg.fraction!);
      for (const s of subs.slice(0, n)) (s.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      process.send!({ ok: true, paused: n });
      break;
    }
    case 'resume':
      for (const s of subs) (s.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      process.send!({ ok: true });
      break;
    case 'report': {
      const sorted = latencies.slice().sort((a, b) => a - b);
      process.send!({
        frames,
        bytesPerFrame: frames ? bytes / frames : 0,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        lost,
        outOfOrder,
        open: subs.filter((s) => s.open).length,
        closedByServer,
        closeCodes,
        errors,
      });
      break;
    }
    case 'close':
      for (const s of subs) s.ws.terminate();
      subs = [];
      process.send!({ ok: true });
      break;
  }
});
