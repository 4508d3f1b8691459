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

/**
 * Inside a transaction: check the guard, allocate `count` seqs and lock the scene row
 * (PostgreSQL holds the row lock until commit, so concurrent writers queue up and no
 * two events share a seq). Resolves to the first allocated seq, or null when the scene
 * no longer matches the guard.
 */
export async function allocateSeqs(tx: EntityManager, sceneId: string, count: number, guard: SceneGuard = {}): Promise<number | null> {
  const where = ['id = ?'];
  const params: unknown[] = [count, sceneId];
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
  const rows = await sqlRows<{ last_seq: number | string }>(
    tx,
    `update scene set last_seq = last_seq + ? where ${where.join(' and ')} returning last_seq`,
    params,
  );
  const last = rows[0]?.last_seq;
  return last === undefined ? null : Number(last) - count + 1;
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
): Promise<SceneEventRecord[] | null> {
  if (bodies.length === 0) return [];
  const first = await allocateSeqs(tx, sceneId, bodies.length, guard);
  if (first === null) return null;
  const records = bodies.map((body, i) => ({ ...body, sceneId, seq: first + i, epoch, at: now }));
  await tx.insertMany(
    SceneEventEntity,
    records.map((r) => ({ sceneId, seq: r.seq, epoch, type: r.type, payload: bodyOf(r), at: now })),
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
}

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
): Promise<SceneEventRecord[]> {
  const until = untilSeq === undefined ? '' : ' and seq <= ?';
  const params = untilSeq === undefined ? [sceneId, afterSeq, limit] : [sceneId, afterSeq, untilSeq, limit];
  const rows = await sqlRows<EventRow>(
    em,
    `select seq, epoch, type, payload, at from scene_event where scene_id = ? and seq > ?${until} order by seq asc limit ?`,
    params,
  );
  return rows.map((row) => {
    const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload;
    return { ...payload, type: row.type, sceneId, seq: Number(row.seq), epoch: Number(row.epoch), at: Number(row.at) } as SceneEventRecord;
  });
}

/** Publish committed events, in seq order. */
export function publishEvents(pubsub: AppPubSub, records: readonly SceneEventRecord[]): void {
  for (const record of records) pubsub.publish('scene:evented', record.sceneId, record);
}

function bodyOf(record: SceneEventRecord): Record<string, unknown> {
  const { sceneId: _s, seq: _q, epoch: _e, at: _a, type: _t, ...body } = record;
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
): Promise<SceneEventRecord[]> {
  const release = await deps.replayGate.acquire();
  try {
    return await readReplay(deps.orm.em.fork(), sceneId, afterSeq, limit);
  } finally {
    release();
  }
}

/** `readEvents` for replaying to viewers: lines hidden since they were posted are marked hidden. */
export async function readReplay(
  em: EntityManager,
  sceneId: string,
  afterSeq: number,
  limit: number,
  untilSeq?: number,
): Promise<SceneEventRecord[]> {
  return markHidden(em, await readEvents(em, sceneId, afterSeq, limit, untilSeq));
}

/**
 * The log keeps each line as it was posted; a line hidden since then is marked hidden on
 * replay, so its words never reach a viewer who resumes later (the GraphQL layer redacts).
 */
async function markHidden(em: EntityManager, page: SceneEventRecord[]): Promise<SceneEventRecord[]> {
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
