import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

type EventTarget = ReturnType<typeof createRedisEventTarget<CustomEvent>>;

export interface RedisTargetOptions {
  /** Client for PUBLISH. Closed by the caller. */
  publishClient: Redis;
  /** Client in subscriber mode (it can do nothing else). Closed by the caller. */
  subscribeClient: Redis;
  /** Channel prefix (`REDIS_PREFIX`): channels are not keys, so ioredis' keyPrefix would not apply. */
  prefix: string;
  logger?: Logger;
}

/**
 * The event target that carries the typed topic map (`graphql/topics.ts`) over Redis
 * Pub/Sub, so an event published by any worker reaches the subscribers of every API
 * replica. Channels are `<prefix>:<topic>[:<id>]`. The container passes it to
 * `createPubSub<Topics>` exactly as it passes the in-memory target: the adapter moves events
 * and knows nothing of the topics.
 *
 * Redis Pub/Sub is at-most-once: messages sent while a subscriber reconnects are lost.
 * ioredis re-subscribes by itself after a reconnect; event streams notice the gap by `seq`
 * and read the missed events from the database, so nothing depends on the bus being reliable.
 */
export function createPrefixedRedisEventTarget(options: RedisTargetOptions): EventTarget {
  const { prefix, subscribeClient, logger } = options;
  const inner: EventTarget = createRedisEventTarget<CustomEvent>({
    publishClient: options.publishClient,
    subscribeClient,
  });
  subscribeClient.on('ready', () => logger?.debug('pubsub subscriber connected'));
  const channel = (type: string) => `${prefix}:${type}`;
  return {
    addEventListener(type, listener, opts) {
      inner.addEventListener(channel(type), listener, opts);
    },
    removeEventListener(type, listener, opts) {
      inner.removeEventListener(channel(type), listener, opts);
    },
    dispatchEvent(event) {
      // The payload is opaque here: the typed pub/sub on top knows each topic's shape.
      const detail: unknown = event.detail;
      return inner.dispatchEvent(new CustomEvent(channel(event.type), { detail }));
    },
  };
}
