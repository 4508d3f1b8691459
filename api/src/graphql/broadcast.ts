import { execute, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Container } from '../container.js';
import type { SceneEventRecord } from '../domain/events.js';
import { IDLE_RESYNC_MS, readReplay, REPLAY_PAGE } from '../services/eventLog.js';
import { viewerJoined, viewerLeft } from '../services/viewers.js';
import type { Context, Role } from './builder.js';
import { maskUnexpected } from './errors.js';
import { streamFailure, type StreamFailure } from './streamFailure.js';

/**
 * Broadcast fan-out for `sceneEvents`: stock graphql-ws executes the selection set and
 * serialises the result once per subscriber per event. Here subscribers whose operations
 * resolve alike (same role, same document, same variable values apart from where they
 * resume) form a group; each event is executed once per group, serialised once, and the
 * same bytes go to every subscriber (only the subscription id in front differs). One
 * pub/sub listener per scene per process feeds all groups.
 *
 * Ordering and resumption are kept per subscriber: a new subscriber replays `seq > afterSeq`
 * from the database page by page (through the process's replay gate, waiting for its socket
 * to drain between frames) until it has caught up with what the scene's channel has
 * delivered, then goes live. Nothing is buffered for it meanwhile: whatever the channel
 * sends before it is live, it reads back from the log. A gap on the bus is read back once
 * per scene.
 */

/** Where a subscriber's frames go; the ws binding implements it. */
export interface FrameSink {
  /** Send one complete protocol frame (subject to the socket's send-buffer cap). */
  sendRaw(frame: Buffer): void;
  /** True while the socket holds more unsent bytes than a replay should add to. */
  congested(): boolean;
  /** Resolves once the socket has room again, or has closed. */
  writable(): Promise<void>;
  /** Hold writes until `uncork` so a run of frames leaves in one write. */
  cork(): void;
  uncork(): void;
}

export interface JoinArgs {
  sceneId: string;
  afterSeq: number;
  /** The scene's latest seq when the subscription was accepted. */
  currentSeq: number;
  /** The graphql-ws subscription id (written in front of each frame). */
  id: string;
  sink: FrameSink;
  /** Subscribers with equal keys get the same bytes for every event (see `groupKey`). */
  groupKey: string;
  role: Role;
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  /**
   * Given by a caller that may cancel while the viewer is being counted (the lean path's own
   * subscription): the subscriber then goes live at once when there is nothing to read back,
   * and gets no frame once `cancelled` is set, even before it has left.
   */
  cancel?: { readonly cancelled: boolean };
}

/** What `join` hands back: how to leave, and a promise that settles if the hub ends the subscription itself. */
export interface Membership {
  /** Remove the subscriber (graphql-ws `complete` or socket close). Safe to call twice. */
  leave(): Promise<void>;
  /** Resolves when the hub ended the subscription (its catch-up failed; the error frame is already sent). */
  ended: Promise<void>;
}

/**
 * Rendered frames kept per process, by bytes. A reconnect storm replays the same stretch of
 * log to many subscribers of a group: each event is executed once, then served from here.
 */
const FRAME_CACHE_BYTES = 32 * 1024 * 1024;
const SUFFIX = Buffer.from('}');
/** Replay frames written per corked write; between chunks a replay yields to I/O. */
const REPLAY_CHUNK = 25;

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Subscriber {
  prefix: Buffer;
  sink: FrameSink;
  lastSeq: number;
  live: boolean;
  closed: boolean;
  cancel: { readonly cancelled: boolean } | null;
}

/** A byte-bounded LRU of rendered payloads, keyed by group and event version. */
class FrameCache {
  private readonly frames = new Map<string, Buffer>();
  private bytes = 0;

  get(key: string): Buffer | undefined {
    const frame = this.frames.get(key);
    if (frame) {
      // Most recently used last: Map keeps insertion order.
      this.frames.delete(key);
      this.frames.set(key, frame);
    }
    return frame;
  }

  set(key: string, frame: Buffer): void {
    this.frames.set(key, frame);
    this.bytes += frame.length;
    for (const [oldest, old] of this.frames) {
      if (this.bytes <= FRAME_CACHE_BYTES) break;
      this.frames.delete(oldest);
      this.bytes -= old.length;
    }
  }
}

class Group {
  readonly subscribers = new Set<Subscriber>();
  /** The context every execution of this group sees: its role, never one socket's own. */
  private readonly context: Context;

  constructor(
    private readonly id: number,
    private readonly args: JoinArgs,
    container: Container,
    private readonly cache: FrameCache,
  ) {
    this.context = { container, role: args.role, badToken: false, clientId: null, ip: '' };
  }

  /**
   * The serialised ExecutionResult for an event, executed once per version of it. A line
   * hidden since it was posted is another version (the replay marks it hidden), so a
   * subscriber who resumes after the hide never gets the frame rendered before it.
   */
  async render(event: SceneEventRecord): Promise<Buffer> {
    const hidden = event.type === 'MESSAGE_POSTED' && event.message.hidden;
    const key = `${this.id}:${event.seq}${hidden ? 'h' : ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const payload = await this.execute(event);
    this.cache.set(key, payload);
    return payload;
  }

  /** The error result a failed stream ends with (never cached). */
  renderFailure(failure: StreamFailure): Promise<Buffer> {
    return this.execute(failure);
  }

  private async execute(rootValue: SceneEventRecord | StreamFailure): Promise<Buffer> {
    const { schema, document, operationName, variableValues } = this.args;
    // graphql-js executes a subscription document's selection set against one event exactly as
    // its own subscribe() does per event (rootValue = the event); yoga's executor would start a
    // new subscription instead. Errors get the same masking as every other response.
    const result = await execute({ schema, document, operationName, variableValues, contextValue: this.context, rootValue });
    return Buffer.from(JSON.stringify(result.errors ? { ...result, errors: result.errors.map((e) => toJson(maskUnexpected(e))) } : result));
  }
}

class SceneChannel {
  readonly groups = new Map<string, Group>();
  /** The last seq delivered to live subscribers; a catching-up subscriber goes live once it has read this far. */
  lastSeq: number | null = null;
  private lastHeard = Date.now();
  private chain: Promise<void> = Promise.resolve();
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly container: Container,
    private readonly sceneId: string,
  ) {}

  /** Start following the bus (once); `currentSeq` is the scene's seq when the first subscriber came. */
  listen(currentSeq: number): void {
    if (this.stopListening) return;
    this.lastSeq ??= currentSeq;
    const iterator = this.container.pubsub.subscribe('scene:evented', this.sceneId)[Symbol.asyncIterator]();
    let stopped = false;
    // Redis Pub/Sub can drop a message during a reconnect; when the scene then goes quiet no
    // later event reveals the gap, so a channel that heard nothing for a while asks the database.
    const idle = setInterval(() => {
      if (Date.now() - this.lastHeard >= IDLE_RESYNC_MS) this.enqueue(() => this.resync());
    }, IDLE_RESYNC_MS);
    idle.unref();
    this.stopListening = () => {
      stopped = true;
      clearInterval(idle);
      void iterator.return?.();
    };
    const pump = async () => {
      for (let next = await iterator.next(); !next.done && !stopped; next = await iterator.next()) {
        const event = next.value;
        this.lastHeard = Date.now();
        this.enqueue(() => this.onEvent(event));
      }
    };
    void pump();
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((err) => this.container.logger.error({ err, sceneId: this.sceneId }, 'broadcast failed'));
  }

  // Reads on the live path bypass the replay gate: a reconnect storm must not hold up live viewers.
  private async resync(): Promise<void> {
    if (this.lastSeq === null) return;
    for (const missed of await readReplay(this.container.orm.em.fork(), this.sceneId, this.lastSeq, REPLAY_PAGE)) {
      await this.deliver(missed);
    }
    this.lastHeard = Date.now();
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  private async onEvent(event: SceneEventRecord): Promise<void> {
    if (this.lastSeq === null) this.lastSeq = event.seq - 1;
    if (event.seq <= this.lastSeq) return;
    if (event.seq > this.lastSeq + 1) {
      const em = this.container.orm.em.fork();
      const gap = await readReplay(em, this.sceneId, this.lastSeq, event.seq - this.lastSeq - 1, event.seq - 1);
      for (const missed of gap) await this.deliver(missed);
    }
    await this.deliver(event);
  }

  private async deliver(event: SceneEventRecord): Promise<void> {
    this.lastSeq = event.seq;
    for (const group of this.groups.values()) {
      if (group.subscribers.size === 0) continue;
      const payload = await group.render(event);
      for (const sub of group.subscribers) {
        if (sub.live && event.seq > sub.lastSeq) send(sub, event.seq, payload);
      }
    }
  }
}

function toJson(error: Error): unknown {
  return error instanceof GraphQLError ? error.toJSON() : { message: error.message };
}

function send(sub: Subscriber, seq: number, payload: Buffer): void {
  if (sub.closed || sub.cancel?.cancelled) return;
  sub.lastSeq = seq;
  sub.sink.sendRaw(Buffer.concat([sub.prefix, payload, SUFFIX], sub.prefix.length + payload.length + 1));
}

/** One hub per process, shared by every socket. */
export function createBroadcastHub(container: Container) {
  const channels = new Map<string, SceneChannel>();
  const cache = new FrameCache();
  let groupIds = 0;

  /**
   * Replay `seq > sub.lastSeq` from the log until the subscriber has read as far as the
   * channel has delivered; then it is live. The check and the switch happen in one
   * synchronous step after the last read, so no event falls between the replay and the live
   * stream.
   *
   * A page is read and sent while holding a slot of the replay gate, so a storm of replays
   * takes turns instead of all writing at once; frames go out in corked chunks (one write
   * per chunk), and between chunks the loop yields to I/O so live events are not held up
   * behind a replay. A socket with too much unsent data gives its slot back while it drains.
   */
  async function catchUp(sceneId: string, channel: SceneChannel, group: Group, sub: Subscriber, openedChannel: boolean): Promise<void> {
    // Nothing to read back: the subscriber starts at or past what a channel that was already
    // listening has delivered (a live subscription, or one resuming from the latest seq).
    // Live in this synchronous step, like the check below after a read, with no database
    // read and no gate slot: a connect storm of 10,000 live viewers would otherwise queue
    // 10,000 empty reads behind the gate and overflow it. Events above its seq not delivered
    // yet reach it live, and a gap on the bus is read back by the channel. A channel this
    // join opened started listening after the scene was read, so that one first subscriber
    // reads the log as before (an event committed in between is then not left to a gap read).
    if (sub.live) return;
    if (!openedChannel && channel.lastSeq !== null && sub.lastSeq >= channel.lastSeq) {
      sub.live = true;
      return;
    }
    for (;;) {
      let release = await container.replayGate.acquire();
      try {
        const page = await readReplay(container.orm.em.fork(), sceneId, sub.lastSeq, REPLAY_PAGE);
        for (let start = 0; start < page.length; start += REPLAY_CHUNK) {
          if (sub.closed) return;
          if (sub.sink.congested()) {
            release();
            await sub.sink.writable();
            release = await container.replayGate.acquire();
          } else if (start > 0) await yieldToIo();
          const chunk = await Promise.all(page.slice(start, start + REPLAY_CHUNK).map((event) => group.render(event)));
          if (sub.closed) return;
          sub.sink.cork();
          chunk.forEach((payload, i) => {
            const { seq } = page[start + i]!;
            if (seq > sub.lastSeq) send(sub, seq, payload);
          });
          sub.sink.uncork();
        }
        if (sub.closed) return;
        if (page.length < REPLAY_PAGE && sub.lastSeq >= (channel.lastSeq ?? -1)) {
          sub.live = true;
          return;
        }
      } finally {
        release();
      }
    }
  }

  /**
   * Add a subscriber; resolves once it is registered and counted as a viewer. Rejects (with
   * the subscriber removed again) when it cannot be counted.
   */
  async function join(args: JoinArgs): Promise<Membership> {
    const { sceneId, groupKey } = args;
    let channel = channels.get(sceneId);
    const openedChannel = !channel;
    if (!channel) {
      channel = new SceneChannel(container, sceneId);
      channels.set(sceneId, channel);
    }
    channel.listen(args.currentSeq);
    let group = channel.groups.get(groupKey);
    if (!group) {
      group = new Group(++groupIds, args, container, cache);
      channel.groups.set(groupKey, group);
    }
    const sub: Subscriber = {
      prefix: Buffer.from(`{"id":${JSON.stringify(args.id)},"type":"next","payload":`),
      sink: args.sink,
      lastSeq: args.afterSeq,
      live: false,
      closed: false,
      cancel: args.cancel ?? null,
    };
    group.subscribers.add(sub);
    // Nothing to read back (see catchUp): live at once, so an event that arrives while the viewer
    // is counted reaches it instead of sending it to a replay read through the gate. Only for a
    // caller whose cancel the hub can see: one completed while counted must get no frame (the
    // fan-out differential test caught that when every subscriber went live here).
    if (sub.cancel && !openedChannel && channel.lastSeq !== null && sub.lastSeq >= channel.lastSeq) sub.live = true;

    const remove = () => {
      sub.closed = true;
      group.subscribers.delete(sub);
      if (group.subscribers.size === 0) channel.groups.delete(groupKey);
      if (channel.groups.size === 0) {
        channel.close();
        channels.delete(sceneId);
      }
    };
    try {
      await viewerJoined(container, sceneId);
    } catch (err) {
      remove();
      throw err;
    }

    let left = false;
    const leave = async () => {
      if (left) return;
      left = true;
      remove();
      await viewerLeft(container, sceneId);
    };
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const fail = async (err: unknown) => {
      if (sub.closed) return;
      const failure = streamFailure(err);
      const level = failure.failure instanceof GraphQLError ? 'info' : 'error';
      container.logger[level]({ err, sceneId }, 'catch-up failed; ending the subscription');
      try {
        const payload = await group.renderFailure(failure);
        if (!sub.closed) sub.sink.sendRaw(Buffer.concat([sub.prefix, payload, SUFFIX]));
      } catch (renderErr) {
        container.logger.error({ err: renderErr, sceneId }, 'could not render the failure');
      }
      // Leaving must not throw here: nobody awaits this promise.
      await leave().catch((leaveErr: unknown) => container.logger.error({ err: leaveErr, sceneId }, 'leave failed'));
      end();
    };
    catchUp(sceneId, channel, group, sub, openedChannel).catch(fail);
    return { leave, ended };
  }

  /**
   * The last seq this process delivered for a scene it follows, or null when no channel is
   * open for it. A scene with an open channel exists, so a subscriber that starts at or
   * before this seq needs no read of the scene to join.
   */
  function deliveredSeq(sceneId: string): number | null {
    return channels.get(sceneId)?.lastSeq ?? null;
  }

  return { join, deliveredSeq };
}

export type BroadcastHub = ReturnType<typeof createBroadcastHub>;
