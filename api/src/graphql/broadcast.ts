import { execute, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Container } from '../container.js';
import type { SceneEventRecord } from '../domain/events.js';
import { IDLE_RESYNC_MS, readReplay, REPLAY_PAGE } from '../services/eventLog.js';
import { viewerJoined, viewerLeft } from '../services/viewers.js';
import type { Context } from './builder.js';
import { maskUnexpected } from './errors.js';

/**
 * Broadcast fan-out for `sceneEvents`: stock graphql-ws executes the selection set and
 * serialises the result once per subscriber per event. Here subscribers that sent the same
 * document and variables with the same role form a group; each event is executed once per
 * group, serialised once, and the same bytes go to every subscriber (only the subscription
 * id in front differs). One pub/sub listener per scene per process feeds all groups.
 *
 * Ordering and resumption are kept per subscriber: a new subscriber replays `seq > afterSeq`
 * from the database (frames are cached per group, so a reconnect storm executes each event
 * once), buffers live events meanwhile, then goes live. A gap on the bus is read back from
 * the database once per scene.
 */

/** Where a subscriber's frames go; the ws binding implements it with backpressure. */
export interface FrameSink {
  /** Send one complete protocol frame. */
  send(frame: Buffer): void;
}

export interface JoinArgs {
  sceneId: string;
  afterSeq: number;
  /** The scene's latest seq when the subscription was accepted. */
  currentSeq: number;
  /** The graphql-ws subscription id (rewritten into each frame). */
  id: string;
  sink: FrameSink;
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  context: Context;
  /** Text of the document, for grouping. */
  query: string;
}

/** Counters the benchmark and metrics read. */
export interface BroadcastStats {
  executions: number;
  deliveries: number;
  groups: number;
  subscribers: number;
}

const FRAME_CACHE = 512;
const SUFFIX = Buffer.from('}');

interface Subscriber {
  prefix: Buffer;
  sink: FrameSink;
  lastSeq: number;
  live: boolean;
  pending: { seq: number; payload: Buffer }[];
  closed: boolean;
}

class Group {
  readonly subscribers = new Set<Subscriber>();
  private readonly frames = new Map<number, Buffer>();
  constructor(
    private readonly args: JoinArgs,
    private readonly stats: BroadcastStats,
  ) {}

  /** The serialised ExecutionResult for an event: executed once, then cached by seq. */
  async render(event: SceneEventRecord): Promise<Buffer> {
    const cached = this.frames.get(event.seq);
    if (cached) return cached;
    const { schema, document, operationName, variableValues, context } = this.args;
    this.stats.executions++;
    // graphql-js executes a subscription document's selection set against one event exactly as
    // its own subscribe() does per event (rootValue = the event); yoga's executor would start a
    // new subscription instead. Errors get the same masking as every other response.
    const result = await execute({ schema, document, operationName, variableValues, contextValue: context, rootValue: event });
    const payload = Buffer.from(
      JSON.stringify(result.errors ? { ...result, errors: result.errors.map((e) => toJson(maskUnexpected(e))) } : result),
    );
    this.frames.set(event.seq, payload);
    if (this.frames.size > FRAME_CACHE) this.frames.delete(this.frames.keys().next().value!);
    return payload;
  }
}

class SceneChannel {
  readonly groups = new Map<string, Group>();
  private lastSeq: number | null = null;
  private lastHeard = Date.now();
  private chain: Promise<void> = Promise.resolve();
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly container: Container,
    private readonly sceneId: string,
    private readonly stats: BroadcastStats,
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
    this.chain = this.chain.then(work).catch((err) => this.container.logger.error({ err }, 'broadcast failed'));
  }

  private async resync(): Promise<void> {
    if (this.lastSeq === null) return;
    const em = this.container.orm.em.fork();
    for (const missed of await readReplay(em, this.sceneId, this.lastSeq, REPLAY_PAGE)) await this.deliver(missed);
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
        if (!sub.live) sub.pending.push({ seq: event.seq, payload });
        else if (event.seq > sub.lastSeq) send(sub, event.seq, payload, this.stats);
      }
    }
  }
}

function toJson(error: Error): unknown {
  return error instanceof GraphQLError ? error.toJSON() : { message: error.message };
}

function send(sub: Subscriber, seq: number, payload: Buffer, stats: BroadcastStats): void {
  if (sub.closed) return;
  sub.lastSeq = seq;
  stats.deliveries++;
  sub.sink.send(Buffer.concat([sub.prefix, payload, SUFFIX], sub.prefix.length + payload.length + 1));
}

/** One hub per process, shared by every socket. */
export function createBroadcastHub(container: Container) {
  const stats: BroadcastStats = { executions: 0, deliveries: 0, groups: 0, subscribers: 0 };
  const channels = new Map<string, SceneChannel>();

  /**
   * Add a subscriber; resolves once it is registered. The returned `leave` removes it
   * (call it when graphql-ws completes the subscription or the socket closes).
   */
  async function join(args: JoinArgs): Promise<() => Promise<void>> {
    const { sceneId, context } = args;
    let channel = channels.get(sceneId);
    if (!channel) {
      channel = new SceneChannel(container, sceneId, stats);
      channels.set(sceneId, channel);
    }
    channel.listen(args.currentSeq);
    const { afterSeq: _a, ...rest } = args.variableValues ?? {};
    const key = `${context.role}\u0000${args.operationName ?? ''}\u0000${args.query}\u0000${JSON.stringify(rest)}`;
    let group = channel.groups.get(key);
    if (!group) {
      group = new Group(args, stats);
      channel.groups.set(key, group);
      stats.groups++;
    }
    const sub: Subscriber = {
      prefix: Buffer.from(`{"id":${JSON.stringify(args.id)},"type":"next","payload":`),
      sink: args.sink,
      lastSeq: args.afterSeq,
      live: false,
      pending: [],
      closed: false,
    };
    group.subscribers.add(sub);
    stats.subscribers++;
    await viewerJoined(container, sceneId);

    const catchUp = async () => {
      const em = container.orm.em.fork();
      for (;;) {
        const page = await readReplay(em, sceneId, sub.lastSeq, REPLAY_PAGE);
        for (const event of page) send(sub, event.seq, await group.render(event), stats);
        if (page.length < REPLAY_PAGE || sub.closed) break;
      }
      for (const { seq, payload } of sub.pending) if (seq > sub.lastSeq) send(sub, seq, payload, stats);
      sub.pending = [];
      sub.live = true;
    };
    catchUp().catch((err) => container.logger.error({ err, sceneId }, 'catch-up failed'));

    let left = false;
    return async () => {
      if (left) return;
      left = true;
      sub.closed = true;
      group.subscribers.delete(sub);
      stats.subscribers--;
      if (group.subscribers.size === 0) {
        channel.groups.delete(key);
        stats.groups--;
      }
      if (channel.groups.size === 0) {
        channel.close();
        channels.delete(sceneId);
      }
      await viewerLeft(container, sceneId);
    };
  }

  return { join, stats };
}

export type BroadcastHub = ReturnType<typeof createBroadcastHub>;
