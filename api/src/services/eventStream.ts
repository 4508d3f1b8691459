import type { EntityManager } from '@mikro-orm/core';
import { MessageEntity } from '../adapters/db/entities.js';
import type { Container } from '../container.js';
import type { SceneEventRecord } from '../domain/events.js';
import { readEvents } from './eventLog.js';
import { viewerJoined, viewerLeft } from './viewers.js';

/** Events read from the database per round trip while catching up. */
const CATCH_UP_PAGE = 500;
/**
 * A stream that has heard nothing for this long checks the database. Redis Pub/Sub drops
 * messages sent while a subscriber reconnects; a later event reveals the gap, but when the
 * dropped event was the last for a while (a conversation ending) only this check finds it.
 */
const IDLE_RESYNC_MS = 10_000;

/**
 * One viewer's event stream for a scene: counts the viewer in presence (waking an idle
 * scene), replays what came after `afterSeq` from the database, then follows the live
 * bus. The bus is never trusted alone: an event that skips ahead makes the stream read
 * the gap back from the database, and anything at or below the last seq sent is dropped,
 * so the viewer sees every seq exactly once and in order.
 */
export function sceneEventStream(container: Container, sceneId: string, afterSeq: number): AsyncGenerator<SceneEventRecord> {
  // An async generator parked at an `await` ignores return() until its next yield, so a viewer
  // who leaves while the scene is quiet would stay counted. `stopped` lets return() wake it.
  let stop!: () => void;
  const stopped = new Promise<typeof STOPPED>((resolve) => (stop = () => resolve(STOPPED)));
  const inner = follow(container, sceneId, afterSeq, stopped);
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
  stopped: Promise<typeof STOPPED>,
): AsyncGenerator<SceneEventRecord> {
  const { pubsub, orm } = container;
  // Start listening before reading the log so nothing published meanwhile is missed.
  const live = pubsub.subscribe('scene:evented', sceneId)[Symbol.asyncIterator]();
  let pending = live.next();
  let last = afterSeq;
  await viewerJoined(container, sceneId);
  try {
    const catchUp = async function* (until?: number) {
      for (;;) {
        const page = await markHidden(orm.em.fork(), await readEvents(orm.em.fork(), sceneId, last, CATCH_UP_PAGE, until));
        for (const event of page) {
          last = event.seq;
          yield event;
        }
        if (page.length < CATCH_UP_PAGE) return;
      }
    };
    yield* catchUp();
    for (;;) {
      const next = await Promise.race([nextOrIdle(pending, IDLE_RESYNC_MS), stopped]);
      if (next === STOPPED) return;
      if (next === 'idle') {
        yield* catchUp();
        continue;
      }
      if (next.done) return;
      pending = live.next();
      const event = next.value;
      if (event.seq <= last) continue;
      if (event.seq > last + 1) yield* catchUp(event.seq - 1);
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

/**
 * The log keeps each line as it was posted; a line hidden since then is marked hidden on
 * replay, so its words never reach a viewer who resumes later (the GraphQL layer redacts).
 */
export async function markHidden(em: EntityManager, page: SceneEventRecord[]): Promise<SceneEventRecord[]> {
  const ids = page.flatMap((e) => (e.type === 'MESSAGE_POSTED' ? [e.message.id] : []));
  if (ids.length === 0) return page;
  const hidden = await em.find(MessageEntity, { id: { $in: ids }, hidden: true }, { fields: ['id', 'hiddenReason'] });
  if (hidden.length === 0) return page;
  const reasons = new Map(hidden.map((m) => [m.id, m.hiddenReason ?? null]));
  return page.map((e) =>
    e.type === 'MESSAGE_POSTED' && reasons.has(e.message.id)
      ? { ...e, message: { ...e.message, hidden: true, hiddenReason: reasons.get(e.message.id) ?? null } }
      : e,
  );
}
