/**
 * Replay-storm client (a child process of bench/replayStorm.ts): `sockets` graphql-ws sockets,
 * each subscribing `perSocket` times to `sceneEvents(afterSeq: 0)` with the web app's own
 * document and UUID subscription ids, all at once. Each subscription ends up in one state:
 * caught up (every seq up to its scene's last one arrived), RATE_LIMITED (an error naming
 * `retryAfterMs`), another error, its socket closed by the server, completed without
 * catching up, or — at the deadline — still replaying (frames came within the last
 * `SILENT_MS`) or silent (none did).
 * Controlled over IPC: { cmd: 'storm' | 'report' | 'close' }.
 */
import { print } from 'graphql';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { SceneEventsDocument } from '../web/src/lib/graphql/generated/graphql.js';
import type { SceneSeq } from './ipc.js';
import { SeqLedger } from './ledger.js';

const QUERY = print(SceneEventsDocument);
/** A replay with no frame for this long at the deadline counts as silent. */
export const SILENT_MS = 10_000;

/** A GraphQL error as the server sends it. */
interface GqlError {
  message?: string;
  extensions?: { code?: string; retryAfterMs?: unknown };
}

type State = 'replaying' | 'caughtUp' | 'rateLimited' | 'error' | 'closed' | 'completedEarly';

interface Replay {
  id: string;
  scene: SceneSeq;
  ledger: SeqLedger;
  state: State;
  startedAt: number;
  lastFrameAt: number;
  endedAt: number;
  retryAfterMs?: number;
}

/** What the storm client saw, for bench/replayStorm.ts. */
export interface StormReport {
  total: number;
  settled: number;
  caughtUp: number;
  rateLimited: number;
  rateLimitedWithRetryAfter: number;
  otherErrors: number;
  closedByServer: number;
  completedEarly: number;
  stillReplaying: number;
  silent: number;
  frames: number;
  bytes: number;
  duplicates: number;
  outOfOrder: number;
  catchUpP50Ms: number;
  catchUpMaxMs: number;
  retryAfterMs: number[];
  errorSamples: string[];
  closeCodes: Record<number, number>;
}

const replays = new Map<string, Replay>();
const sockets: WebSocket[] = [];
const errorSamples = new Set<string>();
const closeCodes: Record<number, number> = {};
let frames = 0;
let bytes = 0;

const FRAME_HEAD = /^\{"id":"([^"]+)","type":"(\w+)"/;

function end(r: Replay, state: State): void {
  if (r.state !== 'replaying') return;
  r.state = state;
  r.endedAt = performance.now();
}

/** An error payload (a graphql-ws `error` or a `next` with errors): RATE_LIMITED or something else. */
function onError(r: Replay, errors: GqlError[]): void {
  const first = errors[0];
  const code = first?.extensions?.code;
  if (code === 'RATE_LIMITED') {
    const retry = first?.extensions?.retryAfterMs;
    if (typeof retry === 'number') r.retryAfterMs = retry;
    end(r, 'rateLimited');
    return;
  }
  if (errorSamples.size < 5) errorSamples.add(`${code ?? 'no code'}: ${first?.message ?? JSON.stringify(errors)}`);
  end(r, 'error');
}

function onFrame(ws: WebSocket, data: WebSocket.RawData, owned: Replay[]): void {
  // Text frames arrive as one Buffer (ws' default binaryType).
  const text = (data as Buffer).toString();
  const head = FRAME_HEAD.exec(text);
  if (!head) {
    if (text.includes('"type":"connection_ack"')) {
      for (const r of owned) {
        r.startedAt = performance.now();
        ws.send(
          JSON.stringify({ id: r.id, type: 'subscribe', payload: { query: QUERY, variables: { sceneId: r.scene.id, afterSeq: 0 } } }),
        );
      }
    } else if (text.includes('"type":"ping"')) ws.send('{"type":"pong"}');
    return;
  }
  const r = replays.get(head[1]!);
  if (!r) return;
  const type = head[2];
  if (type === 'next') {
    r.lastFrameAt = performance.now();
    frames++;
    bytes += Buffer.byteLength(text);
    const seq = /"seq":(\d+)/.exec(text)?.[1];
    if (seq === undefined) return onError(r, (JSON.parse(text) as { payload: { errors?: GqlError[] } }).payload.errors ?? []);
    r.ledger.record(Number(seq));
    if (r.state === 'replaying' && r.ledger.complete(r.scene.lastSeq)) end(r, 'caughtUp');
  } else if (type === 'error') {
    onError(r, (JSON.parse(text) as { payload: GqlError[] }).payload);
  } else if (type === 'complete') {
    end(r, 'completedEarly');
  }
}

function storm(url: string, scenes: SceneSeq[], socketCount: number, perSocket: number): void {
  for (let s = 0; s < socketCount; s++) {
    const owned: Replay[] = [];
    for (let k = 0; k < perSocket; k++) {
      const scene = scenes[(s * perSocket + k) % scenes.length]!;
      const r: Replay = { id: randomUUID(), scene, ledger: new SeqLedger(0), state: 'replaying', startedAt: 0, lastFrameAt: 0, endedAt: 0 };
      replays.set(r.id, r);
      owned.push(r);
    }
    const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    sockets.push(ws);
    ws.on('open', () => ws.send('{"type":"connection_init","payload":{}}'));
    ws.on('message', (data) => onFrame(ws, data, owned));
    ws.on('close', (code) => {
      closeCodes[code] = (closeCodes[code] ?? 0) + 1;
      for (const r of owned) end(r, 'closed');
    });
    ws.on('error', (err) => {
      if (errorSamples.size < 5) errorSamples.add(`socket: ${err.message}`);
    });
  }
}

function report(): StormReport {
  const all = [...replays.values()];
  const now = performance.now();
  const count = (state: State) => all.filter((r) => r.state === state).length;
  const replaying = all.filter((r) => r.state === 'replaying');
  const catchUps = all
    .filter((r) => r.state === 'caughtUp')
    .map((r) => r.endedAt - r.startedAt)
    .sort((a, b) => a - b);
  const limited = all.filter((r) => r.state === 'rateLimited');
  return {
    total: all.length,
    settled: all.length - replaying.length,
    caughtUp: catchUps.length,
    rateLimited: limited.length,
    rateLimitedWithRetryAfter: limited.filter((r) => r.retryAfterMs !== undefined).length,
    otherErrors: count('error'),
    closedByServer: count('closed'),
    completedEarly: count('completedEarly'),
    stillReplaying: replaying.filter((r) => r.lastFrameAt > 0 && now - r.lastFrameAt < SILENT_MS).length,
    silent: replaying.filter((r) => r.lastFrameAt === 0 || now - r.lastFrameAt >= SILENT_MS).length,
    frames,
    bytes,
    duplicates: all.reduce((n, r) => n + r.ledger.duplicates, 0),
    outOfOrder: all.reduce((n, r) => n + r.ledger.outOfOrder, 0),
    catchUpP50Ms: catchUps.length ? catchUps[Math.floor(catchUps.length / 2)]! : Number.NaN,
    catchUpMaxMs: catchUps.at(-1) ?? Number.NaN,
    retryAfterMs: [...new Set(limited.flatMap((r) => (r.retryAfterMs === undefined ? [] : [r.retryAfterMs])))]
      .sort((a, b) => a - b)
      .slice(0, 10),
    errorSamples: [...errorSamples],
    closeCodes,
  };
}

process.on('message', (msg: { cmd: string; url?: string; scenes?: SceneSeq[]; sockets?: number; perSocket?: number }) => {
  switch (msg.cmd) {
    case 'storm':
      storm(msg.url!, msg.scenes!, msg.sockets!, msg.perSocket!);
      process.send!({ ok: true });
      break;
    case 'report':
      process.send!(report());
      break;
    case 'close':
      for (const ws of sockets) ws.terminate();
      process.send!({ ok: true });
      break;
  }
});
