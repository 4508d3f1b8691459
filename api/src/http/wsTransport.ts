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
}

export interface TransportOptions {
  pingIntervalMs: number;
  /** Unsent bytes a socket may hold before it is closed as a slow consumer. */
  sendBufferMaxBytes: number;
  logger: Logger;
}

/** Close code for a reader that fell too far behind: retryable ("try again later"). */
export const SLOW_CONSUMER = 1013;

/**
 * Replays wait (rather than write) while a socket holds more than this: a quarter of the cap,
 * at least 16 KiB (Node's socket high-water mark, so 'drain' is sure to follow), at most 256 KiB.
 */
export function replayLowWater(sendBufferMaxBytes: number): number {
  return Math.max(16_384, Math.min(262_144, Math.floor(sendBufferMaxBytes / 4)));
}

/**
 * graphql-ws's protocol server (`makeServer`) on a `ws` server — the same job as
 * graphql-ws's own `useServer`, plus one thing it lacks: a per-socket send-buffer cap.
 * A peer that stops reading makes its socket's buffer grow; past the cap the socket is
 * closed with 1013 and dropped, so server memory stays bounded; the client reconnects
 * and resumes with `afterSeq`. It also exposes `sendRaw` so the broadcast fan-out can
 * write pre-serialised frames.
 */
export function bindGraphqlWs<P extends Record<string, unknown>>(
  options: ServerOptions<P, SocketExtra>,
  wss: WebSocketServer,
  { pingIntervalMs, sendBufferMaxBytes, logger }: TransportOptions,
) {
  const server = makeServer<P, SocketExtra>(options);
  wss.options.handleProtocols = handleProtocols;
  let slowClosed = 0;
  const lowWater = replayLowWater(sendBufferMaxBytes);

  wss.on('connection', (socket, request) => {
    let tooSlow = false;
    const sendRaw = (frame: Buffer | string) => {
      if (tooSlow || socket.readyState !== WebSocket.OPEN) return;
      if (socket.bufferedAmount > sendBufferMaxBytes) {
        tooSlow = true;
        slowClosed++;
        logger.info({ buffered: socket.bufferedAmount }, 'closing a slow consumer');
        socket.close(SLOW_CONSUMER, 'Slow consumer: too much unsent data; reconnect and resume with afterSeq');
        // The peer is not reading, so the close handshake may never finish: drop it soon.
        setTimeout(() => socket.terminate(), 1000).unref();
        return;
      }
      // Text frames: the protocol is JSON text, and browsers would hand binary frames over as Blobs.
      socket.send(frame, { binary: false });
    };

    // Back-pressure for replays: wait for the TCP socket's 'drain' (the upgrade request's socket
    // is the one ws writes to). One listener per waiting socket, none while nothing waits.
    let waiters: (() => void)[] = [];
    const wake = () => {
      const woken = waiters;
      waiters = [];
      for (const resolve of woken) resolve();
    };
    const congested = () => socket.readyState === WebSocket.OPEN && socket.bufferedAmount > lowWater;
    const writable = async () => {
      while (congested()) {
        await new Promise<void>((resolve) => {
          if (waiters.push(resolve) === 1) request.socket.once('drain', wake);
        });
      }
    };

    // Server pings find peers that vanished without closing.
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    const ping = setInterval(() => {
      if (!alive) return void socket.terminate();
      alive = false;
      if (socket.readyState === WebSocket.OPEN) socket.ping();
    }, pingIntervalMs);
    ping.unref();

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: async (data) => sendRaw(data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data) => {
            // Failures are answered inside, so the promise never rejects.
            void (async () => {
              try {
                // Text frames arrive as one Buffer (ws' default binaryType).
                await cb((data as Buffer).toString());
              } catch (err) {
                logger.error({ err }, 'graphql-ws message failed');
                socket.close(CloseCode.InternalServerError, 'Internal server error');
              }
            })();
          }),
      },
      { socket, request, sendRaw, congested, writable, cork: () => request.socket.cork(), uncork: () => request.socket.uncork() },
    );

    socket.once('close', (code, reason) => {
      clearInterval(ping);
      wake();
      void closed(code, String(reason));
    });
  });

  return {
    /** Sockets closed for reading too slowly since start. */
    slowConsumersClosed: () => slowClosed,
  };
}
