import { GraphQLError, type ExecutionResult } from 'graphql';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, parseMessage, type SubscribePayload } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { WebSocket, type WebSocketServer } from 'ws';
import type { FrameSink } from '../fanout/hub.js';
import { completeFrame, errorFrame, nextFrame } from './frames.js';

/**
 * The graphql-transport-ws protocol, server side, over `ws`: one `Connection` per socket owns
 * its operations from `subscribe` until they complete either way. The protocol's rules: a
 * socket without the subprotocol is closed 4406; no `connection_init` within the timeout,
 * 4408; a second one, 4429; a `subscribe` before the ack, 4401; a `subscribe` under an id in
 * use, 4409; anything that does not parse as a message this side may receive, 4400; a failed
 * `connection_init` check, 4500. Messages are validated by graphql-ws's own `parseMessage`.
 *
 * Beyond the protocol: a per-socket send-buffer cap (a peer that stops reading is closed with
 * 1013 past the cap; it reconnects and resumes with `afterSeq`), raw frame writes and
 * back-pressure for the broadcast fan-out, and server pings (one timer for all sockets).
 */

/** What the server does with a socket's messages; the transport answers the protocol itself. */
export interface WsHandlers {
  /** `connection_init` arrived (`connectionParams` set); false refuses the socket (4403). */
  connect(connection: Connection): Promise<boolean>;
  /**
   * Run one operation. Its frames go out through `connection.next / error / complete`, which
   * write nothing once it has ended; `operation.cancelled` and `onCancel` tell it the client
   * completed it or the socket closed.
   */
  subscribe(connection: Connection, operation: Operation, payload: SubscribePayload): Promise<void>;
}

export interface TransportOptions {
  pingIntervalMs: number;
  initTimeoutMs: number;
  /** Unsent bytes a socket may hold before it is closed as a slow consumer. */
  sendBufferMaxBytes: number;
  logger: Logger;
}

/** Close code for a reader that fell too far behind: retryable ("try again later"). */
export const SLOW_CONSUMER = 1013;
/** Server pings go out in this many slices per ping interval. */
const PING_SLICES = 10;

/** One operation of a socket, from `subscribe` until it ends. */
export class Operation {
  cancelled = false;
  /** Set by whoever runs it: how to stop it when the client completes it or the socket closes. */
  onCancel: (() => void) | null = null;
  constructor(readonly id: string) {}

  cancel(): void {
    this.cancelled = true;
    this.onCancel?.();
  }
}

interface Shared extends TransportOptions {
  lowWater: number;
  slowClosed: number;
  operations: number;
  handlers: WsHandlers;
}

/**
 * One open socket. A class, so its methods live once on the prototype instead of as closures
 * per connection: with tens of thousands of idle viewers, per-socket bytes are the whole cost.
 */
export class Connection implements FrameSink {
  connectionParams: Record<string, unknown> | null = null;
  /** Answered the last ping (or has not been pinged yet). */
  alive = true;
  private initReceived = false;
  private acknowledged = false;
  private tooSlow = false;
  private ops: Map<string, Operation> | null = null;
  private waiters: (() => void)[] | null = null;
  private initTimer: NodeJS.Timeout | null;

  constructor(
    readonly socket: WebSocket,
    readonly request: IncomingMessage,
    private readonly shared: Shared,
  ) {
    this.initTimer = setTimeout(
      () => this.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout'),
      shared.initTimeoutMs,
    );
  }

  /** Operations open on this socket (the one being subscribed included). */
  get operationCount(): number {
    return this.ops?.size ?? 0;
  }

  receive(text: string): void {
    let message;
    try {
      message = parseMessage(text);
    } catch {
      return this.close(CloseCode.BadRequest, 'Invalid message received');
    }
    switch (message.type) {
      case MessageType.ConnectionInit:
        if (this.initReceived) return this.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
        this.initReceived = true;
        clearTimeout(this.initTimer!);
        this.initTimer = null;
        this.connectionParams = message.payload ?? null;
        return void this.shared.handlers.connect(this).then(
          (permitted) => {
            if (!permitted) return this.close(CloseCode.Forbidden, 'Forbidden');
            this.acknowledged = true;
            this.sendRaw('{"type":"connection_ack"}');
          },
          (err: unknown) => {
            this.shared.logger.error({ err }, 'connection_init failed');
            this.close(CloseCode.InternalServerError, 'Internal server error');
          },
        );
      case MessageType.Ping:
        return this.sendRaw(
          JSON.stringify(message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong }),
        );
      case MessageType.Pong:
        return;
      case MessageType.Subscribe: {
        if (!this.acknowledged) return this.close(CloseCode.Unauthorized, 'Unauthorized');
        const { id } = message;
        const ops = (this.ops ??= new Map());
        if (ops.has(id)) return this.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
        const operation = new Operation(id);
        ops.set(id, operation);
        this.shared.operations++;
        return void this.shared.handlers.subscribe(this, operation, message.payload).catch((err: unknown) => {
          this.shared.logger.error({ err }, 'graphql-ws operation failed');
          this.error(operation, [internalError()]);
        });
      }
      case MessageType.Complete: {
        const operation = this.ops?.get(message.id);
        if (operation) this.end(operation).cancel();
        return;
      }
      default:
        return this.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  }

  /** Whether the operation is still this socket's (not completed, not replaced, socket open). */
  owns(operation: Operation): boolean {
    return this.ops?.get(operation.id) === operation;
  }

  next(operation: Operation, result: ExecutionResult): void {
    if (this.owns(operation)) this.sendRaw(nextFrame(operation.id, result));
  }

  /** An `error` message ends the operation. */
  error(operation: Operation, errors: readonly GraphQLError[]): void {
    if (!this.owns(operation)) return;
    this.end(operation);
    this.sendRaw(errorFrame(operation.id, errors));
  }

  complete(operation: Operation): void {
    if (!this.owns(operation)) return;
    this.end(operation);
    this.sendRaw(completeFrame(operation.id));
  }

  private end(operation: Operation): Operation {
    this.ops!.delete(operation.id);
    this.shared.operations--;
    return operation;
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** The socket closed: every operation is cancelled, waiting replays go on. */
  closed(): void {
    if (this.initTimer) clearTimeout(this.initTimer);
    const ops = this.ops;
    this.ops = null;
    for (const operation of ops?.values() ?? []) {
      this.shared.operations--;
      operation.cancel();
    }
    this.wake();
  }

  sendRaw(frame: Buffer | string): void {
    const { socket, shared } = this;
    if (this.tooSlow || socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > shared.sendBufferMaxBytes) {
      this.tooSlow = true;
      shared.slowClosed++;
      shared.logger.info({ buffered: socket.bufferedAmount }, 'closing a slow consumer');
      socket.close(SLOW_CONSUMER, 'Slow consumer: too much unsent data; reconnect and resume with afterSeq');
      // The peer is not reading, so the close handshake may never finish: drop it soon.
      setTimeout(() => socket.terminate(), 1000).unref();
      return;
    }
    // Text frames: the protocol is JSON text, and browsers would hand binary frames over as Blobs.
    socket.send(frame, { binary: false });
  }

  congested(): boolean {
    return this.socket.readyState === WebSocket.OPEN && this.socket.bufferedAmount > this.shared.lowWater;
  }

  /** Back-pressure for replays: wait for the TCP socket's 'drain'; one listener per waiting socket. */
  async writable(): Promise<void> {
    while (this.congested()) {
      await new Promise<void>((resolve) => {
        if (this.waiters) return void this.waiters.push(resolve);
        this.waiters = [resolve];
        this.request.socket.once('drain', () => this.wake());
      });
    }
  }

  private wake(): void {
    const woken = this.waiters;
    this.waiters = null;
    for (const resolve of woken ?? []) resolve();
  }

  cork(): void {
    this.request.socket.cork();
  }

  uncork(): void {
    this.request.socket.uncork();
  }
}

const internalError = () => new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });

/**
 * Replays wait (rather than write) while a socket holds more than this: a quarter of the cap,
 * at least 16 KiB (Node's socket high-water mark, so 'drain' is sure to follow), at most 256 KiB.
 */
export function replayLowWater(sendBufferMaxBytes: number): number {
  return Math.max(16_384, Math.min(262_144, Math.floor(sendBufferMaxBytes / 4)));
}

/** Serve graphql-transport-ws on every socket `wss` accepts. */
export function serveTransport(wss: WebSocketServer, handlers: WsHandlers, options: TransportOptions) {
  const shared: Shared = { ...options, handlers, lowWater: replayLowWater(options.sendBufferMaxBytes), slowClosed: 0, operations: 0 };
  const open = new Set<Connection>();

  // Each socket is pinged once per interval, and one that has not answered the last ping by its
  // next turn is dropped. A round is spread over PING_SLICES ticks: pinging 10,000 sockets in one
  // go held the event loop for about 200 ms, and every delivery in flight waited behind it.
  let round: IterableIterator<Connection> = open.values();
  let perTick = 0;
  let tick = 0;
  const pinger = setInterval(() => {
    if (tick++ % PING_SLICES === 0) {
      round = open.values();
      perTick = Math.ceil(open.size / PING_SLICES);
    }
    for (let i = 0; i < perTick; i++) {
      // A Set's iterator skips sockets that closed and reaches ones opened since the round began.
      const next = round.next();
      if (next.done) break;
      const connection = next.value;
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      if (connection.socket.readyState === WebSocket.OPEN) connection.socket.ping();
    }
  }, options.pingIntervalMs / PING_SLICES);
  pinger.unref();
  wss.once('close', () => clearInterval(pinger));

  wss.on('connection', (socket, request) => {
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL)
      return socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
    const connection = new Connection(socket, request, shared);
    open.add(connection);
    socket.on('pong', () => void (connection.alive = true));
    // Text frames arrive as one Buffer (ws' default binaryType); a binary frame is read as text too, and fails to parse.
    socket.on('message', (data) => connection.receive((data as Buffer).toString()));
    socket.once('close', () => {
      open.delete(connection);
      connection.closed();
    });
  });

  return {
    /** Operations open on every socket. */
    operations: () => shared.operations,
    /** Sockets closed for reading too slowly since start. */
    slowConsumersClosed: () => shared.slowClosed,
  };
}
