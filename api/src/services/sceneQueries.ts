import { CharacterEntity, MessageEntity, SceneEntity, type CharacterRow, type SceneRow } from '../adapters/db/entities.js';
import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../adapters/db/sql.js';
import type { Container } from '../container.js';

/** Reads need only the database; each forks its own entity manager, so callers hold no ORM state. */
type Db = Pick<Container, 'orm'>;

/** The scene a message belongs to (null when there is no such message). */
export async function messageSceneId(db: Db, messageId: number): Promise<string | null> {
  const row = await db.orm.em.fork().findOne(MessageEntity, { id: messageId }, { fields: ['sceneId'] });
  return row?.sceneId ?? null;
}

/** A character with its numbers for the current conversation. */
export type CharacterWithStats = CharacterRow & { messageCount: number; averageRating: number | null };

/** All scenes, built-in first, in their display order. */
export function listScenes(db: Db): Promise<SceneRow[]> {
  return db.orm.em.fork().find(SceneEntity, {}, { orderBy: { builtIn: 'desc', sortOrder: 'asc', createdAt: 'asc' } });
}

/** One scene by id or slug (null when missing). */
export function findScene(db: Db, by: { id?: string | null; slug?: string | null }): Promise<SceneRow | null> {
  const em = db.orm.em.fork();
  if (by.id) return em.findOne(SceneEntity, { id: by.id });
  if (by.slug) return em.findOne(SceneEntity, { slug: by.slug });
  return Promise.resolve(null);
}

/**
 * A scene's last aired event seq (what a viewer has been sent, `airedSeq`), or null when there is
 * no such scene: one indexed read, no entity (a viewer joining a scene needs nothing else, and a
 * connect storm does it thousands of times). With nothing waiting for the broadcast delay (always,
 * at delay 0) that is the scene's last seq, with no second read.
 */
export async function sceneLastSeq(db: Db, id: string, now = Date.now()): Promise<number | null> {
  const em = db.orm.em.fork();
  const rows = await sqlRows<{ last_seq: number | string; last_airs_at: number | string }>(
    em,
    'select last_seq, last_airs_at from scene where id = ?',
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return Number(row.last_airs_at) <= now ? Number(row.last_seq) : lastAiredSeq(em, id, now);
}

/** What viewers have been sent of a scene: its last seq, or less while events wait for the broadcast delay. */
export async function airedSeq(db: Db, scene: Pick<SceneRow, 'id' | 'lastSeq' | 'lastAirsAt'>, now: number): Promise<number> {
  return scene.lastAirsAt <= now ? scene.lastSeq : lastAiredSeq(db.orm.em.fork(), scene.id, now);
}

/** The last seq whose `airs_at` has come (the log's tail is what waits: a backward index scan finds it). */
async function lastAiredSeq(em: EntityManager, sceneId: string, now: number): Promise<number> {
  const rows = await sqlRows<{ seq: number | string }>(
    em,
    'select seq from scene_event where scene_id = ? and (airs_at is null or airs_at <= ?) order by seq desc limit 1',
    [sceneId, now],
  );
  return rows[0] ? Number(rows[0].seq) : 0;
}

/** A scene's characters with message count and average rating in the given conversation. */
export async function charactersWithStats(db: Db, scene: SceneRow, airedBy?: number): Promise<CharacterWithStats[]> {
  const em = db.orm.em.fork();
  const characters = await em.find(CharacterEntity, { sceneId: scene.id }, { orderBy: { sortOrder: 'asc' } });
  const aired = airedClause(airedBy);
  const rows = await sqlRows<{ speaker_id: string; n: number | string; avg: number | string | null }>(
    em,
    `select speaker_id, count(*) as n, avg(rating) as avg from message where scene_id = ? and epoch = ?${aired.sql} group by speaker_id`,
    [scene.id, scene.epoch, ...aired.params],
  );
  const bySpeaker = new Map(rows.map((r) => [r.speaker_id, r]));
  return characters.map((c) => {
    const r = bySpeaker.get(c.id);
    return { ...c, messageCount: r ? Number(r.n) : 0, averageRating: r?.avg == null ? null : Number(r.avg) };
  });
}

/** One conversation (epoch) of a scene, for the replay picker. */
export interface ConversationSummary {
  epoch: number;
  messageCount: number;
  startedAt: number | null;
  lastMessageAt: number | null;
}

/** Conversations of a scene that have messages, newest first. */
export async function conversations(db: Db, sceneId: string, airedBy?: number): Promise<ConversationSummary[]> {
  const aired = airedClause(airedBy);
  const rows = await sqlRows<{ epoch: number; n: number | string; first: number | string; last: number | string }>(
    db.orm.em.fork(),
    `select epoch, count(*) as n, min(created_at) as first, max(created_at) as last from message where scene_id = ?${aired.sql} group by epoch order by epoch desc limit 50`,
    [sceneId, ...aired.params],
  );
  return rows.map((r) => ({
    epoch: Number(r.epoch),
    messageCount: Number(r.n),
    startedAt: r.first == null ? null : Number(r.first),
    lastMessageAt: r.last == null ? null : Number(r.last),
  }));
}

/** Usage numbers: turns and tokens per model, overall and per scene. */
export interface UsageRow {
  sceneId: string;
  model: string;
  turns: number;
  promptTokens: number;
  completionTokens: number;
  averageLatencyMs: number;
}

export async function usage(db: Db): Promise<UsageRow[]> {
  const rows = await sqlRows<{
    scene_id: string;
    model: string;
    n: number | string;
    p: number | string | null;
    c: number | string | null;
    l: number | string | null;
  }>(
    db.orm.em.fork(),
    'select scene_id, model, count(*) as n, sum(prompt_tokens) as p, sum(completion_tokens) as c, avg(latency_ms) as l from message group by scene_id, model',
  );
  return rows.map((r) => ({
    sceneId: r.scene_id,
    model: r.model,
    turns: Number(r.n),
    promptTokens: Number(r.p ?? 0),
    completionTokens: Number(r.c ?? 0),
    averageLatencyMs: Math.round(Number(r.l ?? 0)),
  }));
}

/** Turn number of the message a cursor points at. */
export function encodeCursor(epoch: number, turn: number): string {
  return Buffer.from(`m:${epoch}:${turn}`).toString('base64url');
}

export function decodeCursor(cursor: string): { epoch: number; turn: number } | null {
  const m = /^m:(\d{1,9}):(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? { epoch: Number(m[1]), turn: Number(m[2]) } : null;
}

/** Viewers' reads (`airedBy` = now) leave out lines still waiting for the broadcast delay. */
function airedClause(airedBy: number | undefined): { sql: string; params: number[] } {
  return airedBy === undefined ? { sql: '', params: [] } : { sql: ' and (airs_at is null or airs_at <= ?)', params: [airedBy] };
}

/**
 * A page of a conversation's messages ordered by turn, Relay-style. Moderators (`viewerAt`
 * undefined) get every line; viewers only the visible ones that have aired by `viewerAt`.
 */
export async function messagePage(
  db: Db,
  sceneId: string,
  epoch: number,
  viewerAt: number | undefined,
  page: { first?: number; after?: number; last?: number; before?: number },
) {
  const em = db.orm.em.fork();
  const base =
    viewerAt === undefined
      ? { sceneId, epoch }
      : { sceneId, epoch, hidden: false, $or: [{ airsAt: null }, { airsAt: { $lte: viewerAt } }] };
  const total = await em.count(MessageEntity, base);
  if (page.last !== undefined) {
    const turn = page.before !== undefined ? { $lt: page.before } : undefined;
    const rows = await em.find(MessageEntity, turn ? { ...base, turn } : base, {
      orderBy: { turn: 'desc' },
      limit: page.last + 1,
    });
    const hasPreviousPage = rows.length > page.last;
    const nodes = rows.slice(0, page.last).reverse();
    const hasNextPage = page.before !== undefined && (await em.count(MessageEntity, { ...base, turn: { $gte: page.before } })) > 0;
    return { nodes, total, hasNextPage, hasPreviousPage };
  }
  const first = page.first ?? 20;
  const turn = page.after !== undefined ? { $gt: page.after } : undefined;
  const rows = await em.find(MessageEntity, turn ? { ...base, turn } : base, { orderBy: { turn: 'asc' }, limit: first + 1 });
  const hasNextPage = rows.length > first;
  const hasPreviousPage = page.after !== undefined && (await em.count(MessageEntity, { ...base, turn: { $lte: page.after } })) > 0;
  return { nodes: rows.slice(0, first), total, hasNextPage, hasPreviousPage };
}
