import type { Container } from '../container.js';
import type { SceneEventRecord } from '../domain/events.js';
import { airedBy, IDLE_RESYNC_MS, LIVE, readReplay, readReplayPage, REPLAY_PAGE } from './eventLog.js';
import { viewerJoined, viewerLeft } from './viewers.js';

/**
 * One viewer's event stream for a scene: counts the viewer in presence (waking an idle
 * scene), replays what came after `afterSeq` from the database, then follows the live
 * bus. The bus is never trusted alone: an event that skips ahead makes the stream read
 * the gap back from the database, and anything at or below the last seq sent is dropped,
 * so the viewer sees every seq exactly once and in order.
 *
 * `live` (moderators) follows events as they commit; otherwise the stream is what viewers get:
 * the aired topic and, from the log, only what has aired (the scene's broadcast delay).
 */
export function sceneEventStream(
  container: Container,
  sceneId: string,
  afterSeq: number,
  /** The scene's last seq (aired seq for viewers) when the subscription was accepted (when known). */
  latestSeq?: number,
  live = false,
): AsyncGenerator<SceneEventRecord> {
  // An async generator parked at an `await` ignores return() until its next yield, so a viewer
  // who leaves while the scene is quiet would stay counted. `stopped` lets return() wake it.
  let stop!: () => void;
  const stopped = new Promise<typeof STOPPED>((resolve) => (stop = () => resolve(STOPPED)));
  const inner = follow(container, sceneId, afterSeq, latestSeq, stopped, live);
  const outer: AsyncGenerator<SceneEventRecord> = {
    next: () => inner.next(),
    return: (value) => {
      stop();
      return inner.return(value);
    },
    throw: (err) => {
      stop();
      return inner.throw(err);
    },
    [Symbol.asyncIterator]: () => outer,
  };
  return outer;
}

const STOPPED = Symbol('stopped');

async function* follow(
  container: Container,
  sceneId: string,
  afterSeq: number,
  latestSeq: number | undefined,
  stopped: Promise<typeof STOPPED>,
  liveFeed: boolean,
): AsyncGenerator<SceneEventRecord> {
  const { pubsub, orm, clock } = container;
  const feed = () => (liveFeed ? LIVE : airedBy(clock.now()));
  // Start listening before reading the log so nothing published meanwhile is missed.
  const live = pubsub.subscribe(liveFeed ? 'scene:committed' : 'scene:evented', sceneId)[Symbol.asyncIterator]();
  let pending = live.next();
  let last = afterSeq;
  try {
    await viewerJoined(container, sceneId);
  } catch (err) {
    void live.return?.();
    throw err;
  }
  try {
    // The viewer's own replay goes through the replay gate; reading what the bus missed is
    // the live path and must not queue behind a reconnect storm.
    const catchUp = async function* (gated: boolean, until?: number) {
      for (;;) {
        const page = gated
          ? await readReplayPage(container, sceneId, last, REPLAY_PAGE, feed())
          : await readReplay(orm.em.fork(), sceneId, last, REPLAY_PAGE, until, feed());
        for (const event of page) {
          last = event.seq;
          yield event;
        }
        if (page.length < REPLAY_PAGE) return;
      }
    };
    // A viewer with nothing to replay (following live, or resuming from the latest seq) only
    // reads what was committed since the scene was read: that read is the live path's kind,
    // outside the gate, so a connect storm of live viewers cannot overflow the gate's queue.
    yield* catchUp(latestSeq === undefined || afterSeq < latestSeq);
    for (;;) {
      const next = await Promise.race([nextOrIdle(pending, IDLE_RESYNC_MS), stopped]);
      if (next === STOPPED) return;
      if (next === 'idle') {
        yield* catchUp(false);
        continue;
      }
      if (next.done) return;
      pending = live.next();
      const event = next.value;
      if (event.seq <= last) continue;
      if (event.seq > last + 1) yield* catchUp(false, event.seq - 1);
      last = event.seq;
      yield event;
    }
  } finally {
    // Not awaited: a Repeater with a next() still pending settles its return() only later.
    void live.return?.();
    await viewerLeft(container, sceneId);
  }
}

/** The next live event, or 'idle' when none came within `ms` (the pending read stays pending). */
async function nextOrIdle<T>(pending: Promise<T>, ms: number): Promise<T | 'idle'> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    timer = setTimeout(() => resolve('idle'), ms);
  });
  try {
    return await Promise.race([pending, idle]);
  } finally {
    clearTimeout(timer);
  }
}
