import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Presence } from '../../ports/presence.js';

export interface RedisPresenceOptions {
  /** Closed by the caller, not here. */
  redis: Redis;
  /** Key prefix (`REDIS_PREFIX`). */
  prefix: string;
  /** How long a replica's entries outlive its last heartbeat. */
  ttlMs?: number;
  /** How often a replica rewrites its entries (default a third of the TTL). */
  heartbeatMs?: number;
  /** Identifies this replica; unique per process by default. */
  replicaId?: string;
  logger?: Logger;
}

/**
 * Cluster-wide viewer counts. Each replica owns one hash `<prefix>:presence:r:<replica>`
 * (scene id → viewers on that replica) with a TTL that its heartbeat keeps pushing back,
 * and is listed in the set `<prefix>:presence:replicas`. A count is the sum over the live
 * hashes. When a replica dies its hash expires, so its viewers stop counting and "nobody
 * watches → no spending" holds cluster-wide. The replica's own counts live in memory and
 * are rewritten whole on each heartbeat, so Redis losing the keys heals by itself.
 */
export function createRedisPresence(options: RedisPresenceOptions): Presence {
  const { redis, prefix, logger } = options;
  const ttlMs = options.ttlMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.floor(ttlMs / 3));
  const replica = options.replicaId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const index = `${prefix}:presence:replicas`;
  const hashOf = (id: string) => `${prefix}:presence:r:${id}`;
  const mine = hashOf(replica);
  const local = new Map<string, number>();
  let stopped = false;

  /** Rewrite this replica's whole hash (heartbeat). */
  const heartbeat = async () => {
    const tx = redis.multi().del(mine);
    if (local.size) tx.hset(mine, Object.fromEntries(local)).pexpire(mine, ttlMs).sadd(index, replica);
    await tx.exec();
  };
  const timer = setInterval(() => {
    heartbeat().catch((err) => logger?.warn({ err }, 'presence heartbeat failed'));
  }, heartbeatMs);
  timer.unref();

  /** Write one scene's local count (0 removes the field). */
  const write = async (sceneId: string) => {
    const n = local.get(sceneId) ?? 0;
    const tx = redis.multi();
    if (n > 0) tx.hset(mine, sceneId, n);
    else tx.hdel(mine, sceneId);
    await tx.pexpire(mine, ttlMs).sadd(index, replica).exec();
  };

  /** Live replicas' hashes; replicas whose hash expired are dropped from the index. */
  const liveHashes = async (): Promise<string[]> => {
    const ids = await redis.smembers(index);
    if (!ids.length) return [];
    const exists = await Promise.all(ids.map((id) => redis.exists(hashOf(id))));
    const dead = ids.filter((_, i) => !exists[i]);
    // A replica with no viewers has no hash either; it re-adds itself on its next join.
    if (dead.length) await redis.srem(index, ...dead);
    return ids.filter((_, i) => exists[i]).map(hashOf);
  };

  const count = async (sceneId: string) => {
    const hashes = await liveHashes();
    if (!hashes.length) return 0;
    const values = await Promise.all(hashes.map((h) => redis.hget(h, sceneId)));
    return values.reduce((sum, v) => sum + Math.max(0, Number(v ?? 0)), 0);
  };

  const change = async (sceneId: string, delta: number) => {
    const n = Math.max(0, (local.get(sceneId) ?? 0) + delta);
    if (n === 0) local.delete(sceneId);
    else local.set(sceneId, n);
    await write(sceneId);
    return count(sceneId);
  };

  return {
    kind: 'redis',
    change,
    join: (sceneId) => change(sceneId, 1),
    leave: (sceneId) => change(sceneId, -1),
    count,
    async counts() {
      const totals = new Map<string, number>();
      for (const hash of await liveHashes()) {
        for (const [sceneId, v] of Object.entries(await redis.hgetall(hash))) {
          const n = Number(v);
          if (n > 0) totals.set(sceneId, (totals.get(sceneId) ?? 0) + n);
        }
      }
      return totals;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      local.clear();
      // A clean exit removes its viewers at once; a crash leaves them to the TTL.
      await redis
        .multi()
        .del(mine)
        .srem(index, replica)
        .exec()
        .catch((err) => logger?.warn({ err }, 'presence cleanup failed'));
    },
  };
}
