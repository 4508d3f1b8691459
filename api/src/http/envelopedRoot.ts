import type { ExecutionArgs } from 'graphql';
import type { OperationResult } from 'graphql-ws';
import type { SocketExtra } from './wsTransport.js';

type ExecuteFn = (args: ExecutionArgs) => OperationResult;

/**
 * The root value `websocket.ts` hands every graphql-ws operation: yoga's enveloped execute
 * and subscribe (so limits and masking match HTTP), plus the operation's socket and id, which
 * the broadcast fan-out (`broadcastSubscribe.ts`) writes shared frames to. A file of its own
 * so both sides import it without importing each other.
 */
export interface EnvelopedRoot {
  execute: ExecuteFn;
  subscribe: ExecuteFn;
  /** The operation's socket and id, for the broadcast fan-out. */
  socket: SocketExtra;
  id: string;
  query: string;
}
