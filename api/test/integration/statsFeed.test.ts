import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { MessageEntity, SceneEntity } from '../../src/adapters/db/entities.js';
import type { SceneEventRecord } from '../../src/domain/events.js';
import { recordCharacterLine } from '../../src/services/characterStats.js';
import { STATS_FEED_WINDOW_MS, type FeedScheduler } from '../../src/services/statsFeed.js';
import { recordLineUsage } from '../../src/services/usage.js';
import { waitFor } from '../support/collect.js';
import { createRedisPrefix, createTestDatabase, REDIS_URL, requireServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

type Update = { at: number; turns: number; promptTokens: number; completionTokens: number; costUsd: number; viewers: number };
const FEED = 'subscription ($sceneId: ID) { statsFeed(sceneId: $sceneId) { at turns promptTokens completionTokens costUsd viewers } }';

/** Timers that fire only when the test says: a window ends exactly when `fire()` is called. */
function manualScheduler() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const delays: number[] = [];
  let next = 0;
  const scheduler: FeedScheduler = {
    set(fn, ms) {
      pending.set(++next, { fn, ms });
      delays.push(ms);
      return next;
    },
    clear(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    scheduler,
    pending,
    delays,
    fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const t of due) t.fn();
    },
  };
}

/** A subscription read one result at a time, with a generous limit so a missing one fails the test. */
function follow(client: Client, variables: Record<string, unknown> = {}) {
  const iterator = client.iterate<{ statsFeed: Update }>({ query: FEED, variables })[Symbol.asyncIterator]();
  return {
    async next(): Promise<Update> {
      const result = await Promise.race([
        iterator.next(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no update within 30 s')), 30_000)),
      ]);
      if (result.done) throw new Error('subscription ended');
      if (result.value.errors) throw new Error(JSON.stringify(result.value.errors));
      return result.value.data!.statsFeed;
    },
    async first() {
      const result = await iterator.next();
      return result.value as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    },
    close: () => iterator.return?.(),
  };
}

describe('statsFeed: throttled, coalesced live totals over graphql-ws', () => {
  let server: TestServer;
  const timers = manualScheduler();
  let turn = 0;
  let sceneId = '';
  let otherSceneId = '';

  beforeAll(async () => {
    // No viewers: the worker writes no lines, only the test does.
    server = await startTestServer({}, { statsFeedScheduler: timers.scheduler });
    const scenes = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes;
    sceneId = scenes[0]!.id;
    otherSceneId = scenes[1]!.id;
    // Paused, so the loop makes no lines of its own while the test counts a viewer there.
    await server.container.orm.em.fork().nativeUpdate(SceneEntity, { id: sceneId }, { status: 'PAUSED' });
  });
  afterAll(() => server?.stop());

  /**
   * Wait until `n` windows are open. The in-memory pub/sub delivers to the hubs in microtasks,
   * so once a macrotask has passed every event published so far has been seen.
   */
  async function armed(n: number) {
    await new Promise((r) => setImmediate(r));
    await waitFor(() => timers.pending.size === n);
  }

  /** Store `n` lines of a scene as a turn does, then publish each one's event after the commit. */
  async function lines(scene: string, n: number) {
    const stored: number[] = [];
    await server.container.orm.em.fork().transactional(async (tx) => {
      for (let i = 0; i < n; i++) {
        const message = {
          sceneId: scene,
          epoch: 99,
          turn: ++turn,
          speakerId: 'speaker',
          speakerName: 'Ada',
          recipientId: null,
          recipientName: null,
          content: 'Hello.',
          thoughts: '',
          mood: 'calm',
          moodEmoji: '🙂',
          reaction: '',
          rating: 5,
          endConversation: false,
          moveTo: null,
          speakingMs: 1000,
          model: 'scripted',
          promptTokens: 100,
          completionTokens: 10,
          latencyMs: 5,
          createdAt: Date.now(),
        };
        stored.push(await tx.insert(MessageEntity, message));
        await recordLineUsage(tx, message);
        await recordCharacterLine(tx, message);
      }
    });
    for (const id of stored) {
      const event = { type: 'MESSAGE_POSTED', sceneId: scene, seq: 0, epoch: 99, at: Date.now(), message: { id } };
      server.container.pubsub.publish('scene:evented', scene, event as unknown as SceneEventRecord);
    }
  }

  it('sends the totals at once, then one update per window for any number of changes, shared by every subscriber', async () => {
    const client = server.wsClient();
    const [a, b] = [follow(client), follow(client)];
    const scene = follow(client, { sceneId });
    // First emission right away, before any window.
    const [a0, b0, s0] = [await a.next(), await b.next(), await scene.next()];
    expect(a0).toMatchObject({ turns: 0, promptTokens: 0, completionTokens: 0, viewers: 0 });
    expect(b0).toMatchObject({ turns: 0 });
    expect(s0).toMatchObject({ turns: 0 });
    // One hub per key (total, the scene), not per subscriber.
    expect(server.container.statsFeed.active).toBe(2);
    expect(timers.pending.size).toBe(0);

    // 50 lines in one window: both hubs arm one timer each, once.
    await lines(sceneId, 50);
    await armed(2);
    expect(timers.delays.every((ms) => ms === STATS_FEED_WINDOW_MS)).toBe(true);
    expect(STATS_FEED_WINDOW_MS).toBe(1000);
    expect(timers.delays).toHaveLength(2);
    timers.fire();
    expect(await a.next()).toMatchObject({ turns: 50, promptTokens: 5000, completionTokens: 500 });
    expect(await b.next()).toMatchObject({ turns: 50 });
    expect(await scene.next()).toMatchObject({ turns: 50 });

    // Another scene's line changes the total, not this scene's feed. The next update each
    // subscriber gets is the next window's: nothing came in between.
    await lines(otherSceneId, 1);
    await armed(1);
    timers.fire();
    expect(await a.next()).toMatchObject({ turns: 51 });
    expect(await b.next()).toMatchObject({ turns: 51 });

    // Viewers coming and going are changes too (the count travels on the scene list topic).
    await server.container.presence.join(sceneId);
    server.container.pubsub.publish('sceneList:changed', { sceneId, viewers: 1 });
    await lines(sceneId, 1);
    await armed(2);
    timers.fire();
    expect(await scene.next()).toMatchObject({ turns: 51, viewers: 1 });
    expect(await a.next()).toMatchObject({ turns: 52, viewers: 1 });
    expect(await b.next()).toMatchObject({ turns: 52, viewers: 1 });
    await server.container.presence.leave(sceneId);
    server.container.pubsub.publish('sceneList:changed', { sceneId, viewers: 0 });
    await armed(2);
    timers.fire();
    expect(await a.next()).toMatchObject({ turns: 52, viewers: 0 });
    expect(await scene.next()).toMatchObject({ turns: 51, viewers: 0 });

    // A window whose changes leave the totals as they were sends nothing: the following
    // update is the next real change.
    server.container.pubsub.publish('sceneList:changed', { sceneId: otherSceneId, viewers: 0 });
    await armed(1);
    timers.fire();
    await lines(otherSceneId, 2);
    await armed(1);
    timers.fire();
    const a4 = await a.next();
    expect(a4).toMatchObject({ turns: 54, viewers: 0 });
    expect(a4.at).toBeGreaterThanOrEqual(a0.at);

    // A late subscriber gets the current totals at once.
    expect(await b.next()).toMatchObject({ turns: 52, viewers: 0 });
    expect(await b.next()).toMatchObject({ turns: 54, viewers: 0 });
    const late = follow(client, { sceneId });
    expect(await late.next()).toMatchObject({ turns: 51, viewers: 0 });

    await Promise.all([a.close(), b.close(), scene.close(), late.close()]);
    // The last subscriber gone, the hubs stop listening and their timers are cleared.
    await waitFor(() => server.container.statsFeed.active === 0);
    await lines(sceneId, 1);
    expect(timers.pending.size).toBe(0);
  });

  it('refuses an unknown scene (NOT_FOUND) and a bad id (BAD_INPUT)', async () => {
    const client = server.wsClient();
    const unknown = await follow(client, { sceneId: 'no-such-scene' }).first();
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await follow(client, { sceneId: 'x'.repeat(65) }).first();
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(server.container.statsFeed.active).toBe(0);
  });
});

const services = await requireServices('postgres', 'redis', 'statsFeed across replicas');

describe.skipIf(!services.ok)('statsFeed across replicas (Redis pub/sub and presence, one PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const space = createRedisPrefix();
  const timers = manualScheduler();
  let writer: TestServer;
  let reader: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, PUBSUB: 'redis', REDIS_URL, REDIS_PREFIX: space.prefix };
    writer = await startTestServer(env);
    reader = await startTestServer(env, { statsFeedScheduler: timers.scheduler });
  });
  afterAll(async () => {
    await reader?.stop();
    await writer?.stop();
    await db?.drop();
    await space.clean();
  });

  it('a line committed and published by one replica updates the feed on another, viewers counted cluster-wide', async () => {
    const scenes = (await reader.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes;
    const sceneId = scenes[0]!.id;
    await reader.container.orm.em.fork().nativeUpdate(SceneEntity, {}, { status: 'PAUSED' });
    const feed = follow(reader.wsClient());
    expect(await feed.next()).toMatchObject({ turns: 0, viewers: 0 });

    await writer.container.orm.em.fork().transactional(async (tx) => {
      const message = {
        sceneId,
        epoch: 99,
        turn: 1,
        speakerId: 'speaker',
        speakerName: 'Ada',
        recipientId: null,
        recipientName: null,
        content: 'Hello.',
        thoughts: '',
        mood: 'calm',
        moodEmoji: '🙂',
        reaction: '',
        rating: 5,
        endConversation: false,
        moveTo: null,
        speakingMs: 1000,
        model: 'scripted',
        promptTokens: 100,
        completionTokens: 10,
        latencyMs: 5,
        createdAt: Date.now(),
      };
      await tx.insert(MessageEntity, message);
      await recordLineUsage(tx, message);
    });
    await writer.container.presence.join(sceneId);
    writer.container.pubsub.publish('scene:committed', sceneId, {
      type: 'MESSAGE_POSTED',
      sceneId,
      seq: 0,
      epoch: 99,
      at: Date.now(),
    } as unknown as SceneEventRecord);
    // Over Redis the event arrives when it arrives: wait for the reader's window to open.
    await waitFor(() => timers.pending.size === 1);
    timers.fire();
    expect(await feed.next()).toMatchObject({ turns: 1, promptTokens: 100, completionTokens: 10, viewers: 1 });
    await feed.close();
    await writer.container.presence.leave(sceneId);
  });
});
