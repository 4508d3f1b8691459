import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP proxy to a real server whose open connections can be frozen mid-conversation. */
export interface StallingProxy {
  port: number;
  /** Stop moving bytes on every connection open now, both ways, as a dead network would. New connections still flow. */
  freeze(): void;
  /**
   * The whole path goes dead: open connections freeze as with `freeze()`, and new ones are
   * accepted but get no answer (the server never hears of them) until `unstall()`.
   */
  stall(): void;
  /** The network is back: frozen connections move their buffered bytes again, held ones reach the server. */
  unstall(): void;
  /** Connections frozen so far. */
  frozen(): number;
  close(): Promise<void>;
}

/**
 * Forward 127.0.0.1:<port> to `target`. A frozen pair is paused on both sides: bytes (and
 * a FIN) wait in the kernel buffers, so neither end hears anything; that is how a stalled
 * network or a paused VM looks to PostgreSQL and to the pool.
 */
export async function startStallingProxy(target: { host: string; port: number }): Promise<StallingProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const frozenPairs = new Set<[Socket, Socket]>();
  const held: Socket[] = [];
  const sockets = new Set<Socket>();
  let frozenCount = 0;
  let stalled = false;

  const bridge = (client: Socket) => {
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
    const drop = () => {
      pairs.delete(pair);
      frozenPairs.delete(pair);
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  };

  const server = createServer((client) => {
    sockets.add(client);
    if (!stalled) return bridge(client);
    // Accepted by the kernel, never answered: a connect that hangs.
    client.pause();
    client.on('error', () => client.destroy());
    held.push(client);
  });

  const freeze = () => {
    for (const pair of pairs) {
      const [client, upstream] = pair;
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
      frozenPairs.add(pair);
      frozenCount++;
    }
    pairs.clear();
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    freeze,
    stall() {
      stalled = true;
      freeze();
    },
    unstall() {
      stalled = false;
      for (const pair of frozenPairs) {
        const [client, upstream] = pair;
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.resume();
        pairs.add(pair);
      }
      frozenPairs.clear();
      for (const client of held.splice(0)) if (!client.destroyed) bridge(client);
    },
    frozen: () => frozenCount,
    /** Cut every connection (frozen and held ones too) and stop listening. */
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
