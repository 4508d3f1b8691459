import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity, SceneEntity } from '../../src/adapters/db/entities.js';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { buildServer } from '../../src/http/server.js';
import type { Job, JobQueue } from '../../src/ports/jobQueue.js';
import { approveHeldLine, rejectHeldLine } from '../../src/services/heldLines.js';
import { hideMessage, injectNarration, setBroadcastDelay } from '../../src/services/moderation.js';
import { airedSeq } from '../../src/services/sceneQueries.js';
import { endScene, pauseScene, restartScene, resumeScene } from '../../src/services/sceneControl.js';
import { waitFor } from '../support/collect.js';
import { controlledScreen } from '../support/controlledScreen.js';
import { RawPeer, type Received } from '../support/rawPeer.js';

/**
 * Broadcast fan-out must be invisible: for any sequence of subscribes (live or from any
 * `afterSeq`, under any variable names, as viewer or moderator), unsubscribes, reconnects
 * and scene changes (turns, hides, held lines approved or rejected, narration, pause, reset,
 * a new conversation, a broadcast delay: viewers then get events up to 120 ms late at
 * TIME_SCALE 0.002), every
 * subscriber receives byte-for-byte the same payloads from a FANOUT=broadcast server as
 * from a FANOUT=stock one. Both servers share one container (database, pub/sub, log), so
 * each change happens once and both fan it out. The scene loop is driven step by step
 * through a queue that only records jobs, so nothing moves between operations but what the
 * broadcast delay airs; before anything subscribes, the test waits until all of it has aired.
 * A line hidden before it aired must never reach a viewer on either path.
 *
 * CI runs a fixed seed; `FANOUT_DIFF_RUNS=500 FANOUT_DIFF_SEED=<n>` runs longer.
 */

const TOKEN = 'differential-moderator-token-0123';
const RUNS = Number(process.env.FANOUT_DIFF_RUNS ?? 100);
const SEED = Number(process.env.FANOUT_DIFF_SEED ?? 20261201);

const SELECTION = `__typename seq epoch at airsAt
  ... on MessagePosted { message { id turn speakerName recipientName content thoughts mood moodEmoji hidden hiddenReason } }
  ... on MessageHidden { messageId turn hiddenReason }
  ... on CharacterChanged { character { id action mood spot facing endRequestedAt holding } }
  ... on CharacterActed { characterId action objectId targetId spot description emoji }
  ... on SceneStatusChanged { status reason }
  ... on NarrationInjected { text }
  ... on ConversationStarted { startReason: reason characters { id action spot } }
  ... on ConversationEnded { nextConversationAt }`;

/** The ways clients write the same subscription; `from` is where they resume (null = live). */
const DOCUMENTS = {
  /** What the web app sends. */
  named: (sceneId: string, from: number | null, _flag: boolean) => ({
    query: `subscription Follow($sceneId: ID!, $afterSeq: Int) { sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) { ${SELECTION} } }`,
    variables: { sceneId, afterSeq: from },
  }),
  /** The same, with other variable names. */
  renamed: (sceneId: string, from: number | null, _flag: boolean) => ({
    query: `subscription Follow($s: ID!, $after: Int) { sceneEvents(sceneId: $s, afterSeq: $after) { ${SELECTION} } }`,
    variables: { s: sceneId, after: from },
  }),
  /** A variable called `afterSeq` that is not where the client resumes: its value changes the result. */
  decoy: (sceneId: string, from: number | null, flag: boolean) => ({
    query: `subscription($s: ID!, $from: Int, $afterSeq: Boolean!) { sceneEvents(sceneId: $s, afterSeq: $from) {
      seq __typename ... on MessagePosted { message { content @include(if: $afterSeq) hidden } } ... on NarrationInjected { text @skip(if: $afterSeq) } } }`,
    variables: { s: sceneId, from, afterSeq: flag },
  }),
  /** Arguments written into the document. */
  inline: (sceneId: string, from: number | null, _flag: boolean) => ({
    query: `subscription { sceneEvents(sceneId: ${JSON.stringify(sceneId)}${from === null ? '' : `, afterSeq: ${from}`}) { ${SELECTION} } }`,
    variables: {},
  }),
};
type Style = keyof typeof DOCUMENTS;

/**
 * Subscribes the broadcast path must route like the stock one: each either streams live (`streams`)
 * or ends with the same error or result. Among them what the old lean interceptor handed back to
 * graphql-ws: other operations, aliases and directives, variables that do not coerce, extra or
 * null variables, an operationName that picks the operation or names none.
 */
const ODD: { streams: boolean; payload: (sceneId: string) => Record<string, unknown> }[] = [
  {
    streams: true,
    payload: (s) => ({ query: `subscription { sceneEvents: sceneEvents(sceneId: ${JSON.stringify(s)}) { seq __typename } }` }),
  },
  {
    streams: true,
    payload: (s) => ({ query: 'subscription($s: ID!) { sceneEvents(sceneId: $s) @include(if: true) { seq } }', variables: { s } }),
  },
  {
    streams: true,
    payload: (s) => ({ query: 'subscription($s: ID!) { sceneEvents(sceneId: $s) { seq } }', variables: { s, unused: [1, { x: null }] } }),
  },
  {
    streams: true,
    payload: (s) => ({
      query: 'query A { __typename } subscription B($s: ID!) { sceneEvents(sceneId: $s) { seq epoch } }',
      operationName: 'B',
      variables: { s },
    }),
  },
  { streams: true, payload: (s) => ({ query: `subscription { sceneEvents(sceneId: ${JSON.stringify(s)}) { seq } }`, variables: null }) },
  { streams: false, payload: () => ({ query: '{ __typename }' }) },
  { streams: false, payload: () => ({ query: 'subscription($s: ID!) { sceneEvents(sceneId: $s) { seq } }', variables: {} }) },
  {
    streams: false,
    payload: (s) => ({
      query: 'subscription($s: ID!, $a: Int) { sceneEvents(sceneId: $s, afterSeq: $a) { seq } }',
      variables: { s, a: -1 },
    }),
  },
  {
    streams: false,
    payload: (s) => ({
      query: 'subscription($s: ID!, $a: Int) { sceneEvents(sceneId: $s, afterSeq: $a) { seq } }',
      variables: { s, a: '3' },
    }),
  },
  {
    streams: false,
    payload: (s) => ({
      query: 'subscription($s: ID!, $a: Int) { sceneEvents(sceneId: $s, afterSeq: $a) { seq } }',
      variables: { s, a: 1.5 },
    }),
  },
  { streams: false, payload: () => ({ query: 'subscription($s: ID!) { sceneEvents(sceneId: $s) { seq } }', variables: { s: '../etc' } }) },
  {
    streams: false,
    payload: (s) => ({ query: `subscription A { sceneEvents(sceneId: ${JSON.stringify(s)}) { seq } } query B { __typename }` }),
  },
  {
    streams: false,
    payload: (s) => ({ query: `subscription A { sceneEvents(sceneId: ${JSON.stringify(s)}) { seq } }`, operationName: 'Nope' }),
  },
  {
    streams: false,
    payload: (s) => ({ query: `subscription { sceneEvents(sceneId: ${JSON.stringify(s)}) { seq } statsFeed { __typename } }` }),
  },
  { streams: false, payload: () => ({ query: 'subscription { sceneEvents(' }) },
];

/** Messages on a socket that was never acknowledged (or is being initialised twice): both servers close it alike. */
const EARLY: object[][] = [
  [{ id: 'x', type: 'subscribe', payload: { query: 'subscription { sceneEvents(sceneId: "s") { seq } }' } }],
  [{ type: 'connection_init' }, { type: 'connection_init' }],
  [{ type: 'connection_init' }, { id: '', type: 'subscribe', payload: { query: '{ __typename }' } }],
  [{ type: 'connection_init' }, { id: 'x', type: 'subscribe', payload: { query: 42 } }],
];

/** What the checks read from a frame (the decoy document selects less). */
interface SeenEvent {
  at?: number;
  airsAt?: number;
  message?: { id: string; hidden: boolean; content?: string };
}

type Op =
  | { kind: 'subscribe'; style: Style; moderator: boolean; from: 'live' | 'start' | number; flag: boolean }
  | { kind: 'unsubscribe'; client: number }
  | { kind: 'reconnect'; client: number }
  | { kind: 'step'; times: number }
  | { kind: 'hide'; pick: number }
  /** The screen holds the next `times` lines (they must reach no subscriber until approved). */
  | { kind: 'flag'; times: number }
  /** A moderator approves or rejects one of the scene's held lines. */
  | { kind: 'approve'; pick: number }
  | { kind: 'reject'; pick: number }
  | { kind: 'narrate'; text: string }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'reset' }
  | { kind: 'end' }
  | { kind: 'next' }
  /** A moderator sets the scene's broadcast delay (null: the default, 0). */
  | { kind: 'delay'; seconds: number | null }
  | { kind: 'missingScene'; style: Style }
  /** Another subscription on a client's socket (past WS_MAX_SUBSCRIPTIONS it is refused). */
  | { kind: 'more'; client: number }
  /** Subscribe and complete at once, before the server has answered. */
  | { kind: 'flicker'; client: number }
  /** Subscribe again under an id still in use: the server closes the socket. */
  | { kind: 'reuse'; client: number }
  /** One of the ODD subscribes on a client's socket. */
  | { kind: 'odd'; variant: number; client: number }
  /** A fresh socket that breaks the protocol before it is acknowledged (EARLY). */
  | { kind: 'early'; variant: number }
  /** Complete an id the socket never used. */
  | { kind: 'stray'; client: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('subscribe' as const),
      // Few enough variants that subscribers often share a group, which is where caching bugs live.
      style: fc.constantFrom<Style>('named', 'named', 'renamed', 'decoy', 'decoy', 'inline'),
      moderator: fc.constantFrom(false, false, false, true),
      from: fc.oneof(fc.constant('live' as const), fc.constant('start' as const), fc.nat({ max: 12 })),
      flag: fc.boolean(),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const), client: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('reconnect' as const), client: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('step' as const), times: fc.integer({ min: 1, max: 6 }) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('hide' as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('flag' as const), times: fc.integer({ min: 1, max: 3 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('approve' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('reject' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('narrate' as const),
      text: fc.constantFrom('The lights flicker.', 'A bell rings "twice".', 'Rain — again.'),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'pause' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'resume' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'reset' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'end' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'next' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delay' as const), seconds: fc.constantFrom(null, 0, 10, 30, 60) }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('missingScene' as const), style: fc.constantFrom<Style>('named', 'renamed', 'inline') }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('more' as const), client: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('flicker' as const), client: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('reuse' as const), client: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('odd' as const), variant: fc.nat({ max: ODD.length - 1 }), client: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('early' as const), variant: fc.nat({ max: EARLY.length - 1 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('stray' as const), client: fc.nat() }), weight: 1 },
);

/** A queue that only remembers the step each scene waits for; the test runs it when it says so. */
function recordingQueue(): JobQueue & { take(sceneId: string): Omit<Job, 'attemptsMade' | 'signal'> | undefined } {
  const waiting = new Map<string, Omit<Job, 'attemptsMade' | 'signal'>>();
  return {
    kind: 'recording',
    add: async (name, data, { jobId }) => void waiting.set(data.sceneId, { id: jobId, name, data }),
    process: async () => {},
    depth: async () => waiting.size,
    pause: async () => 0,
    resume: async () => {},
    stop: async () => {},
    take(sceneId) {
      const job = waiting.get(sceneId);
      waiting.delete(sceneId);
      return job;
    },
  };
}

/** One client: the same subscription on a socket to each server. */
interface Client {
  subscribeAs: { style: Style; moderator: boolean; flag: boolean; sceneId: string };
  peers: { broadcast: RawPeer; stock: RawPeer };
  /** Every subscription this client made, per server, in order (reconnects add one). */
  sessions: Session[];
}

interface Session {
  broadcast: Received;
  stock: Received;
  /** The seq it starts after (null: it cannot start, e.g. an unknown scene). */
  after: number | null;
  /** One of the ODD subscribes. */
  odd?: boolean;
}

/** Real clients send 36-character ids; a reconnect reuses none of the old ones. */
const sessionId = (n: number) => `${String(n).padStart(4, '0')}0b1c-8f8e-5a47-4c1e-9d3b6f2a7c9e`;

/** What the runs compared, so a property that compared nothing cannot pass. */
const compared = {
  frames: 0,
  events: 0,
  hiddenReplays: 0,
  closes: 0,
  actions: 0,
  odd: 0,
  oddStreams: 0,
  delayedEvents: 0,
  hiddenBeforeAiring: 0,
  held: 0,
  released: 0,
};

/** Ops after which a subscription starts: everything delayed must have aired first, so both paths start alike. */
const SUBSCRIBING = new Set<Op['kind']>(['subscribe', 'missingScene', 'reconnect', 'more', 'flicker', 'reuse', 'odd']);

describe('broadcast fan-out is byte-for-byte the stock fan-out', () => {
  let container: Container;
  let queue: ReturnType<typeof recordingQueue>;
  const screen = controlledScreen();
  let dir: string;
  const servers: { stop(): Promise<void> }[] = [];
  const urls = { broadcast: '', stock: '' };
  let sceneIds: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pixeltales-diff-'));
    const config = loadConfig({
      DATABASE_URL: `sqlite:${join(dir, 'test.db')}`,
      LOG_LEVEL: 'silent',
      SERVE_WEB: 'false',
      FANOUT: 'broadcast',
      MODERATOR_TOKENS: TOKEN,
      RUN_WITHOUT_VIEWERS: 'true',
      // Long runs make many turns: budgets are not what this test is about.
      BUDGET_SCENE_TOKENS: '2000000000',
      BUDGET_GLOBAL_TOKENS: '2000000000',
      TIME_SCALE: '0.002',
      // Low, so that `more` reaches the limit within a run.
      WS_MAX_SUBSCRIPTIONS: '3',
    });
    queue = recordingQueue();
    container = await createContainer(config, { logger: pino({ level: 'silent' }), queue, screen: screen.screen });
    for (const mode of ['broadcast', 'stock'] as const) {
      const view = { ...container, config: { ...container.config, fanout: { ...container.config.fanout, mode } } };
      const server = buildServer(view);
      const port = await server.start(0, '127.0.0.1');
      urls[mode] = `ws://127.0.0.1:${port}/graphql`;
      servers.push(server);
    }
    sceneIds = (await container.orm.em.fork().find(SceneEntity, {}, { orderBy: { slug: 'asc' } })).map((s) => s.id);
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await container?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const releasedLines = new Set<number>();
  const lastSeq = async (sceneId: string) => (await container.orm.em.fork().findOneOrFail(SceneEntity, { id: sceneId })).lastSeq;
  /** Lines hidden before their time to air came: no viewer may ever get their words. */
  const hiddenBeforeAiring = new Set<string>();

  const moderatorParams = (moderator: boolean) => (moderator ? { authorization: `Bearer ${TOKEN}` } : {});

  async function openClient(sceneId: string, style: Style, moderator: boolean, flag: boolean, from: number | null): Promise<Client> {
    const params = moderatorParams(moderator);
    const peers = { broadcast: await RawPeer.open(urls.broadcast, params), stock: await RawPeer.open(urls.stock, params) };
    const client: Client = { subscribeAs: { style, moderator, flag, sceneId }, peers, sessions: [] };
    await startSession(client, from);
    return client;
  }

  async function startSession(client: Client, from: number | null): Promise<void> {
    const { style, flag, sceneId } = client.subscribeAs;
    const { query, variables } = DOCUMENTS[style](sceneId, from, flag);
    const scene = await container.orm.em.fork().findOne(SceneEntity, { id: sceneId });
    const id = sessionId(client.sessions.length + 1);
    client.sessions.push({
      broadcast: client.peers.broadcast.subscribe(id, query, variables),
      stock: client.peers.stock.subscribe(id, query, variables),
      after: scene ? Math.min(from ?? scene.lastSeq, scene.lastSeq) : null,
    });
  }

  /**
   * Wait until every open subscription on both servers has received everything the log holds:
   * moderators all of it; viewers what has aired (with `aired`, after waiting until everything
   * delayed has aired).
   */
  async function settle(clients: Client[], sceneId: string, aired = true): Promise<void> {
    if (aired) {
      const { lastAirsAt } = await container.orm.em.fork().findOneOrFail(SceneEntity, { id: sceneId });
      await waitFor(() => Date.now() > lastAirsAt, 30_000, 5);
    }
    const target = await lastSeq(sceneId);
    const viewerTarget = aired
      ? target
      : await airedSeq(container, await container.orm.em.fork().findOneOrFail(SceneEntity, { id: sceneId }), Date.now());
    const done = (r: Received, after: number | null, moderator: boolean) =>
      r.ended || (after !== null && (r.seqs.at(-1) ?? after) >= (moderator ? target : viewerTarget));
    const open = () =>
      clients.flatMap((c, i) =>
        c.sessions.flatMap((s, j) =>
          (['broadcast', 'stock'] as const)
            .filter((mode) => !done(s[mode], s.after, c.subscribeAs.moderator))
            .map((mode) => `client ${i} session ${j} ${mode}: after ${s.after}, got ${s[mode].seqs.join(',')}`),
        ),
      );
    await waitFor(() => open().length === 0, 30_000, 5).catch(() => {
      throw new Error(`not every subscriber reached seq ${target}:\n${open().join('\n')}`);
    });
  }

  async function run(sceneIndex: number, ops: Op[]): Promise<void> {
    const sceneId = sceneIds[sceneIndex % sceneIds.length]!;
    const clients: Client[] = [];
    // Held lines this run released (approved), across runs of this scene.
    const released = releasedLines;
    // Each run starts from a running conversation (an earlier run may have left the scene paused or ended).
    await restartScene(container, sceneId, 'RESET');
    try {
      for (const op of ops) {
        if (SUBSCRIBING.has(op.kind)) await settle(clients, sceneId, true);
        switch (op.kind) {
          case 'subscribe': {
            const last = await lastSeq(sceneId);
            const from = op.from === 'live' ? null : op.from === 'start' ? 0 : Math.max(0, last - op.from);
            clients.push(await openClient(sceneId, op.style, op.moderator, op.flag, from));
            break;
          }
          case 'missingScene':
            clients.push(await openClient('no-such-scene', op.style, false, false, null));
            break;
          case 'unsubscribe': {
            const client = clients[op.client % Math.max(1, clients.length)];
            const session = client?.sessions.at(-1);
            if (!client || !session || session.broadcast.ended) break;
            const id = [...client.peers.broadcast.subscriptions.keys()].at(-1)!;
            client.peers.broadcast.complete(id);
            client.peers.stock.complete(id);
            break;
          }
          case 'reconnect': {
            const client = clients[op.client % Math.max(1, clients.length)];
            if (!client) break;
            await client.peers.broadcast.close();
            await client.peers.stock.close();
            const params = moderatorParams(client.subscribeAs.moderator);
            client.peers = { broadcast: await RawPeer.open(urls.broadcast, params), stock: await RawPeer.open(urls.stock, params) };
            // The web app resumes after the last seq it saw; both servers must have sent the same ones.
            const previous = client.sessions.at(-1)!;
            await startSession(client, previous.broadcast.seqs.at(-1) ?? previous.after);
            break;
          }
          case 'more': {
            const client = clients[op.client % Math.max(1, clients.length)];
            if (client && !client.peers.broadcast.closedWith) await startSession(client, null);
            break;
          }
          case 'flicker': {
            const client = clients[op.client % Math.max(1, clients.length)];
            if (!client || client.peers.broadcast.closedWith) break;
            await startSession(client, null);
            const id = sessionId(client.sessions.length);
            client.peers.broadcast.complete(id);
            client.peers.stock.complete(id);
            break;
          }
          case 'reuse': {
            const client = clients[op.client % Math.max(1, clients.length)];
            const open = client ? client.sessions.map((s) => !s.broadcast.ended && !s.stock.ended).lastIndexOf(true) : -1;
            if (!client || open < 0) break;
            const { style, flag, sceneId: scene } = client.subscribeAs;
            const { query, variables } = DOCUMENTS[style](scene, null, flag);
            const id = sessionId(open + 1);
            for (const peer of [client.peers.broadcast, client.peers.stock]) {
              // Frames already received stay recorded; the duplicate's own are not expected.
              peer.subscriptions.delete(id);
              peer.subscribe(id, query, variables);
            }
            await waitFor(() => client.peers.broadcast.closedWith !== null && client.peers.stock.closedWith !== null, 10_000, 5);
            expect(client.peers.broadcast.closedWith).toBe(client.peers.stock.closedWith);
            client.sessions[open]!.broadcast.ended = client.sessions[open]!.stock.ended = true;
            compared.closes++;
            break;
          }
          case 'odd': {
            if (clients.length === 0) clients.push(await openClient(sceneId, 'named', false, false, null));
            const client = clients[op.client % clients.length]!;
            if (client.peers.broadcast.closedWith) break;
            const { streams, payload } = ODD[op.variant]!;
            const id = sessionId(client.sessions.length + 1);
            const after = streams ? await lastSeq(sceneId) : null;
            client.sessions.push({
              broadcast: client.peers.broadcast.subscribeRaw(id, payload(sceneId)),
              stock: client.peers.stock.subscribeRaw(id, payload(sceneId)),
              after,
              odd: true,
            });
            compared.odd++;
            break;
          }
          case 'early': {
            const [broadcast, stock] = await Promise.all([
              RawPeer.unacknowledged(urls.broadcast, EARLY[op.variant]!),
              RawPeer.unacknowledged(urls.stock, EARLY[op.variant]!),
            ]);
            expect(broadcast).toBe(stock);
            expect(broadcast).toMatch(/^44\d\d /);
            compared.closes++;
            break;
          }
          case 'stray': {
            const client = clients[op.client % Math.max(1, clients.length)];
            client?.peers.broadcast.complete('never-used');
            client?.peers.stock.complete('never-used');
            break;
          }
          case 'step':
            for (let i = 0; i < op.times; i++) {
              await container.loop.wake(sceneId);
              const job = queue.take(sceneId);
              if (job) await container.loop.handle({ ...job, attemptsMade: 0, signal: new AbortController().signal });
            }
            break;
          case 'hide': {
            // One of the last few lines: the ones subscribers of this run may replay.
            const lines = await container.orm.em
              .fork()
              .find(MessageEntity, { sceneId, hidden: false }, { orderBy: { id: 'desc' }, limit: 3 });
            const line = lines[op.pick % Math.max(1, lines.length)];
            if (line) await hideMessage(container, line.id, 'differential test');
            // Its time to air has not come even now: the delay line has not released it yet.
            if (line?.airsAt != null && Date.now() < line.airsAt) hiddenBeforeAiring.add(String(line.id));
            break;
          }
          case 'flag':
            screen.next('flag', op.times);
            break;
          case 'approve':
          case 'reject': {
            const held = await container.orm.em.fork().find(MessageEntity, { sceneId, heldAt: { $ne: null } }, { orderBy: { id: 'asc' } });
            const line = held[op.pick % Math.max(1, held.length)];
            if (!line) break;
            const decided =
              op.kind === 'approve' ? await approveHeldLine(container, line.id) : await rejectHeldLine(container, line.id, null);
            expect(decided.ok).toBe(true);
            if (op.kind === 'approve') released.add(line.id);
            break;
          }
          case 'narrate':
            await injectNarration(container, sceneId, op.text);
            break;
          case 'pause':
            await pauseScene(container, sceneId, 'differential test');
            break;
          case 'resume':
            await resumeScene(container, sceneId);
            break;
          case 'reset':
            await restartScene(container, sceneId, 'RESET');
            break;
          case 'end':
            await endScene(container, sceneId, 'differential test');
            break;
          case 'next':
            await restartScene(container, sceneId, 'NEXT');
            break;
          case 'delay':
            await setBroadcastDelay(container, sceneId, op.seconds);
            break;
        }
        await settle(clients, sceneId, false);
      }
      await settle(clients, sceneId);
      // Lines held and never approved reach nobody; approved ones reach everyone who follows.
      const heldRows = await container.orm.em.fork().find(MessageEntity, { sceneId, heldReasons: { $ne: null } });
      const unreleased = heldRows.filter((m) => !released.has(m.id));
      compared.held += heldRows.length;
      for (const client of clients) {
        for (const session of client.sessions) {
          const frames = session.broadcast.frames.join('\n');
          for (const m of unreleased) expect(frames).not.toContain(`"id":"${m.id}"`);
          compared.released += heldRows.filter((m) => released.has(m.id) && frames.includes(`"id":"${m.id}"`)).length;
        }
      }
      for (const [c, client] of clients.entries()) {
        for (const [s, session] of client.sessions.entries()) {
          expect(session.broadcast.frames, `client ${c} (${JSON.stringify(client.subscribeAs)}) session ${s}`).toEqual(
            session.stock.frames,
          );
          compared.frames += session.broadcast.frames.length;
          compared.events += session.broadcast.seqs.length;
          // The documents are valid: a subscriber of a real scene gets events, not a validation error.
          if (session.after !== null) expect(session.broadcast.frames.join()).not.toContain('GRAPHQL_VALIDATION_FAILED');
          if (session.broadcast.frames.some((f) => f.includes('"hidden":true'))) compared.hiddenReplays++;
          if (session.odd && session.broadcast.seqs.length > 0) compared.oddStreams++;
          compared.actions += session.broadcast.frames.filter((f) => f.includes('"__typename":"CharacterActed"')).length;
          // Every event once, in order: the streams are not merely equal but right.
          session.broadcast.seqs.slice(1).forEach((seq, i) => expect(seq).toBe(session.broadcast.seqs[i]! + 1));
          for (const frame of session.broadcast.frames) {
            const event = (JSON.parse(frame.startsWith('{') ? frame : '{}') as { data?: { sceneEvents?: SeenEvent } }).data?.sceneEvents;
            if (event?.airsAt !== undefined && event.at !== undefined && event.airsAt > event.at) compared.delayedEvents++;
            const id = event?.message?.id;
            if (id === undefined || !hiddenBeforeAiring.has(id)) continue;
            if (client.subscribeAs.moderator) continue;
            // A viewer gets the line only hidden, its words redacted.
            expect(event!.message!.hidden, frame).toBe(true);
            expect(event!.message!.content ?? '', frame).toBe('');
            compared.hiddenBeforeAiring++;
          }
        }
      }
    } finally {
      for (const client of clients) {
        await client.peers.broadcast.close();
        await client.peers.stock.close();
      }
    }
  }

  it('for random operation sequences (fixed seed in CI)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 3 }), fc.array(opArb, { minLength: 4, maxLength: 24 }), async (scene, ops) => {
        await run(scene, ops);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
    // The property must have compared real traffic, replays of hidden lines included.
    expect(compared.events).toBeGreaterThan(RUNS * 20);
    expect(compared.hiddenReplays).toBeGreaterThan(0);
    expect(compared.closes).toBeGreaterThan(0);
    // Delays were on for part of the runs.
    expect(compared.delayedEvents).toBeGreaterThan(0);
    // Whether a hide lands before its line airs depends on wall-clock time (delays are 20-120 ms at
    // this TIME_SCALE), so how often it happens is not asserted here: every such frame a viewer got
    // was checked above, and broadcastDelay.test.ts makes the case happen on both fan-outs.
    // Characters act (the scripted model calls tools): both modes render CharacterActed alike.
    expect(compared.actions).toBeGreaterThan(0);
    // The odd subscribes ran, and some of them streamed events on both paths.
    expect(compared.odd).toBeGreaterThan(RUNS / 4);
    expect(compared.oddStreams).toBeGreaterThan(0);
    // Lines were held, and released ones reached subscribers, on both paths alike.
    expect(compared.held).toBeGreaterThan(0);
    expect(compared.released).toBeGreaterThan(0);
  }, 600_000);

  // Found by the property (seed 29): a subscription completed while it was still being counted as
  // a viewer got the next event on the broadcast path, none on the stock path.
  it('a subscription completed while it is being counted gets nothing more, on both paths', async () => {
    // Counting takes a while here, so the complete and the next event surely fall inside it.
    const { presence } = container;
    const change = presence.change.bind(presence);
    presence.change = async (sceneId, delta) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return change(sceneId, delta);
    };
    try {
      await runSlowCount();
    } finally {
      presence.change = change;
    }
  }, 60_000);

  const runSlowCount = () =>
    run(0, [
      { kind: 'subscribe', style: 'named', moderator: false, from: 'start', flag: false },
      { kind: 'more', client: 0 },
      { kind: 'unsubscribe', client: 0 },
      { kind: 'hide', pick: 0 },
      { kind: 'more', client: 0 },
      { kind: 'unsubscribe', client: 0 },
      { kind: 'narrate', text: 'right after a complete' },
      { kind: 'reconnect', client: 0 },
      { kind: 'hide', pick: 1 },
    ]);

  it('a viewer resuming before a line hidden since gets it hidden, on both paths', async () => {
    const sceneId = sceneIds[0]!;
    const before = compared.hiddenReplays;
    await run(0, [
      { kind: 'subscribe', style: 'named', moderator: false, from: 'live', flag: true },
      { kind: 'resume' },
      { kind: 'step', times: 4 },
      { kind: 'hide', pick: 0 },
      { kind: 'subscribe', style: 'named', moderator: false, from: 12, flag: true },
      { kind: 'subscribe', style: 'renamed', moderator: false, from: 12, flag: true },
      { kind: 'subscribe', style: 'decoy', moderator: false, from: 12, flag: true },
      { kind: 'subscribe', style: 'decoy', moderator: false, from: 12, flag: false },
    ]);
    expect(await container.orm.em.fork().count(MessageEntity, { sceneId, hidden: true })).toBeGreaterThan(0);
    expect(compared.hiddenReplays).toBeGreaterThan(before);
  }, 60_000);
});
