import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP proxy to a real server whose open connections can be frozen mid-conversation. */
export interface StallingProxy {
  port: number;
  /** Stop moving bytes on every connection open now, both ways, as a dead network would. New connections still flow. */
  freeze(): void;
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
  const sockets = new Set<Socket>();
  let frozenCount = 0;
  const server = createServer((client) => {
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      pairs.delete(pair);
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    freeze() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        frozenCount++;
      }
      pairs.clear();
    },
    frozen: () => frozenCount,
    /** Cut every connection (frozen ones too) and stop listening. */
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
