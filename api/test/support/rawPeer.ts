import WebSocket from 'ws';

/** What one subscription received, frame by frame, as raw text. */
export interface Received {
  /** The raw `payload` of each `next` (byte for byte), `error:<payload>` for `error`, and `complete`. */
  frames: string[];
  /** Seqs of the events received, in order. */
  seqs: number[];
  /** It is over: the server ended it (`complete` or `error`), or this side completed it or closed the socket. */
  ended: boolean;
}

/**
 * A bare graphql-transport-ws socket that records exactly what the server wrote: no client
 * library re-serialises anything, so two servers can be compared byte for byte.
 */
export class RawPeer {
  readonly subscriptions = new Map<string, Received>();
  /** How the socket closed (`code reason`), once it has. */
  closedWith: string | null = null;
  private constructor(private readonly ws: WebSocket) {
    ws.on('close', (code, reason) => {
      this.closedWith = `${code} ${String(reason)}`;
      for (const received of this.subscriptions.values()) received.ended = true;
    });
  }

  static async open(url: string, connectionParams: Record<string, unknown> = {}): Promise<RawPeer> {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    const peer = new RawPeer(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
      ws.on('message', (data) => {
        // ws hands text frames over as one Buffer (its default binaryType).
        const text = (data as Buffer).toString();
        if (text === '{"type":"connection_ack"}' || text.startsWith('{"type":"connection_ack"')) return resolve();
        if (text.startsWith('{"type":"ping"')) return ws.send('{"type":"pong"}');
        peer.record(text);
      });
    });
    return peer;
  }

  /** Send `messages` on a fresh socket before any `connection_init`, and resolve with how the server closed it. */
  static async unacknowledged(url: string, messages: object[]): Promise<string> {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    return new Promise<string>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('open', () => messages.forEach((m) => ws.send(JSON.stringify(m))));
      ws.on('close', (code, reason) => resolve(`${code} ${String(reason)}`));
    });
  }

  /** Send a subscribe with any payload (the differential test's odd cases). */
  subscribeRaw(id: string, payload: Record<string, unknown>): Received {
    const received: Received = { frames: [], seqs: [], ended: false };
    this.subscriptions.set(id, received);
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload }));
    return received;
  }

  /** Start a subscription; frames for it are recorded from now on. */
  subscribe(id: string, query: string, variables: Record<string, unknown>): Received {
    const received: Received = { frames: [], seqs: [], ended: false };
    this.subscriptions.set(id, received);
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    return received;
  }

  complete(id: string): void {
    const received = this.subscriptions.get(id);
    if (received) received.ended = true;
    this.ws.send(JSON.stringify({ id, type: 'complete' }));
  }

  async close(): Promise<void> {
    for (const received of this.subscriptions.values()) received.ended = true;
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close(1000);
    await closed;
  }

  private record(text: string): void {
    const message = JSON.parse(text) as { id?: string; type: string; payload?: { data?: { sceneEvents?: { seq?: number } } } };
    const received = message.id ? this.subscriptions.get(message.id) : undefined;
    if (!received) return;
    if (message.type === 'next') {
      received.frames.push(text.slice(text.indexOf('"payload":') + '"payload":'.length, -1));
      const seq = message.payload?.data?.sceneEvents?.seq;
      if (typeof seq === 'number') received.seqs.push(seq);
    } else if (message.type === 'error') {
      received.frames.push(`error:${text.slice(text.indexOf('"payload":') + '"payload":'.length, -1)}`);
      received.ended = true;
    } else if (message.type === 'complete') {
      received.frames.push('complete');
      received.ended = true;
    }
  }
}
