import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { Orm } from '../adapters/db/orm.js';
import type { SceneEventRecord } from '../domain/events.js';
import type { Clock } from '../ports/clock.js';
import { markHidden } from './eventLog.js';

/** Event types as graphql-yoga's pub/sub names them: `<topic>:<id>`. */
const AIRED = 'scene:evented:';
const COMMITTED = 'scene:committed:';

export interface AiringDeps {
  orm: Orm;
  clock: Clock;
  logger: Logger;
}

/**
 * The broadcast delay, as the event target under the typed pub/sub. Every topic passes through
 * to `base` (memory or Redis) except `scene:evented`, the aired topic viewers follow, which never
 * leaves the process: the first listener of a scene's aired topic starts that scene's delay line,
 * which listens to `scene:committed` on `base` and dispatches each event to the local listeners
 * once its `airsAt` has come; the last listener leaving stops it. So a delayed scene costs one
 * line per process (a queue of the events committed within the delay), never one per viewer,
 * and the fan-out on top (broadcast hub or stock graphql-ws) is unchanged.
 *
 * Every process airs an event at the time stored with it (`airsAt`, fixed at commit), so API
 * replicas air alike. An event without `airsAt` (no delay) goes straight through when nothing is
 * waiting: delay 0 is today's path. Before a delayed line airs, the database is asked whether it
 * was hidden meanwhile (the hide may have been lost on the bus): then it airs marked hidden, the
 * GraphQL layer redacts it for viewers, and the MESSAGE_HIDDEN event follows in its place in the
 * log, so a stream resumed with `afterSeq` sees each seq once, in order.
 */
export function airingEventTarget(base: EventTarget, deps: AiringDeps): EventTarget {
  const local = new EventTarget();
  // One listener per aired subscription (the stock path) is normal.
  setMaxListeners(0, local);
  const lines = new Map<string, DelayLine>();
  return {
    addEventListener(type, listener, options) {
      if (!type.startsWith(AIRED)) return base.addEventListener(type, listener, options);
      local.addEventListener(type, listener, options);
      if (!listener) return;
      const sceneId = type.slice(AIRED.length);
      let line = lines.get(sceneId);
      if (!line) {
        line = new DelayLine(sceneId, base, local, deps);
        lines.set(sceneId, line);
      }
      line.listeners.add(listener);
    },
    removeEventListener(type, listener, options) {
      if (!type.startsWith(AIRED)) return base.removeEventListener(type, listener, options);
      local.removeEventListener(type, listener, options);
      const sceneId = type.slice(AIRED.length);
      const line = lines.get(sceneId);
      if (!line || !listener) return;
      line.listeners.delete(listener);
      if (line.listeners.size === 0) {
        line.stop();
        lines.delete(sceneId);
      }
    },
    dispatchEvent(event) {
      return event.type.startsWith(AIRED) ? local.dispatchEvent(event) : base.dispatchEvent(event);
    },
  };
}

/** One scene's delay line in this process: committed events in, aired events out, in order. */
class DelayLine {
  readonly listeners = new Set<EventListenerOrEventListenerObject>();
  private queue: SceneEventRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Releases in flight (each awaits its hidden check); later events wait behind them. */
  private inFlight = 0;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly onCommitted = (event: Event) => this.heard((event as CustomEvent<SceneEventRecord>).detail);

  constructor(
    private readonly sceneId: string,
    private readonly base: EventTarget,
    private readonly local: EventTarget,
    private readonly deps: AiringDeps,
  ) {
    base.addEventListener(COMMITTED + sceneId, this.onCommitted);
  }

  stop(): void {
    this.stopped = true;
    this.base.removeEventListener(COMMITTED + this.sceneId, this.onCommitted);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }

  private heard(event: SceneEventRecord): void {
    if (this.stopped) return;
    // No delay and nothing waiting: straight through, as without a delay line.
    if (event.airsAt === undefined && this.queue.length === 0 && this.inFlight === 0) {
      this.air(event);
      return;
    }
    if (event.type === 'MESSAGE_HIDDEN') this.markQueuedHidden(event.messageId, event.reason);
    this.queue.push(event);
    this.release();
  }

  /** A hide heard while its line still waits: the line airs hidden (the database is asked again at release). */
  private markQueuedHidden(messageId: number, reason: string): void {
    this.queue = this.queue.map((e) =>
      e.type === 'MESSAGE_POSTED' && e.message.id === messageId
        ? { ...e, message: { ...e.message, hidden: true, hiddenReason: reason } }
        : e,
    );
  }

  /** Take every event up to the last one due out of the queue and air them in order; wait for the rest. */
  private release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = this.deps.clock.now();
    let due = -1;
    this.queue.forEach((e, i) => {
      if ((e.airsAt ?? 0) <= now) due = i;
    });
    if (due >= 0) {
      const batch = this.queue.splice(0, due + 1);
      this.inFlight++;
      this.chain = this.chain
        .then(() => this.checked(batch))
        .then(
          (aired) => {
            if (!this.stopped) for (const e of aired) this.air(e);
          },
          // Not aired on the bus: each follower reads the seqs it missed from the log when the
          // next event (or its idle check) shows the gap, and that read marks hidden lines itself.
          (err: unknown) =>
            this.deps.logger.warn({ err, sceneId: this.sceneId }, 'broadcast delay: hidden check failed; followers read the log'),
        )
        .finally(() => {
          this.inFlight--;
        });
    }
    const next = this.queue.reduce((min, e) => Math.min(min, e.airsAt ?? 0), Infinity);
    if (next !== Infinity) {
      this.timer = setTimeout(() => this.release(), Math.max(0, next - now));
      this.timer.unref();
    }
  }

  /** The batch with lines hidden since they were committed marked hidden (one read, only when a delayed line is in it). */
  private async checked(batch: SceneEventRecord[]): Promise<SceneEventRecord[]> {
    if (!batch.some((e) => e.type === 'MESSAGE_POSTED' && e.airsAt !== undefined && !e.message.hidden)) return batch;
    return markHidden(this.deps.orm.em.fork(), batch);
  }

  private air(event: SceneEventRecord): void {
    this.local.dispatchEvent(new CustomEvent(AIRED + this.sceneId, { detail: event }));
  }
}
