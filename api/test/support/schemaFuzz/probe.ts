import { createHash } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Container } from '../../../src/container.js';
import type { Operation } from './targets.js';
import { jsonText, needsRawJson } from './values.js';

type GqlError = { message: string; extensions?: { code?: unknown } };

/** Who is asking. */
export type Role = 'anonymous' | 'apiKey' | 'moderator';

/** What came back, reduced to what the fuzzer asserts on. */
export interface Answer {
  transport: 'http' | 'ws';
  /** HTTP status, or for graphql-ws 0 (a result), or the close code when the socket closed. */
  status: number;
  errors: { message: string; code: unknown }[];
  /** The root field's data was null or missing (a refused operation). */
  refused: boolean;
}

/** Tables the API writes (volatile columns left out: usage counters, viewer samples). */
const TABLES: [string, string[]][] = [
  ['scene', []],
  ['character', []],
  ['message', []],
  ['scene_event', []],
  ['proposal', []],
  ['proposal_vote', []],
  ['proposal_comment', []],
  ['moderation_action', []],
  ['memory', []],
  ['relationship', []],
  ['api_key', ['requests', 'rejected', 'last_used_at']],
];

/** A digest of every row the API can change: equal digests, nothing changed. */
export async function databaseDigest(container: Container): Promise<string> {
  const hash = createHash('sha256');
  const connection = container.orm.em.fork().getConnection();
  for (const [table, volatile] of TABLES) {
    const rows = (await connection.execute(`select * from ${table} order by 1`)) as Record<string, unknown>[];
    for (const row of rows) {
      for (const column of volatile) delete row[column];
      hash.update(`${table}:${JSON.stringify(row)}\n`);
    }
  }
  return hash.digest('hex');
}

/** Sends operations as one role over HTTP and over one graphql-ws socket per role. */
export class Prober {
  private readonly clients = new Map<Role, Client>();

  constructor(
    private readonly url: string,
    private readonly wsUrl: string,
    private readonly tokens: Record<Role, string | null>,
  ) {}

  async http(op: Operation, role: Role, field: string): Promise<Answer> {
    const token = this.tokens[role];
    // 1e999 is valid JSON (a number too large for a double), and deep values are too; JSON.stringify writes neither.
    const body = `{"query":${JSON.stringify(op.query)},"variables":${jsonText(op.variables)}}`;
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-client-id': `fuzz-${role}`,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
    const text = await res.text();
    let json: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: unknown } }[] };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      return {
        transport: 'http',
        status: res.status,
        errors: [{ message: `not JSON: ${text.slice(0, 200)}`, code: undefined }],
        refused: true,
      };
    }
    return {
      transport: 'http',
      status: res.status,
      errors: (json.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code })),
      refused: json.data?.[field] == null,
    };
  }

  async ws(op: Operation, role: Role, field: string, waitMs: number): Promise<Answer> {
    // graphql-ws's client writes with JSON.stringify, which cannot write these: a bare socket sends them.
    if (needsRawJson(op.variables)) return this.rawWs(op, role, field, waitMs);
    const client = this.client(role);
    const variables = op.variables;
    return new Promise<Answer>((resolve) => {
      let settled = false;
      const finish = (answer: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unsubscribe();
        resolve(answer);
      };
      // A subscription that is accepted sends nothing until something happens: that is an answer too.
      const timer = setTimeout(() => finish({ transport: 'ws', status: 0, errors: [], refused: false }), waitMs);
      const unsubscribe = client.subscribe<Record<string, unknown>>(
        { query: op.query, variables },
        {
          next: (result) =>
            finish({
              transport: 'ws',
              status: 0,
              errors: (result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code })),
              refused: result.data?.[field] == null,
            }),
          error: (err) => {
            if (Array.isArray(err)) {
              const errors = err as { message: string; extensions?: { code?: unknown } }[];
              finish({
                transport: 'ws',
                status: 0,
                errors: errors.map((e) => ({ message: e.message, code: e.extensions?.code })),
                refused: true,
              });
            } else {
              // The socket closed: the client starts a new one for the next operation.
              const close = err as { code?: number; reason?: string };
              this.clients.delete(role);
              finish({ transport: 'ws', status: close.code ?? -1, errors: [], refused: true });
            }
          },
          complete: () => finish({ transport: 'ws', status: 0, errors: [], refused: false }),
        },
      );
    });
  }

  /** One operation on a bare graphql-transport-ws socket, its message written by `jsonText`. */
  private async rawWs(op: Operation, role: Role, field: string, waitMs: number): Promise<Answer> {
    const token = this.tokens[role];
    const socket = new WebSocket(this.wsUrl, 'graphql-transport-ws');
    try {
      return await new Promise<Answer>((resolve) => {
        const timer = setTimeout(() => resolve({ transport: 'ws', status: 0, errors: [], refused: false }), waitMs + 2_000);
        const done = (answer: Answer) => (clearTimeout(timer), resolve(answer));
        socket.on('error', () => {});
        socket.on('close', (code) => done({ transport: 'ws', status: code, errors: [], refused: true }));
        socket.on('open', () =>
          socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })),
        );
        socket.on('message', (data) => {
          const message = JSON.parse((data as Buffer).toString()) as { type: string; payload?: unknown };
          const errorsOf = (list: unknown) => ((list ?? []) as GqlError[]).map((e) => ({ message: e.message, code: e.extensions?.code }));
          if (message.type === 'connection_ack') {
            socket.send(
              `{"id":"1","type":"subscribe","payload":{"query":${JSON.stringify(op.query)},"variables":${jsonText(op.variables)}}}`,
            );
            clearTimeout(timer);
            setTimeout(() => done({ transport: 'ws', status: 0, errors: [], refused: false }), waitMs);
          } else if (message.type === 'error') done({ transport: 'ws', status: 0, errors: errorsOf(message.payload), refused: true });
          else if (message.type === 'next') {
            const result = message.payload as { data?: Record<string, unknown> | null; errors?: unknown };
            done({ transport: 'ws', status: 0, errors: errorsOf(result.errors), refused: result.data?.[field] == null });
          } else if (message.type === 'complete') done({ transport: 'ws', status: 0, errors: [], refused: false });
        });
      });
    } finally {
      socket.terminate();
    }
  }

  private client(role: Role): Client {
    let client = this.clients.get(role);
    if (!client) {
      const token = this.tokens[role];
      client = createClient({
        url: this.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: { clientId: `fuzz-ws-${role}`, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      this.clients.set(role, client);
    }
    return client;
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) await client.dispose();
    this.clients.clear();
  }
}
