import { execute, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Container } from '../../container.js';
import type { SceneEventRecord } from '../../domain/events.js';
import type { Context, Role } from '../../graphql/builder.js';
import { maskUnexpected } from '../../graphql/errors.js';
import { streamFailure, type StreamFailure } from '../../graphql/streamFailure.js';
import { IDLE_RESYNC_MS, readReplay, REPLAY_PAGE } from '../../services/eventLog.js';
import { viewerJoined, viewerLeft } from '../../services/viewers.js';
import { resultJson } from '../ws/frames.js';

/**
 * Broadcast fan-out for `sceneEvents`. Subscribers whose operations resolve alike (same role,
 * document and variable values apart from where they resume: `plan.ts`'s `groupKey`) form a
 * group; each event is executed once per group with graphql-js (rootValue = the event, exactly
 * what `subscribe()` does per event), serialised once, and the same bytes go to each member
 * behind its own `{"id":…,"type":"next","payload":` prefix. One pub/sub listener per scene.
 *
 * A new subscriber replays `seq > afterSeq` from the log (through the replay gate, waiting for
 * its socket to drain) until it has read as far as the scene's channel delivered, then goes
 * live in the same synchronous step; nothing is buffered for it meanwhile.
 */

/** Where a subscriber's frames go: the transport's connection implements it. */
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
  /** The protocol's subscription id (written in front of each frame). */
  id: string;
  sink: FrameSink;
  /** Subscribers with equal keys get the same bytes for every event. */
  groupKey: string;
  role: Role;
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  /** Set by the transport when the client completes or the socket closes: no frame goes out after it. */
  cancel: { readonly cancelled: boolean };
}

export interface Membership {
  /** Remove the subscriber and count the viewer out. Safe to call twice. */
  leave(): Promise<void>;
  /** Resolves when the hub ended the subscription (a failed catch-up; its error result is already sent). */
  ended: Promise<void>;
}

/** Rendered payloads kept per process, by bytes: a reconnect storm replays one stretch of log to many members of a group. */
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
  cancel: { readonly cancelled: boolean };
}

class Group {
  readonly subscribers = new Set<Subscriber>();
  /** The context every execution of this group sees: its role, never one socket's own. */
  private readonly context: Context;

  constructor(
    private readonly id: number,
    private readonly args: JoinArgs,
    container: Container,
    private readonly cache: LRUCache<string, Buffer>,
  ) {
    this.context = { container, role: args.role, badToken: false, clientId: null, ip: '' };
  }

  /** The payload for an event, executed once per version of it (a line hidden since it was posted is another version). */
  async render(event: SceneEventRecord): Promise<Buffer> {
    const hidden = event.type === 'MESSAGE_POSTED' && event.message.hidden;
    const key = `${this.id}:${event.seq}${hidden ? 'h' : ''}`;
    let payload = this.cache.get(key);
    if (!payload) this.cache.set(key, (payload = await this.execute(event)));
    return payload;
  }

  /** The error result a failed stream ends with (never cached). */
  async execute(rootValue: SceneEventRecord | StreamFailure): Promise<Buffer> {
    const { schema, document, operationName, variableValues } = this.args;
    const result = await execute({ schema, document, operationName, variableValues, contextValue: this.context, rootValue });
    // Masked like every other response (yoga masks the stock path's).
    return Buffer.from(
      resultJson(result.errors ? { ...result, errors: result.errors.map((e) => maskUnexpected(e) as GraphQLError) } : result),
    );
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
    // Redis Pub/Sub can drop a message during a reconnect; a channel that then hears nothing for a while asks the log.
    const idle = setInterval(() => {
      if (Date.now() - this.lastHeard >= IDLE_RESYNC_MS) this.enqueue(() => this.resync());
    }, IDLE_RESYNC_MS);
    idle.unref();
    this.stopListening = () => {
      stopped = true;
      clearInterval(idle);
      void iterator.return?.();
    };
    void (async () => {
      for (let next = await iterator.next(); !next.done && !stopped; next = await iterator.next()) {
        const event = next.value;
        this.lastHeard = Date.now();
        this.enqueue(() => this.onEvent(event));
      }
    })();
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((err) => this.container.logger.error({ err, sceneId: this.sceneId }, 'broadcast failed'));
  }

  // Reads on the live path bypass the replay gate: a reconnect storm must not hold up live viewers.
  private async resync(): Promise<void> {
    if (this.lastSeq === null) return;
    for (const missed of await readReplay(this.container.orm.em.fork(), this.sceneId, this.lastSeq, REPLAY_PAGE))
      await this.deliver(missed);
    this.lastHeard = Date.now();
  }

  private async onEvent(event: SceneEventRecord): Promise<void> {
    if (this.lastSeq === null) this.lastSeq = event.seq - 1;
    if (event.seq <= this.lastSeq) return;
    if (event.seq > this.lastSeq + 1) {
      const em = this.container.orm.em.fork();
      for (const missed of await readReplay(em, this.sceneId, this.lastSeq, event.seq - this.lastSeq - 1, event.seq - 1))
        await this.deliver(missed);
    }
    await this.deliver(event);
  }

  private async deliver(event: SceneEventRecord): Promise<void> {
    this.lastSeq = event.seq;
    for (const group of this.groups.values()) {
      if (group.subscribers.size === 0) continue;
      const payload = await group.render(event);
      for (const sub of group.subscribers) if (sub.live && event.seq > sub.lastSeq) send(sub, event.seq, payload);
    }
  }
}

function send(sub: Subscriber, seq: number, payload: Buffer): void {
  if (sub.closed || sub.cancel.cancelled) return;
  sub.lastSeq = seq;
  sub.sink.sendRaw(Buffer.concat([sub.prefix, payload, SUFFIX], sub.prefix.length + payload.length + 1));
}

/** One hub per process, shared by every socket. */
export function createFanoutHub(container: Container) {
  const channels = new Map<string, SceneChannel>();
  const cache = new LRUCache<string, Buffer>({ maxSize: FRAME_CACHE_BYTES, sizeCalculation: (frame) => Math.max(1, frame.length) });
  let groupIds = 0;

  /**
   * Replay `seq > sub.lastSeq` until the subscriber has read as far as the channel delivered;
   * then it is live (checked and switched in one synchronous step after the last read). Pages
   * are read and sent holding a replay-gate slot, in corked chunks, yielding to I/O between
   * chunks; a congested socket gives its slot back while it drains.
   */
  async function catchUp(sceneId: string, channel: SceneChannel, group: Group, sub: Subscriber): Promise<void> {
    while (!sub.live) {
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
          chunk.forEach((payload, i) => page[start + i]!.seq > sub.lastSeq && send(sub, page[start + i]!.seq, payload));
          sub.sink.uncork();
        }
        if (sub.closed) return;
        if (page.length < REPLAY_PAGE && sub.lastSeq >= (channel.lastSeq ?? -1)) sub.live = true;
      } finally {
        release();
      }
    }
  }

  /** Add a subscriber; resolves once it is registered and counted as a viewer (rejects, removed again, when it cannot be counted). */
  async function join(args: JoinArgs): Promise<Membership> {
    const { sceneId, groupKey } = args;
    let channel = channels.get(sceneId);
    const openedChannel = !channel;
    if (!channel) channels.set(sceneId, (channel = new SceneChannel(container, sceneId)));
    channel.listen(args.currentSeq);
    let group = channel.groups.get(groupKey);
    if (!group) channel.groups.set(groupKey, (group = new Group(++groupIds, args, container, cache)));
    const sub: Subscriber = {
      prefix: Buffer.from(`{"id":${JSON.stringify(args.id)},"type":"next","payload":`),
      sink: args.sink,
      lastSeq: args.afterSeq,
      live: false,
      closed: false,
      cancel: args.cancel,
    };
    group.subscribers.add(sub);
    // Nothing to read back (it starts at or past what an already-listening channel delivered): live
    // at once, with no read and no gate slot, so a connect storm of live viewers never queues. A
    // channel this join opened started listening after the scene was read, so its first subscriber reads.
    if (!openedChannel && channel.lastSeq !== null && sub.lastSeq >= channel.lastSeq) sub.live = true;

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
      container.logger[failure.failure instanceof GraphQLError ? 'info' : 'error'](
        { err, sceneId },
        'catch-up failed; ending the subscription',
      );
      try {
        const payload = await group.execute(failure);
        if (!sub.closed && !sub.cancel.cancelled) sub.sink.sendRaw(Buffer.concat([sub.prefix, payload, SUFFIX]));
      } catch (renderErr) {
        container.logger.error({ err: renderErr, sceneId }, 'could not render the failure');
      }
      await leave().catch((leaveErr: unknown) => container.logger.error({ err: leaveErr, sceneId }, 'leave failed'));
      end();
    };
    catchUp(sceneId, channel, group, sub).catch(fail);
    return { leave, ended };
  }

  /** The last seq this process delivered for a scene it follows (it exists), or null when no channel is open for it. */
  const deliveredSeq = (sceneId: string): number | null => channels.get(sceneId)?.lastSeq ?? null;

  return { join, deliveredSeq };
}

export type FanoutHub = ReturnType<typeof createFanoutHub>;
