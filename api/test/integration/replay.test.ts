import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SceneEventBody } from '../../src/domain/events.js';
import { appendEvents } from '../../src/services/eventLog.js';
import { injectNarration } from '../../src/services/moderation.js';
import { createReplayGate, REPLAY_GATE_DEFAULTS } from '../../src/services/replayGate.js';
import { pauseScene } from '../../src/services/sceneControl.js';
import { waitFor } from '../support/collect.js';
import { RawPeer } from '../support/rawPeer.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const QUERY =
  'subscription($id: ID!, $after: Int) { sceneEvents(sceneId: $id, afterSeq: $after) { seq ... on NarrationInjected { text } } }';
const SUB_ID = '3f0c2a7e-9b1d-4e5f-8a6c-2d7b9e1f4a30';

interface WireResult {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; retryAfterMs?: number } }[];
}

describe.each(['broadcast', 'stock'])('replays (FANOUT=%s)', (fanout) => {
  let server: TestServer;
  let sceneId: string;

  beforeAll(async () => {
    server = await startTestServer({ FANOUT: fanout });
    sceneId = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[0]!.id;
    await pauseScene(server.container, sceneId, 'replay test');
    for (let i = 0; i < 5; i++) await injectNarration(server.container, sceneId, `line ${i}`);
  });
  afterAll(() => server.stop());

  it('a replay the gate turns away ends with RATE_LIMITED (retryAfterMs) and complete, never silent', async () => {
    const gate = createReplayGate({ concurrency: 1, maxWaiting: 0, maxWaitMs: 1_000 });
    server.container.replayGate = gate;
    const held = await gate.acquire();
    const peer = await RawPeer.open(server.wsUrl);
    try {
      const received = peer.subscribe(SUB_ID, QUERY, { id: sceneId, after: 0 });
      await waitFor(() => received.ended);
      expect(received.frames).toHaveLength(2);
      const result = JSON.parse(received.frames[0]!) as WireResult;
      expect(result.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(result.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);
      expect(received.frames[1]).toBe('complete');
      // It stopped counting as a viewer, and it receives nothing more.
      await waitFor(async () => (await server.container.presence.count(sceneId)) === 0);
      await injectNarration(server.container, sceneId, 'after the refusal');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received.frames).toHaveLength(2);
    } finally {
      held();
      server.container.replayGate = createReplayGate(REPLAY_GATE_DEFAULTS);
      await peer.close();
    }
    // With room again, the client's retry resumes where it asked.
    const retry = await RawPeer.open(server.wsUrl);
    try {
      const received = retry.subscribe(SUB_ID, QUERY, { id: sceneId, after: 0 });
      await waitFor(() => received.seqs.length >= 6);
      expect(received.seqs.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6].map((n) => received.seqs[0]! + n - 1));
      expect(received.ended).toBe(false);
    } finally {
      await retry.close();
    }
  });

  // A connect storm of live viewers must not queue one empty read each behind the gate (10,000
  // at once overflowed it): with nothing to read back, a subscriber needs no slot.
  it('a live subscriber needs no replay-gate slot', async () => {
    // The last test's viewers are counted out first: their leaving must not pass for this one's joining.
    await waitFor(async () => (await server.container.presence.count(sceneId)) === 0);
    // A first viewer already follows the scene (with broadcast, the scene's channel is open).
    const first = await RawPeer.open(server.wsUrl);
    first.subscribe(SUB_ID, QUERY, { id: sceneId, after: null });
    await waitFor(async () => (await server.container.presence.count(sceneId)) === 1);
    const gate = createReplayGate({ concurrency: 1, maxWaiting: 0, maxWaitMs: 1_000 });
    server.container.replayGate = gate;
    const held = await gate.acquire();
    const peer = await RawPeer.open(server.wsUrl);
    try {
      const received = peer.subscribe(SUB_ID, QUERY, { id: sceneId, after: null });
      await waitFor(async () => (await server.container.presence.count(sceneId)) === 2);
      await injectNarration(server.container, sceneId, 'while the gate is full');
      await waitFor(() => received.seqs.length === 1);
      expect(received.ended).toBe(false);
      expect(JSON.parse(received.frames[0]!)).toMatchObject({ data: { sceneEvents: { text: 'while the gate is full' } } });
    } finally {
      held();
      server.container.replayGate = createReplayGate(REPLAY_GATE_DEFAULTS);
      await peer.close();
      await first.close();
    }
    await waitFor(async () => (await server.container.presence.count(sceneId)) === 0);
  });

  it('a subscriber that cannot be counted gets a server error (not BAD_INPUT) and is removed', async () => {
    const { presence } = server.container;
    const change = presence.change.bind(presence);
    presence.change = async () => {
      throw new Error('presence is down');
    };
    const peer = await RawPeer.open(server.wsUrl);
    try {
      const received = peer.subscribe(SUB_ID, QUERY, { id: sceneId, after: null });
      await waitFor(() => received.ended);
      presence.change = change;
      const error = received.frames[0]!.startsWith('error:')
        ? (JSON.parse(received.frames[0]!.slice('error:'.length)) as WireResult['errors'])![0]!
        : (JSON.parse(received.frames[0]!) as WireResult).errors![0]!;
      expect(error.extensions?.code).not.toBe('BAD_INPUT');
      expect(error.message).toBe('Unexpected error.');
      const count = received.frames.length;
      // A removed subscriber gets no frames for an id the protocol already finished.
      await injectNarration(server.container, sceneId, 'after the failed join');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received.frames).toHaveLength(count);
      expect(await presence.count(sceneId)).toBe(0);
    } finally {
      presence.change = change;
      await peer.close();
    }
  });
});

describe('a long replay to a socket that stops reading (FANOUT=broadcast)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ FANOUT: 'broadcast', WS_SEND_BUFFER_MAX_BYTES: '65536' });
  });
  afterAll(() => server.stop());

  it('waits for the socket instead of overrunning its send buffer, then delivers everything in order', async () => {
    const { container } = server;
    const sceneId = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[1]!.id;
    await pauseScene(container, sceneId, 'replay test');
    // 12,000 events of ~300 bytes: far more than the kernel's loopback buffers hold.
    const text = 'r'.repeat(300);
    const bodies: SceneEventBody[] = Array.from({ length: 12_000 }, () => ({ type: 'NARRATION', text }));
    await container.orm.em.fork().transactional((tx) => appendEvents(tx, sceneId, 1, bodies, Date.now()));
    const lastSeq = (await server.gql<{ scene: { lastSeq: number } }>('query($id: ID!) { scene(id: $id) { lastSeq } }', { id: sceneId }))
      .data!.scene.lastSeq;

    const peer = await RawPeer.open(server.wsUrl);
    const socket = (peer as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
    const closed = () => (peer as unknown as { ws: { readyState: number } }).ws.readyState !== 1;
    try {
      socket.pause();
      const received = peer.subscribe(SUB_ID, QUERY, { id: sceneId, after: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(Number(/pixeltales_ws_slow_consumers_closed (\d+)/.exec(metrics)?.[1])).toBe(0);
      socket.resume();
      await waitFor(() => received.seqs.at(-1) === lastSeq || closed(), 60_000);
      expect(closed()).toBe(false);
      expect(received.seqs).toHaveLength(lastSeq);
      received.seqs.forEach((seq, i) => expect(seq).toBe(i + 1));
    } finally {
      await peer.close();
    }
  }, 90_000);
});
