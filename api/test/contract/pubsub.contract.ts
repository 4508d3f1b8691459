import { afterEach, describe, expect, it } from 'vitest';
import type { SceneEventRecord } from '../../src/domain/events.js';
import type { AppPubSub, SceneListChange } from '../../src/graphql/topics.js';
import { waitFor } from '../support/collect.js';

/** Two replicas' view of one adapter's typed pub/sub (`graphql/topics.ts`). */
export interface PubSubHandles {
  a: AppPubSub;
  /** Another replica; the same object for in-process adapters. */
  b: AppPubSub;
  /** Kill the replicas' connections to the bus (they must heal on their own). */
  interrupt?: () => Promise<void>;
  close(): Promise<void>;
}

const status = (sceneId: string, seq: number): SceneEventRecord => ({
  type: 'STATUS_CHANGED',
  status: 'RUNNING',
  reason: `n${seq}`,
  sceneId,
  seq,
  epoch: 1,
  at: 1_700_000_000_000 + seq,
});

/** Collects a subscription's payloads until `stop()`. */
function listen<T>(iterable: AsyncIterable<T>) {
  const items: T[] = [];
  const iterator = iterable[Symbol.asyncIterator]();
  const done = (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      items.push(next.value);
    }
  })();
  return { items, stop: async () => void (await iterator.return?.(), await done) };
}

/**
 * Subscribe and wait until the subscription really receives (a Redis SUBSCRIBE is
 * asynchronous): probe events with seq < 0 are published until one arrives, then ignored.
 */
async function subscribed(sub: AppPubSub, pub: AppPubSub, sceneId: string) {
  const l = listen(sub.subscribe('scene:evented', sceneId));
  let probe = -1;
  await waitFor(
    () => {
      if (l.items.length) return true;
      pub.publish('scene:evented', sceneId, status(sceneId, probe--));
      return false;
    },
    10_000,
    50,
  );
  return { events: () => l.items.filter((e) => e.seq >= 0), stop: l.stop };
}

/** The pub/sub contract, for every event target. */
export function pubSubContract(adapter: string, create: () => Promise<PubSubHandles>, crossProcess: boolean): void {
  describe(`PubSub contract: ${adapter}`, () => {
    /** Tests that need two processes' worth of one adapter: registered only where it has them. */
    const acrossProcesses = (name: string, fn: () => Promise<void>) => {
      if (crossProcess) it(name, fn);
    };
    const open: PubSubHandles[] = [];
    const make = async () => {
      const h = await create();
      open.push(h);
      return h;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((h) => h.close()));
    });

    it('routes scene events by scene id, in order, with the payload intact', async () => {
      const { a } = await make();
      const one = await subscribed(a, a, 'scene-1');
      const two = await subscribed(a, a, 'scene-2');
      const sent = Array.from({ length: 50 }, (_, i) => status('scene-1', i + 1));
      for (const e of sent) a.publish('scene:evented', 'scene-1', e);
      a.publish('scene:evented', 'scene-2', status('scene-2', 1));
      await waitFor(() => one.events().length === 50 && two.events().length === 1, 10_000);
      expect(one.events()).toEqual(sent);
      expect(two.events().map((e) => e.sceneId)).toEqual(['scene-2']);
      await one.stop();
      await two.stop();
    });

    it('reaches subscribers on every replica', async () => {
      const { a, b } = await make();
      const onA = await subscribed(a, b, 'scene-x');
      const onB = await subscribed(b, a, 'scene-x');
      for (let i = 1; i <= 10; i++) (i % 2 ? a : b).publish('scene:evented', 'scene-x', status('scene-x', i));
      await waitFor(() => onA.events().length === 10 && onB.events().length === 10, 10_000);
      expect(onA.events().map((e) => e.seq)).toEqual(onB.events().map((e) => e.seq));
      await onA.stop();
      await onB.stop();
    });

    it('carries topics without an id (the scene list)', async () => {
      const { a, b } = await make();
      const l = listen(b.subscribe('sceneList:changed'));
      await waitFor(
        () => {
          a.publish('sceneList:changed', { sceneId: 'probe', viewers: 0 });
          return l.items.length > 0;
        },
        10_000,
        50,
      );
      const change: SceneListChange = { sceneId: 's', status: 'ENDED', statusReason: 'done', viewers: 3, epoch: 2 };
      a.publish('sceneList:changed', change);
      await waitFor(() => l.items.some((c) => c.sceneId === 's'), 10_000);
      expect(l.items.find((c) => c.sceneId === 's')).toEqual(change);
      await l.stop();
    });

    it('stops delivering to a subscription that ended, and keeps the others', async () => {
      const { a } = await make();
      const leaving = await subscribed(a, a, 'scene-y');
      const staying = await subscribed(a, a, 'scene-y');
      await leaving.stop();
      a.publish('scene:evented', 'scene-y', status('scene-y', 1));
      await waitFor(() => staying.events().length === 1, 10_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(leaving.events()).toEqual([]);
      await staying.stop();
    });

    acrossProcesses('heals after its connections are killed, without a restart', async () => {
      const h = await make();
      const onB = await subscribed(h.b, h.a, 'scene-z');
      await h.interrupt!();
      // Messages sent during the reconnect may be lost (that is what seq + the database are
      // for); once reconnected, delivery resumes on the same subscription.
      let seq = 0;
      await waitFor(
        () => {
          h.a.publish('scene:evented', 'scene-z', status('scene-z', ++seq));
          return onB.events().length > 0;
        },
        15_000,
        100,
      );
      const before = onB.events().length;
      h.a.publish('scene:evented', 'scene-z', status('scene-z', 1_000));
      await waitFor(() => onB.events().length > before, 5_000);
      expect(onB.events().at(-1)!.seq).toBe(1_000);
      await onB.stop();
    });
  });
}
