import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SceneEntity } from '../../src/adapters/db/entities.js';
import type { Job, JobQueue } from '../../src/ports/jobQueue.js';
import { waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * The broadcast delay over real sockets, on both fan-outs: viewers get every event at its
 * `airsAt`, moderators at once; a line hidden before it airs never reaches a viewer (live, on a
 * resumed stream, in a replay, in `messages`); a stream resumed across the delay has no gap
 * and no duplicate. The scene loop is stepped by hand (a queue that only records), so the only
 * clock that matters is the delay's. TIME_SCALE 0.05: a 20 s delay lasts 1 s here.
 */

const TOKEN = 'broadcast-delay-moderator-token-01';

const EVENTS = /* GraphQL */ `
  subscription Follow($sceneId: ID!, $afterSeq: Int) {
    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
      __typename
      seq
      at
      airsAt
      ... on MessagePosted {
        message {
          id
          content
          hidden
        }
      }
      ... on MessageHidden {
        messageId
      }
      ... on NarrationInjected {
        text
      }
      ... on SceneSettingsChanged {
        broadcastDelaySeconds
      }
    }
  }
`;

interface Ev {
  __typename: string;
  seq: number;
  at: number;
  airsAt: number;
  message?: { id: string; content: string; hidden: boolean };
  messageId?: string;
  text?: string;
  broadcastDelaySeconds?: number;
}

interface Follower {
  events: (Ev & { receivedAt: number })[];
  errors: unknown[];
  stop(): void;
}

/** A queue that only remembers the step each scene waits for; the test runs it. */
function recordingQueue(): JobQueue & { take(sceneId: string): Omit<Job, 'attemptsMade' | 'signal'> | undefined } {
  const waiting = new Map<string, Omit<Job, 'attemptsMade' | 'signal'>>();
  return {
    kind: 'recording',
    add: async (name, data, { jobId }) => void waiting.set(data.sceneId, { id: jobId, name, data }),
    process: async () => {},
    depth: async () => waiting.size,
    stop: async () => {},
    take(sceneId) {
      const job = waiting.get(sceneId);
      waiting.delete(sceneId);
      return job;
    },
  };
}

describe.each(['broadcast', 'stock'])('broadcast delay (FANOUT=%s)', (fanout) => {
  let server: TestServer;
  let queue: ReturnType<typeof recordingQueue>;
  let sceneId: string;
  const clients: Client[] = [];

  const socket = (moderator: boolean) => {
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: moderator ? { authorization: `Bearer ${TOKEN}` } : {},
    });
    clients.push(client);
    return client;
  };

  const follow = (client: Client, afterSeq: number | null = null): Follower => {
    const follower: Follower = { events: [], errors: [], stop: () => {} };
    follower.stop = client.subscribe<{ sceneEvents: Ev }>(
      { query: EVENTS, variables: { sceneId, afterSeq } },
      {
        next: (r) => {
          if (r.errors) follower.errors.push(...r.errors);
          if (r.data) follower.events.push({ ...r.data.sceneEvents, receivedAt: Date.now() });
        },
        error: (err) => follower.errors.push(err),
        complete: () => {},
      },
    );
    return follower;
  };

  const asModerator = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  };

  const setDelay = async (seconds: number | null) => {
    const res = await asModerator<{ setBroadcastDelay: { broadcastDelaySeconds: number } }>(
      'mutation($s: ID!, $n: Int) { setBroadcastDelay(input: { sceneId: $s, seconds: $n }) { broadcastDelaySeconds } }',
      { s: sceneId, n: seconds },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.setBroadcastDelay.broadcastDelaySeconds;
  };

  const lastSeq = async () => (await server.container.orm.em.fork().findOneOrFail(SceneEntity, { id: sceneId })).lastSeq;

  /** Step the loop until a line is committed; resolves to the moderator's MessagePosted. */
  const nextLine = async (moderator: Follower): Promise<Ev> => {
    const before = moderator.events.filter((e) => e.__typename === 'MessagePosted').length;
    for (let i = 0; i < 12; i++) {
      await server.container.loop.wake(sceneId);
      const job = queue.take(sceneId);
      if (job) await server.container.loop.handle({ ...job, attemptsMade: 0, signal: new AbortController().signal });
      const seq = await lastSeq();
      await waitFor(() => (moderator.events.at(-1)?.seq ?? 0) >= seq, 10_000, 5);
      const lines = moderator.events.filter((e) => e.__typename === 'MessagePosted');
      if (lines.length > before) return lines.at(-1)!;
    }
    throw new Error('no line within 12 steps');
  };

  beforeAll(async () => {
    queue = recordingQueue();
    server = await startTestServer({ FANOUT: fanout, MODERATOR_TOKENS: TOKEN, RUN_WITHOUT_VIEWERS: 'true', TIME_SCALE: '0.05' }, { queue });
    const res = await server.gql<{ scenes: { id: string; slug: string }[] }>('{ scenes { id slug } }');
    sceneId = res.data!.scenes.find((s) => s.slug === 'observatory-night')!.id;
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server.stop();
  });

  it('viewers get each event at its airsAt, moderators at once', async () => {
    expect(await setDelay(20)).toBe(20);
    // The settings change aired at once (the delay applies to what comes after it): both start
    // one event back, so each is surely following once it has that event.
    const seq = await lastSeq();
    const moderator = follow(socket(true), seq - 1);
    const viewer = follow(socket(false), seq - 1);
    await waitFor(() => viewer.events.some((e) => e.seq === seq) && moderator.events.some((e) => e.seq === seq), 10_000, 5);
    expect(viewer.events.find((e) => e.seq === seq)).toMatchObject({ __typename: 'SceneSettingsChanged', broadcastDelaySeconds: 20 });

    const narration = await asModerator('mutation($s: ID!) { injectNarration(input: { sceneId: $s, text: "A comet." }) { id } }', {
      s: sceneId,
    });
    expect(narration.errors).toBeUndefined();
    await waitFor(() => viewer.events.some((e) => e.text === 'A comet.'), 10_000, 5);
    const live = moderator.events.find((e) => e.text === 'A comet.')!;
    const aired = viewer.events.find((e) => e.text === 'A comet.')!;
    // 20 s at TIME_SCALE 0.05 = 1 s after the commit.
    expect(aired.airsAt - aired.at).toBe(1_000);
    expect(live.receivedAt).toBeLessThan(live.airsAt);
    expect(aired.receivedAt).toBeGreaterThanOrEqual(aired.airsAt);
    expect(aired.seq).toBe(live.seq);
    viewer.stop();
    moderator.stop();
  });

  it('a line hidden before it airs never reaches a viewer: live, resumed, replayed or in messages', async () => {
    await setDelay(60);
    const moderator = follow(socket(true));
    const viewer = follow(socket(false));
    const started = await lastSeq();
    await waitFor(() => (moderator.events.at(-1)?.seq ?? started) >= started, 10_000, 5);

    const line = await nextLine(moderator);
    expect(line.message!.hidden).toBe(false);
    // Still waiting for the delay: viewers' reads leave it out, moderators' do not.
    const pending = await server.gql<{ messages: { nodes: { id: string }[] }; scene: { lastSeq: number } }>(
      'query($s: ID!) { messages(sceneId: $s, last: 50) { nodes { id } } scene(id: $s) { lastSeq } }',
      { s: sceneId },
    );
    expect(pending.data!.messages.nodes.map((n) => n.id)).not.toContain(line.message!.id);
    expect(pending.data!.scene.lastSeq).toBeLessThan(line.seq);
    const seen = await asModerator<{ messages: { nodes: { id: string }[] } }>(
      'query($s: ID!) { messages(sceneId: $s, last: 50) { nodes { id } } }',
      {
        s: sceneId,
      },
    );
    expect(seen.data!.messages.nodes.map((n) => n.id)).toContain(line.message!.id);

    const hide = await asModerator<{ hideMessage: { hidden: boolean } }>(
      'mutation($m: ID!) { hideMessage(input: { messageId: $m, reason: "too soon" }) { hidden } }',
      { m: line.message!.id },
    );
    expect(hide.data!.hideMessage.hidden).toBe(true);
    expect(Date.now()).toBeLessThan(line.airsAt);

    // The hide airs after the line: once the viewer has it, the line has aired too.
    await waitFor(() => viewer.events.some((e) => e.messageId === line.message!.id), 15_000, 5);
    const posted = viewer.events.find((e) => e.message?.id === line.message!.id)!;
    expect(posted.message).toEqual({ id: line.message!.id, content: '', hidden: true });
    expect(posted.receivedAt).toBeGreaterThanOrEqual(line.airsAt);

    // A replay from the start and the messages list agree.
    const replay = follow(socket(false), 0);
    await waitFor(() => replay.events.some((e) => e.messageId === line.message!.id), 15_000, 5);
    expect(replay.events.find((e) => e.message?.id === line.message!.id)!.message).toEqual({
      id: line.message!.id,
      content: '',
      hidden: true,
    });
    const after = await server.gql<{ messages: { nodes: { id: string }[] } }>(
      'query($s: ID!) { messages(sceneId: $s, last: 50) { nodes { id } } }',
      {
        s: sceneId,
      },
    );
    expect(after.data!.messages.nodes.map((n) => n.id)).not.toContain(line.message!.id);
    for (const f of [viewer, replay]) {
      expect(f.errors).toEqual([]);
      expect(JSON.stringify(f.events)).not.toContain(JSON.stringify(line.message!.content));
    }
    viewer.stop();
    replay.stop();
    moderator.stop();
  });

  it('a stream resumed with afterSeq across the delay has no gap and no duplicate, and nothing early', async () => {
    await setDelay(20);
    const moderator = follow(socket(true));
    const first = follow(socket(false));
    const from = await lastSeq();
    await waitFor(() => (moderator.events.at(-1)?.seq ?? from) >= from, 10_000, 5);
    await nextLine(moderator);
    // Leave while the line still waits, after whatever had aired.
    first.stop();
    const resumeAfter =
      first.events.at(-1)?.seq ??
      (await server.gql<{ scene: { lastSeq: number } }>('query($s: ID!) { scene(id: $s) { lastSeq } }', { s: sceneId })).data!.scene
        .lastSeq;
    await nextLine(moderator);
    const target = await lastSeq();
    const resumed = follow(socket(false), resumeAfter);
    await waitFor(() => (resumed.events.at(-1)?.seq ?? 0) >= target, 15_000, 5);
    const seqs = resumed.events.map((e) => e.seq);
    expect(seqs[0]).toBe(resumeAfter + 1);
    seqs.slice(1).forEach((seq, i) => expect(seq).toBe(seqs[i]! + 1));
    for (const e of [...first.events, ...resumed.events]) expect(e.receivedAt).toBeGreaterThanOrEqual(e.airsAt);
    resumed.stop();
    moderator.stop();
  });

  it('refuses bad delays with stable codes and changes nothing', async () => {
    expect(await setDelay(7)).toBe(7);
    const mutation = 'mutation($s: ID!, $n: Int) { setBroadcastDelay(input: { sceneId: $s, seconds: $n }) { broadcastDelaySeconds } }';
    const cases: [Record<string, unknown>, string, boolean][] = [
      [{ s: sceneId, n: -1 }, 'BAD_INPUT', true],
      [{ s: sceneId, n: 121 }, 'BAD_INPUT', true],
      [{ s: sceneId, n: 1.5 }, 'BAD_INPUT', true],
      [{ s: sceneId, n: '10' }, 'BAD_INPUT', true],
      [{ s: 'no-such-scene', n: 5 }, 'NOT_FOUND', true],
      [{ s: sceneId, n: 5 }, 'UNAUTHENTICATED', false],
    ];
    for (const [variables, code, moderator] of cases) {
      const res = moderator ? await asModerator(mutation, variables) : await server.gql(mutation, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
    }
    const literal = await asModerator(`mutation { setBroadcastDelay(input: { sceneId: "${sceneId}", seconds: 2.5 }) { id } }`);
    expect(literal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const scene = await server.gql<{ scene: { broadcastDelaySeconds: number } }>(
      'query($s: ID!) { scene(id: $s) { broadcastDelaySeconds } }',
      {
        s: sceneId,
      },
    );
    expect(scene.data!.scene.broadcastDelaySeconds).toBe(7);
    const log = await asModerator<{ moderationLog: { nodes: { action: string; detail: string | null }[] } }>(
      'query($s: ID!) { moderationLog(sceneId: $s, first: 50) { nodes { action detail } } }',
      { s: sceneId },
    );
    const delays = log.data!.moderationLog.nodes.filter((n) => n.action === 'SET_BROADCAST_DELAY');
    expect(delays[0]!.detail).toBe('broadcast delay 7 s');
    expect(delays.map((d) => d.detail)).not.toContain('broadcast delay 5 s');
    // null restores the default from config (0 here).
    expect(await setDelay(null)).toBe(0);
  });
});
