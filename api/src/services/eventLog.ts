import type { EntityManager } from '@mikro-orm/core';
import { MessageEntity, SceneEventEntity } from '../adapters/db/entities.js';
import type { SceneEventBody, SceneEventRecord } from '../domain/events.js';
import type { SceneStatus } from '../domain/types.js';
import type { AppPubSub } from '../graphql/topics.js';
import type { Orm } from '../adapters/db/orm.js';
import { sqlRows } from '../adapters/db/sql.js';
import type { ReplayGate } from './replayGate.js';

/** Conditions a scene row must still meet for a write to apply (stale-result guard). */
export interface SceneGuard {
  epoch?: number;
  nextTurn?: number;
  status?: SceneStatus | SceneStatus[];
  /** Require that no proposal took over the scene (it is not finished for good). */
  open?: true;
}

/** What locking a scene row for a commit returns: its seqs and when the commit's events air. */
export interface SceneLock {
  /** The first allocated seq (the next one when none were allocated). */
  firstSeq: number;
  /** The scene's own broadcast delay in seconds (null: the configured default). */
  delaySeconds: number | null;
  /** When the scene's latest event airs (0: long ago). */
  lastAirsAt: number;
}

/**
 * Inside a transaction: check the guard, allocate `count` seqs and lock the scene row
 * (PostgreSQL holds the row lock until commit, so concurrent writers queue up and no
 * two events share a seq). Resolves to the first allocated seq, or null when the scene
 * no longer matches the guard.
 */
export async function allocateSeqs(tx: EntityManager, sceneId: string, count: number, guard: SceneGuard = {}): Promise<number | null> {
  return (await lockScene(tx, sceneId, count, guard))?.firstSeq ?? null;
}

/**
 * `allocateSeqs` with the scene's broadcast settings read in the same statement. With
 * `airsAt`, the scene's `last_airs_at` moves to it (callers pass a time not before it).
 */
export async function lockScene(
  tx: EntityManager,
  sceneId: string,
  count: number,
  guard: SceneGuard = {},
  airsAt?: number,
): Promise<SceneLock | null> {
  const where = ['id = ?'];
  const set = airsAt === undefined ? '' : ', last_airs_at = ?';
  const params: unknown[] = airsAt === undefined ? [count, sceneId] : [count, airsAt, sceneId];
  if (guard.epoch !== undefined) {
    where.push('epoch = ?');
    params.push(guard.epoch);
  }
  if (guard.nextTurn !== undefined) {
    where.push('next_turn = ?');
    params.push(guard.nextTurn);
  }
  if (guard.open) where.push('successor_scene_id is null');
  if (guard.status !== undefined) {
    const statuses = Array.isArray(guard.status) ? guard.status : [guard.status];
    where.push(`status in (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  const rows = await sqlRows<{ last_seq: number | string; broadcast_delay_seconds: number | string | null; last_airs_at: number | string }>(
    tx,
    `update scene set last_seq = last_seq + ?${set} where ${where.join(' and ')} returning last_seq, broadcast_delay_seconds, last_airs_at`,
    params,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    firstSeq: Number(row.last_seq) - count + 1,
    delaySeconds: row.broadcast_delay_seconds == null ? null : Number(row.broadcast_delay_seconds),
    lastAirsAt: Number(row.last_airs_at),
  };
}

/**
 * When events committed at `now` reach viewers: `now` plus the scene's delay (scaled by TIME_SCALE,
 * like every duration of a scene), never before the
 * scene's latest event (so what has aired is always a prefix of the log, whatever the delay did
 * meanwhile). Null: at once (no delay, nothing pending), stored as null so delay 0 reads as before.
 */
export function airsAtFor(lock: SceneLock, now: number, defaultDelaySeconds: number, timeScale = 1): number | null {
  const airsAt = Math.max(now + Math.round((lock.delaySeconds ?? defaultDelaySeconds) * 1000 * timeScale), lock.lastAirsAt);
  return airsAt > now ? airsAt : null;
}

/**
 * Append events to a scene's log inside the caller's transaction. Returns null (and
 * writes nothing) when the guard fails. Publish the returned records after commit.
 */
export async function appendEvents(
  tx: EntityManager,
  sceneId: string,
  epoch: number,
  bodies: SceneEventBody[],
  now: number,
  guard: SceneGuard = {},
  /** When they reach viewers (`airsAtFor`); null or absent: at once. */
  airsAt: number | null = null,
): Promise<SceneEventRecord[] | null> {
  if (bodies.length === 0) return [];
  const lock = await lockScene(tx, sceneId, bodies.length, guard, airsAt ?? undefined);
  if (lock === null) return null;
  const first = lock.firstSeq;
  const aired = airsAt === null ? {} : { airsAt };
  const records = bodies.map((body, i) => ({ ...body, sceneId, seq: first + i, epoch, at: now, ...aired }));
  await tx.insertMany(
    SceneEventEntity,
    records.map((r) => ({ sceneId, seq: r.seq, epoch, type: r.type, payload: bodyOf(r), at: now, airsAt })),
  );
  return records;
}

/** A scene_event row as the driver returns it (PostgreSQL hands over jsonb parsed and bigint as text). */
interface EventRow {
  seq: number;
  epoch: number;
  type: string;
  payload: string | Record<string, unknown>;
  at: number | string;
  airs_at: number | string | null;
}

/**
 * Which events a read returns: `live` every committed one (moderators), `aired` only those whose
 * time to reach viewers has come by `now` (`airs_at` null or past). `airs_at` never decreases
 * along the log, so an aired read is a prefix of the live one.
 */
export type Feed = { kind: 'live' } | { kind: 'aired'; now: number };

export const LIVE: Feed = { kind: 'live' };
export const airedBy = (now: number): Feed => ({ kind: 'aired', now });

/**
 * Events of a scene with `seq` in (afterSeq, untilSeq], oldest first, at most `limit`. Read
 * as plain rows rather than entities: replays read many pages, and hydrating each row into
 * the identity map costs more than the rest of the read put together.
 */
export async function readEvents(
  em: EntityManager,
  sceneId: string,
  afterSeq: number,
  limit: number,
  untilSeq?: number,
  feed: Feed = LIVE,
): Promise<SceneEventRecord[]> {
  const params: unknown[] = [sceneId, afterSeq];
  let where = 'scene_id = ? and seq > ?';
  if (untilSeq !== undefined) {
    where += ' and seq <= ?';
    params.push(untilSeq);
  }
  if (feed.kind === 'aired') {
    where += ' and (airs_at is null or airs_at <= ?)';
    params.push(feed.now);
  }
  params.push(limit);
  const rows = await sqlRows<EventRow>(
    em,
    `select seq, epoch, type, payload, at, airs_at from scene_event where ${where} order by seq asc limit ?`,
    params,
  );
  return rows.map((row) => {
    const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload;
    const aired = row.airs_at == null ? {} : { airsAt: Number(row.airs_at) };
    return {
      ...payload,
      type: row.type,
      sceneId,
      seq: Number(row.seq),
      epoch: Number(row.epoch),
      at: Number(row.at),
      ...aired,
    } as SceneEventRecord;
  });
}

/**
 * Publish committed events, in seq order, on `scene:committed`: moderators follow it, and each
 * API process's broadcast delay (`services/broadcastDelay.ts`) airs them on `scene:evented`.
 */
export function publishEvents(pubsub: AppPubSub, records: readonly SceneEventRecord[]): void {
  for (const record of records) pubsub.publish('scene:committed', record.sceneId, record);
}

function bodyOf(record: SceneEventRecord): Record<string, unknown> {
  const { sceneId: _s, seq: _q, epoch: _e, at: _a, type: _t, airsAt: _r, ...body } = record;
  return body;
}

/** Events read from the database per round trip while a viewer catches up. */
export const REPLAY_PAGE = 500;

/**
 * A follower that has heard nothing for this long checks the database. Redis Pub/Sub drops
 * messages sent while a subscriber reconnects; a later event reveals the gap, but when the
 * dropped event was the last for a while (a conversation ending) only this check finds it.
 */
export const IDLE_RESYNC_MS = 10_000;

/**
 * One page of a viewer's replay, read under the process's replay gate with an entity
 * manager of its own: nothing of the page outlives it, so a replay of any length holds at
 * most one page, and a storm of replays queues for the database instead of draining its
 * pool. Rejects with `RateLimitedError` when the gate turns the reader away.
 */
export async function readReplayPage(
  deps: { orm: Orm; replayGate: ReplayGate },
  sceneId: string,
  afterSeq: number,
  limit = REPLAY_PAGE,
  feed?: Feed,
): Promise<SceneEventRecord[]> {
  const release = await deps.replayGate.acquire();
  try {
    return await readReplay(deps.orm.em.fork(), sceneId, afterSeq, limit, undefined, feed);
  } finally {
    release();
  }
}

/**
 * `readEvents` for replaying to subscribers: lines hidden since they were posted are marked
 * hidden. Viewers' feed by default: only what has aired (the broadcast fan-out replays to
 * viewers only; moderators follow the live feed on the stock path).
 */
export async function readReplay(
  em: EntityManager,
  sceneId: string,
  afterSeq: number,
  limit: number,
  untilSeq?: number,
  feed: Feed = airedBy(Date.now()),
): Promise<SceneEventRecord[]> {
  return markHidden(em, await readEvents(em, sceneId, afterSeq, limit, untilSeq, feed));
}

/**
 * The log keeps each line as it was posted; a line hidden since then is marked hidden on
 * replay, so its words never reach a viewer who resumes later (the GraphQL layer redacts).
 */
export async function markHidden(em: EntityManager, page: SceneEventRecord[]): Promise<SceneEventRecord[]> {
  const ids = page.flatMap((e) => (e.type === 'MESSAGE_POSTED' ? [e.message.id] : []));
  if (ids.length === 0) return page;
  const hidden = await em.find(MessageEntity, { id: { $in: ids }, hidden: true }, { fields: ['id', 'hiddenReason'] });
  if (hidden.length === 0) return page;
  const reasons = new Map(hidden.map((m) => [m.id, m.hiddenReason ?? null]));
  return page.map((e) =>
    e.type === 'MESSAGE_POSTED' && reasons.has(e.message.id)
      ? { ...e, message: { ...e.message, hidden: true, hiddenReason: reasons.get(e.message.id) ?? null } }
      : e,
  );
}
