import { CloseCode, handleProtocols, type ServerOptions, makeServer } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { WebSocket, type WebSocketServer } from 'ws';

/** What each graphql-ws context carries about its socket (`ctx.extra`). */
export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
  /** Send raw bytes on this socket, subject to the send-buffer cap. */
  sendRaw(frame: Buffer | string): void;
  /** True while more than the replay low-water mark is waiting to be sent. */
  congested(): boolean;
  /** Resolves once the unsent bytes are back under the low-water mark, or the socket closed. */
  writable(): Promise<void>;
  /** Hold writes until `uncork` so a run of frames leaves in one write (the TCP socket's own cork). */
  cork(): void;
  uncork(): void;
  /** Hand a message to graphql-ws as if it had just arrived (after an interceptor let it pass later). */
  forward(text: string): void;
  /** Whatever the interceptor keeps per socket (its own subscriptions); null until it needs some. */
  state: unknown;
}

/**
 * Sees every text message before graphql-ws does. `message` returns true when it took the
 * message over (graphql-ws then never sees it); `closed` runs once when the socket closes.
 */
export interface MessageInterceptor {
  message(extra: SocketExtra, text: string): boolean;
  closed(extra: SocketExtra): void;
}

export interface TransportOptions {
  pingIntervalMs: number;
  /** Unsent bytes a socket may hold before it is closed as a slow consumer. */
  sendBufferMaxBytes: number;
  logger: Logger;
  interceptor?: MessageInterceptor;
}

/** Server pings go out in this many slices per ping interval (see `bindGraphqlWs`). */
const PING_SLICES = 10;

/** Close code for a reader that fell too far behind: retryable ("try again later"). */
export const SLOW_CONSUMER = 1013;

/**
 * Replays wait (rather than write) while a socket holds more than this: a quarter of the cap,
 * at least 16 KiB (Node's socket high-water mark, so 'drain' is sure to follow), at most 256 KiB.
 */
export function replayLowWater(sendBufferMaxBytes: number): number {
  return Math.max(16_384, Math.min(262_144, Math.floor(sendBufferMaxBytes / 4)));
}

interface Shared {
  sendBufferMaxBytes: number;
  lowWater: number;
  logger: Logger;
  slowClosed: number;
}

/**
 * One open socket. A class, so its methods live once on the prototype instead of as a set of
 * closures per connection: with tens of thousands of idle viewers, per-socket bytes are the
 * whole cost (see BENCHMARKS.md, "What each change bought").
 */
class Connection implements SocketExtra {
  state: unknown = null;
  /** Answered the last ping (or has not been pinged yet). */
  alive = true;
  private tooSlow = false;
  private waiters: (() => void)[] | null = null;
  /** graphql-ws's handler for incoming messages, set when it starts listening. */
  receive: ((text: string) => Promise<void>) | null = null;

  constructor(
    readonly socket: WebSocket,
    readonly request: IncomingMessage,
    private readonly shared: Shared,
  ) {}

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

  /**
   * Back-pressure for replays: wait for the TCP socket's 'drain' (the upgrade request's socket
   * is the one ws writes to). One listener per waiting socket, none while nothing waits.
   */
  async writable(): Promise<void> {
    while (this.congested()) {
      await new Promise<void>((resolve) => {
        if (this.waiters) return void this.waiters.push(resolve);
        this.waiters = [resolve];
        this.request.socket.once('drain', () => this.wake());
      });
    }
  }

  /** Lets every waiting replay go on (the socket drained or closed). */
  wake(): void {
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

  forward(text: string): void {
    const receive = this.receive;
    if (!receive) return;
    // Failures are answered inside, so the promise never rejects.
    void (async () => {
      try {
        await receive(text);
      } catch (err) {
        this.shared.logger.error({ err }, 'graphql-ws message failed');
        this.socket.close(CloseCode.InternalServerError, 'Internal server error');
      }
    })();
  }
}

/**
 * graphql-ws's protocol server (`makeServer`) on a `ws` server — the same job as
 * graphql-ws's own `useServer`, plus what it lacks: a per-socket send-buffer cap (a peer
 * that stops reading is closed with 1013 past the cap, so server memory stays bounded; the
 * client reconnects and resumes with `afterSeq`), `sendRaw` so the broadcast fan-out can
 * write pre-serialised frames, and an interceptor that may take messages over before
 * graphql-ws sees them. Server pings find peers that vanished without closing: one timer
 * for all sockets, not one per socket.
 */
export function bindGraphqlWs<P extends Record<string, unknown>>(
  options: ServerOptions<P, SocketExtra>,
  wss: WebSocketServer,
  { pingIntervalMs, sendBufferMaxBytes, logger, interceptor }: TransportOptions,
) {
  const server = makeServer<P, SocketExtra>(options);
  wss.options.handleProtocols = handleProtocols;
  const shared: Shared = { sendBufferMaxBytes, lowWater: replayLowWater(sendBufferMaxBytes), logger, slowClosed: 0 };
  const open = new Set<Connection>();

  // Each socket is pinged once per interval, and one that has not answered the last ping by its
  // next turn is dropped. The round is spread over PING_SLICES ticks: pinging 10,000 sockets in
  // one go held the event loop for about 200 ms, and every delivery in flight waited behind it.
  let round: IterableIterator<Connection> = open.values();
  let perTick = 0;
  let tick = 0;
  const pinger = setInterval(() => {
    // A round lasts PING_SLICES ticks (one interval) however few sockets it had to ping.
    if (tick++ % PING_SLICES === 0) {
      round = open.values();
      perTick = Math.ceil(open.size / PING_SLICES);
    }
    for (let i = 0; i < perTick; i++) {
      // A Set's iterator skips sockets that closed and reaches ones opened since the round began.
      const next = round.next();
      if (next.done) break;
      const connection = next.value;
      const { socket } = connection;
      if (!connection.alive) {
        socket.terminate();
        continue;
      }
      connection.alive = false;
      if (socket.readyState === WebSocket.OPEN) socket.ping();
    }
  }, pingIntervalMs / PING_SLICES);
  pinger.unref();
  wss.once('close', () => clearInterval(pinger));

  wss.on('connection', (socket, request) => {
    const connection = new Connection(socket, request, shared);
    open.add(connection);
    socket.on('pong', function (this: WebSocket) {
      connection.alive = true;
    });

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: async (data) => connection.sendRaw(data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) => {
          connection.receive = cb;
          socket.on('message', (data) => {
            // Text frames arrive as one Buffer (ws' default binaryType).
            const text = (data as Buffer).toString();
            if (interceptor?.message(connection, text)) return;
            connection.forward(text);
          });
        },
      },
      connection,
    );

    socket.once('close', (code, reason) => {
      open.delete(connection);
      connection.wake();
      interceptor?.closed(connection);
      void closed(code, String(reason));
    });
  });

  return {
    /** Sockets closed for reading too slowly since start. */
    slowConsumersClosed: () => shared.slowClosed,
  };
}
