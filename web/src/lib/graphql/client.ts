import { Client, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/** What the connection reports to the connection store. */
export interface ConnectionEvents {
  connecting(isRetry: boolean): void;
  connected(wasRetry: boolean): void;
  closed(): void;
}

export interface Api {
  urql: Client;
  ws: WsClient;
  /** Drop the socket and connect again, sending fresh `connectionParams` (e.g. a new token). */
  reconnect(): void;
  dispose(): void;
}

/** What the connection presents in `connection_init`; read again on every (re)connect. */
export type ConnectionParams = () => Record<string, string>;

/** ws(s)://<this host>/graphql, or an explicit URL. */
export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/**
 * `extensions.persistedQuery` for a generated document: codegen's client preset stamps each
 * with the SHA-256 of its text (`__meta__.hash`, `sha256:<hex>`) and lists it in
 * persisted-documents.json. The query text is still sent, so a server without
 * TRUSTED_DOCUMENTS_ONLY (or an older one) runs it as before; one with it runs the manifest's
 * document for the hash.
 */
export function persistedQueryExtension(document: unknown): { persistedQuery: { version: 1; sha256Hash: string } } | null {
  const hash = (document as { __meta__?: { hash?: unknown } } | null)?.__meta__?.hash;
  if (typeof hash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(hash)) return null;
  return { persistedQuery: { version: 1, sha256Hash: hash.slice('sha256:'.length) } };
}

/** Randomised exponential back-off: 0.5 s, 1 s, 2 s … capped at 8 s. */
export function backoffMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(8_000, 500 * 2 ** Math.min(retries, 5));
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * One graphql-ws connection carries every operation (queries wait for it while the server is
 * down, instead of failing). It retries forever with back-off, and pings so a dead link is
 * noticed. Credentials (moderator token, client id) travel in `connectionParams`, since the
 * server reads them once per socket. Only the rune stores use the returned urql client.
 */
export function createApi(events: ConnectionEvents, url = graphqlWsUrl(), params: ConnectionParams = () => ({})): Api {
  const ws = createWsClient({
    url,
    connectionParams: () => params(),
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffMs(retries))),
    onNonLazyError: () => {
      // Retries are infinite, so this only reports an internal error; the stores show state.
    },
    on: {
      connecting: (isRetry) => events.connecting(isRetry),
      connected: (_socket, _payload, wasRetry) => events.connected(wasRetry),
      closed: () => events.closed(),
    },
  });
  const urql = new Client({
    url: url.replace(/^ws/, 'http'),
    exchanges: [
      subscriptionExchange({
        enableAllOperations: true,
        forwardSubscription(request, operation) {
          const persisted = persistedQueryExtension(operation.query);
          const input = {
            ...request,
            query: request.query ?? '',
            ...(persisted ? { extensions: { ...request.extensions, ...persisted } } : {}),
          };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
    requestPolicy: 'network-only',
  });
  return {
    urql,
    ws,
    reconnect() {
      // 4499 "Terminated" is retried at once; live subscriptions resume on the new socket.
      ws.terminate();
    },
    dispose() {
      void ws.dispose();
    },
  };
}
