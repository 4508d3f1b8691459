import { handleProtocols } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from '../config.js';
import type { Container } from '../container.js';
import type { Context } from '../graphql/builder.js';
import { clientAddress } from './clientAddress.js';
import { createConnectionCap } from './connectionCap.js';
import { createFanoutHub } from './fanout/hub.js';
import { originPolicy } from './origin.js';
import { createOperations } from './ws/operations.js';
import { serveTransport } from './ws/transport.js';

type WsLimits = Config['hardening']['ws'];

/** graphql-transport-ws on the HTTP server's `/graphql` path. */
export interface GraphqlWs {
  /** Operations in flight on every open socket (for the subscriptions gauge). */
  activeOperations(): number;
  /** Open sockets. */
  connections(): number;
  /** Sockets closed as slow consumers. */
  slowConsumersClosed(): number;
  /** Upgrades refused since start because their address held WS_MAX_PER_ADDRESS sockets already. */
  refusedPerAddress(): number;
  /** Close every socket and the WebSocket server. */
  stop(): Promise<void>;
}

/**
 * The WebSocket edge: upgrades are refused before a socket exists (another Host or Origin, too
 * many sockets from one address), frames are capped at WS_MAX_PAYLOAD_BYTES, and accepted
 * sockets speak graphql-transport-ws (`ws/transport.ts`) with each operation run by
 * `ws/operations.ts` through yoga's envelop pipeline or the broadcast fan-out (`fanout/`).
 */
export function attachGraphqlWs(
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, Context>,
  limits: WsLimits,
  logger: Logger,
  container: Container,
  /** Called for each subscription that bypasses envelop (so operation metrics still count it). */
  onBroadcast: () => void = () => {},
): GraphqlWs {
  const trustedHops = container.config.http.trustProxy;
  const cap = createConnectionCap(limits.maxPerAddress, trustedHops);
  const origins = originPolicy(container.config);
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: limits.maxPayloadBytes,
    handleProtocols,
    // Refused before the upgrade (421 another Host, 403 another Origin): a cross-site page never gets a socket at all.
    verifyClient: ({ req }, done) => {
      const refusal = origins.refuseUpgrade(req);
      if (refusal) {
        logger.info({ origin: req.headers.origin?.slice(0, 200) }, `websocket refused: ${refusal.reason} not allowed`);
        return done(false, refusal.status, refusal.message);
      }
      // Refused with 429 before the handshake: one address holds at most WS_MAX_PER_ADDRESS
      // sockets on this replica (each counts as a viewer, and viewers make scenes spend).
      if (cap.admit(req)) return done(true);
      if (cap.refused() % 100 === 1) {
        const ip = clientAddress(req, trustedHops);
        logger.warn({ ip, max: limits.maxPerAddress, refused: cap.refused() }, 'websocket refused: too many connections from this address');
      }
      done(false, 429, `RATE_LIMITED: at most ${limits.maxPerAddress} WebSocket connections per address; close one and retry`);
    },
  });
  // A malformed frame makes `ws` emit 'error' then close: never an uncaught exception.
  wss.on('connection', (socket) => socket.on('error', (err) => logger.debug({ err }, 'websocket error')));
  wss.on('error', (err) => logger.warn({ err }, 'websocket server error'));

  const operations = createOperations({
    container,
    yoga,
    hub: container.config.fanout.mode === 'broadcast' ? createFanoutHub(container) : null,
    maxSubscriptions: limits.maxSubscriptions,
    onBroadcast,
  });
  const transport = serveTransport(wss, operations, {
    pingIntervalMs: limits.pingIntervalMs,
    initTimeoutMs: limits.initTimeoutMs,
    sendBufferMaxBytes: container.config.fanout.sendBufferMaxBytes,
    logger,
  });

  return {
    activeOperations: transport.operations,
    connections: () => wss.clients.size,
    slowConsumersClosed: transport.slowConsumersClosed,
    refusedPerAddress: () => cap.refused(),
    async stop() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
