import SchemaBuilder from '@pothos/core';
import { Kind } from 'graphql';
import type { Container } from '../container.js';
import type { ApiKeyIdentity } from '../services/apiKeysRuntime.js';
import type { ViewerIdentity } from '../services/viewerSessions.js';
import { parseTimestamp, TIMESTAMP_DESCRIPTION } from './timestamp.js';

/** Who is asking: a moderator presented a valid token; everyone else is a viewer. */
export type Role = 'VIEWER' | 'MODERATOR';

/** Per-request (HTTP) or per-operation (WebSocket) context. */
export interface Context {
  container: Container;
  role: Role;
  /** A token was presented but matched no moderator (moderator operations say UNAUTHENTICATED). */
  badToken: boolean;
  /** The moderator's name from MODERATOR_TOKENS when role is MODERATOR (the moderation log's "who"; optional: the broadcast group context has no moderator). */
  moderator?: string | null;
  /** The live API key the caller presented (a viewer with the key's own limits), if any. */
  apiKey?: ApiKeyIdentity | null;
  /**
   * Why every operation of this caller is refused before it runs (an unknown or revoked API key:
   * UNAUTHENTICATED; a key used from an origin it does not allow: FORBIDDEN; credentials from an
   * address locked out for refused ones: RATE_LIMITED with retryAfterMs). Set by ./context.ts,
   * enforced by http/apiKeyLimit.ts.
   */
  refusal?: { code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED'; message: string; retryAfterMs?: number } | null;
  /** The client's stable id (sent by the web app): its own claim, so it only narrows the mutation limit. */
  clientId: string | null;
  /** The viewer session the caller presented and the server signed (votes are one per identity); optional: the broadcast group context has none. */
  viewer?: ViewerIdentity | null;
  ip: string;
}

/**
 * The Pothos builder: plugins, scalars and the context type. It defines no types;
 * each file under `schema/` defines one type with the operations that return it.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    Timestamp: { Input: number; Output: number };
  };
}>({
  defaultFieldNullability: false,
});

builder.scalarType('Timestamp', {
  description: TIMESTAMP_DESCRIPTION,
  serialize: (value) => value,
  // A coded BAD_INPUT: graphql-js wraps it with the variable's name and keeps the code, so a
  // wrong value in variables is a client error, not a masked INTERNAL_SERVER_ERROR.
  parseValue: (value) => parseTimestamp(value),
  // Inline, graphql-js reports a plain error as a validation error with the value's location.
  parseLiteral: (node) => {
    const value = node.kind === Kind.INT ? Number(node.value) : node.kind === Kind.STRING ? node.value : undefined;
    try {
      return parseTimestamp(value);
    } catch (err) {
      throw new TypeError((err as Error).message, { cause: err });
    }
  },
});

builder.queryType({ description: 'Read scenes, their conversations and usage.' });
builder.mutationType({ description: 'Steer scenes (moderators) and propose, vote and comment (everyone).' });
builder.subscriptionType({ description: 'Follow scenes live over graphql-ws.' });
