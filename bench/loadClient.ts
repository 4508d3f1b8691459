/**
 * Benchmark load client (a child process of bench/run.ts). Opens one graphql-ws socket per
 * subscriber with plain `ws` (no GraphQL client: the client must stay cheap next to the
 * server on a 2-core machine), subscribes to `sceneEvents` with a UUID as the subscription id
 * (what real clients send, so frames are measured at their real size), and measures what
 * arrives: publish→receive latency (events carry `at`), and per subscription which seqs
 * arrived (bench/ledger.ts), so a report counts every frame the scenes' logs say was due,
 * including tails and sockets the server closed.
 * Controlled over IPC: { cmd: 'connect' | 'storm' | 'stormReport' | 'reset' | 'report' | 'pause' | 'resume' | 'close' }.
 */
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
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
  /** Connect storm only: when the socket was created, acknowledged, and got its first event (ms, this clock). */
  startedAt?: number;
  ackAt?: number;
  firstAt?: number;
}

const QUERY =
  'subscription($sceneId: ID!, $afterSeq: Int) { sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) { seq at ... on NarrationInjected { text } ... on MessagePosted { message { turn content } } } }';
/** 'message': latency only of MessagePosted frames (the turn pipeline); otherwise every frame. */
let only: string | undefined;

let subs: Sub[] = [];
let latencies: number[] = [];
/** Connect storm: commit → receipt of each storm client's first event. */
let firstLatencies: number[] = [];
/** Connect storm: each scene's events as storm clients saw them (seq → `at`), for the gaps between them. */
const stormEventAts = new Map<string, Map<number, number>>();
/** Connect storm: this client's own event-loop delay (a late frame may be late in here, not on the server). */
let stormLoopDelay: IntervalHistogram | null = null;
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
  // Text frames arrive as one Buffer (ws' default binaryType).
  const text = (data as Buffer).toString();
  if (!text.includes('"type":"next"')) {
    if (text.includes('"type":"connection_ack"')) {
      sub.ackAt ??= now();
      // A storm client follows live (no afterSeq): its first event is the scene's next one.
      const afterSeq = sub.startedAt === undefined ? sub.afterSeq : null;
      sub.ws.send(
        JSON.stringify({ id: sub.id, type: 'subscribe', payload: { query: QUERY, variables: { sceneId: sub.sceneId, afterSeq } } }),
      );
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
  if (sub.startedAt !== undefined) {
    let ats = stormEventAts.get(sub.sceneId);
    if (!ats) stormEventAts.set(sub.sceneId, (ats = new Map<number, number>()));
    if (!ats.has(seq)) ats.set(seq, Number(/"at":(\d+)/.exec(text)?.[1]));
  }
  if (sub.startedAt !== undefined && sub.firstAt === undefined) {
    // A live subscription owes every event from its first one on: count from there.
    sub.firstAt = now();
    sub.ledger.reset(seq - 1);
    firstLatencies.push(sub.firstAt - Number(/"at":(\d+)/.exec(text)?.[1]));
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
      const sub: Sub = {
        ws,
        id: randomUUID(),
        sceneId: scene.id,
        afterSeq: scene.lastSeq,
        ledger: new SeqLedger(scene.lastSeq),
        open: false,
        paused: false,
      };
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

/**
 * Connect storm: open `count` sockets spread evenly over `seconds` (a batch every 100 ms, no
 * waiting for earlier ones), each subscribing live to one scene. Resolves once every socket
 * has its first event or `deadlineSeconds` passed.
 */
function storm(url: string, scenes: SceneSeq[], count: number, seconds: number, deadlineSeconds: number): Promise<void> {
  const perTick = Math.ceil(count / (seconds * 10));
  let i = 0;
  const openOne = (k: number) => {
    const scene = scenes[k % scenes.length]!;
    const startedAt = now();
    const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    const sub: Sub = {
      ws,
      id: randomUUID(),
      sceneId: scene.id,
      afterSeq: scene.lastSeq,
      ledger: new SeqLedger(Number.MAX_SAFE_INTEGER),
      open: false,
      paused: false,
      startedAt,
    };
    subs.push(sub);
    ws.on('open', () => {
      sub.open = true;
      ws.send('{"type":"connection_init","payload":{}}');
    });
    ws.on('message', (data) => onFrame(sub, data));
    ws.on('close', (code) => {
      if (sub.open) closedByServer++;
      sub.open = false;
      closeCodes[code] = (closeCodes[code] ?? 0) + 1;
    });
    // A refused or reset handshake is a result of the storm: it counts as never acknowledged.
    ws.on('error', () => {});
  };
  const tick = setInterval(() => {
    for (let k = 0; k < perTick && i < count; k++) openOne(i++);
    if (i >= count) clearInterval(tick);
  }, 100);
  openOne(i++);
  const deadline = now() + deadlineSeconds * 1000;
  return new Promise((resolve) => {
    const check = setInterval(() => {
      const done = i >= count && subs.every((s) => s.firstAt !== undefined);
      if (done || now() > deadline) {
        clearInterval(check);
        clearInterval(tick);
        resolve();
      }
    }, 100);
  });
}

function stormReport(finals: Record<string, number>) {
  const times = (pick: (s: Sub) => number | undefined) =>
    subs
      .map(pick)
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
  const ack = times((s) => (s.ackAt === undefined ? undefined : s.ackAt - s.startedAt!));
  const first = times((s) => (s.firstAt === undefined ? undefined : s.firstAt - s.startedAt!));
  const firstLatency = firstLatencies.slice().sort((a, b) => a - b);
  const started = times((s) => s.startedAt);
  const got = subs.filter((s) => s.firstAt !== undefined);
  // How long a scene went without an event (the injector's pace: a client's first event waits for its scene's next one).
  const gaps: number[] = [];
  for (const ats of stormEventAts.values()) {
    const bySeq = [...ats.entries()].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < bySeq.length; i++) if (bySeq[i]![0] === bySeq[i - 1]![0] + 1) gaps.push(bySeq[i]![1] - bySeq[i - 1]![1]);
  }
  gaps.sort((a, b) => a - b);
  return {
    clients: subs.length,
    openedOverMs: started.length ? started.at(-1)! - started[0]! : 0,
    acked: ack.length,
    gotFirstEvent: first.length,
    ackP50Ms: percentile(ack, 50),
    ackP99Ms: percentile(ack, 99),
    ackMaxMs: ack.at(-1) ?? Number.NaN,
    firstEventP50Ms: percentile(first, 50),
    firstEventP99Ms: percentile(first, 99),
    firstEventMaxMs: first.at(-1) ?? Number.NaN,
    firstEventCommitToReceiptP99Ms: percentile(firstLatency, 99),
    sceneEventGapP50Ms: percentile(gaps, 50),
    sceneEventGapP99Ms: percentile(gaps, 99),
    sceneEventGapMaxMs: gaps.at(-1) ?? Number.NaN,
    clientLoopDelayP99Ms: (stormLoopDelay?.percentile(99) ?? Number.NaN) / 1e6,
    clientLoopDelayMaxMs: (stormLoopDelay?.max ?? Number.NaN) / 1e6,
    closedByServer,
    closeCodes,
    errors,
    // From each client's first event to the scene's last seq: nothing may be missing after it.
    afterFirst: sumLedgers(got.map((s) => ({ ledger: s.ledger, final: finals[s.sceneId] ?? s.ledger.last }))),
  };
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
  seconds?: number;
  deadlineSeconds?: number;
  finals?: Record<string, number>;
}

// A command that fails crashes this child (an unhandled rejection); the parent sees it exit.
process.on('message', (msg: Command) => void handle(msg));

async function handle(msg: Command): Promise<void> {
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
    case 'storm':
      stormLoopDelay = monitorEventLoopDelay({ resolution: 10 });
      stormLoopDelay.enable();
      await storm(msg.url!, msg.scenes!, msg.count!, msg.seconds!, msg.deadlineSeconds!);
      process.send!({ ok: true });
      break;
    case 'stormReport':
      process.send!(stormReport(msg.finals ?? {}));
      break;
    case 'reset': {
      // Count from the scenes' seqs now: frames of earlier events are not part of the run.
      const base = new Map((msg.scenes ?? []).map((s) => [s.id, s.lastSeq]));
      for (const s of subs) s.ledger.reset(base.get(s.sceneId) ?? s.ledger.last);
      latencies = [];
      firstLatencies = [];
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
}
