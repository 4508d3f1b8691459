import type { Client } from 'graphql-ws';
import type { TestServer } from './testServer.js';

/** A GraphQL error as clients see it. */
export interface WireError {
  message: string;
  extensions?: { code?: string; limit?: string; max?: number; retryAfterMs?: number };
}

/** Run one operation over graphql-ws and return its errors (or data). */
export function wsRun(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: unknown; errors: WireError[] }> {
  return new Promise((resolve) => {
    let data: unknown;
    client.subscribe(
      { query, variables },
      {
        next: (result) => {
          data = result.data;
          if (result.errors) resolve({ data, errors: result.errors as WireError[] });
        },
        error: (err) => resolve({ errors: Array.isArray(err) ? (err as WireError[]) : [{ message: String(err) }] }),
        complete: () => resolve({ data, errors: [] }),
      },
    );
  });
}

/** `n` aliases of `scenes { id }` (armor does not count aliases of `__typename`). */
export function aliasQuery(n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: scenes { id }`).join(' ')} }`;
}

/** A valid document of roughly `chars` characters (the padding is a comment). */
export function hugeDocument(chars: number): string {
  return `{ scenes { id } }\n# ${'x'.repeat(chars)}\n`;
}

/** A valid document of `n` repeated field selections (many tokens, little depth). */
export function manyTokens(n: number): string {
  return `{ scenes { ${'id '.repeat(n)}} }`;
}

/** What must not change when a bad request is refused: every scene's event log and message count. */
export async function snapshot(server: TestServer): Promise<string> {
  const res = await server.gql<{ scenes: { id: string; lastSeq: number }[] }>('{ scenes { id lastSeq } }');
  if (!res.data) throw new Error(`snapshot failed: ${JSON.stringify(res.errors)}`);
  const counts = await Promise.all(
    res.data.scenes.map(async (s) => {
      const page = await server.gql<{ messages: { totalCount: number } }>('query($id: ID!) { messages(sceneId: $id) { totalCount } }', {
        id: s.id,
      });
      return `${s.id}:${s.lastSeq}:${page.data?.messages.totalCount}`;
    }),
  );
  return counts.sort().join(',');
}

/** POST raw bytes to the server with the given headers. */
export async function rawPost(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body });
}
