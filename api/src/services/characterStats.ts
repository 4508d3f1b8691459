import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../adapters/db/sql.js';
import type { Orm } from '../adapters/db/orm.js';
import { analyticsRead } from './analyticsReads.js';

const MINUTE = 60_000;

/** The most minutes one `characterStats` call may span (as many as `usage`'s MINUTE buckets). */
export const MAX_CHARACTER_STATS_MINUTES = 10_000;

/** What a stored line adds to its speaker's rollup. */
export interface CharacterLine {
  sceneId: string;
  speakerId: string;
  speakerName: string;
  recipientName?: string | null;
  mood: string;
  moodEmoji: string;
  rating: number;
  createdAt: number;
}

const TALLY = `insert into character_tally_minute (scene_id, character_id, minute, kind, label, emoji, count) values (?, ?, ?, ?, ?, ?, 1)
  on conflict (character_id, minute, kind, label, emoji) do update set count = character_tally_minute.count + 1
  returning count`;

/**
 * Count a line for its speaker (lines, rating, mood, addressee) in the transaction that stores
 * it, like `recordLineUsage`: `characterStats` then reads these rows, never the messages.
 * A line to everyone has no addressee to count.
 */
export async function recordCharacterLine(tx: EntityManager, line: CharacterLine): Promise<void> {
  const minute = Math.floor(line.createdAt / MINUTE) * MINUTE;
  await sqlRows(
    tx,
    `insert into character_minute (scene_id, character_id, name, minute, lines, rating_sum) values (?, ?, ?, ?, 1, ?)
     on conflict (character_id, minute) do update set
       lines = character_minute.lines + 1,
       rating_sum = character_minute.rating_sum + excluded.rating_sum,
       name = excluded.name
     returning lines`,
    [line.sceneId, line.speakerId, line.speakerName, minute, line.rating],
  );
  await sqlRows(tx, TALLY, [line.sceneId, line.speakerId, minute, 'mood', line.mood, line.moodEmoji]);
  if (line.recipientName) await sqlRows(tx, TALLY, [line.sceneId, line.speakerId, minute, 'to', line.recipientName, '']);
}

export interface MoodCount {
  mood: string;
  emoji: string;
  count: number;
}

export interface AddresseeCount {
  name: string;
  count: number;
}

export interface CharacterStats {
  characterId: string;
  name: string;
  sceneId: string;
  lines: number;
  /** Mean rating of the character's lines in the range; null without lines. */
  averageRating: number | null;
  /** Tokens of the character's memory calls (writes and reflections) in the range. */
  memoryPromptTokens: number;
  memoryCompletionTokens: number;
  /** Most frequent first. */
  moods: MoodCount[];
  /** Most addressed first. */
  addressees: AddresseeCount[];
}

/** Count descending, then the text ascending (code-unit order, the same on every database). */
const byCountThen =
  <T extends { count: number }>(key: (t: T) => string) =>
  (a: T, b: T) =>
    b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * Every character that spoke or used a memory call in [since, until) (whole minutes, validated by the caller),
 * optionally in one scene, most lines first, from the per-minute rollups: at most
 * minutes × characters rows are read, whatever the history.
 */
export async function characterStats(
  deps: { orm: Orm },
  q: { since: number; until: number; sceneId?: string | null },
): Promise<CharacterStats[]> {
  const em = deps.orm.em.fork();
  const where = `minute >= ? and minute < ?${q.sceneId ? ' and scene_id = ?' : ''}`;
  const params = q.sceneId ? [q.since, q.until, q.sceneId] : [q.since, q.until];
  const read = async () => {
    const lines = await sqlRows<{
      character_id: string;
      scene_id: string;
      name: string;
      lines: number | string;
      rating: number | string;
      mp: number | string;
      mc: number | string;
    }>(
      em,
      `select character_id, max(scene_id) as scene_id, max(name) as name, sum(lines) as lines, sum(rating_sum) as rating,
       sum(memory_prompt_tokens) as mp, sum(memory_completion_tokens) as mc
     from character_minute where ${where} group by character_id`,
      params,
    );
    const tallies = await sqlRows<{ character_id: string; kind: string; label: string; emoji: string; n: number | string }>(
      em,
      `select character_id, kind, label, emoji, sum(count) as n from character_tally_minute where ${where}
     group by character_id, kind, label, emoji`,
      params,
    );
    return { lines, tallies };
  };
  const { lines, tallies } = await analyticsRead(deps.orm, `characters:${q.since}:${q.until}:${q.sceneId ?? '*'}`, read);
  const out = new Map<string, CharacterStats>();
  for (const r of lines) {
    const n = Number(r.lines);
    out.set(r.character_id, {
      characterId: r.character_id,
      name: r.name,
      sceneId: r.scene_id,
      lines: n,
      averageRating: n > 0 ? Number(r.rating) / n : null,
      memoryPromptTokens: Number(r.mp),
      memoryCompletionTokens: Number(r.mc),
      moods: [],
      addressees: [],
    });
  }
  for (const t of tallies) {
    const c = out.get(t.character_id);
    if (!c) continue;
    if (t.kind === 'mood') c.moods.push({ mood: t.label, emoji: t.emoji, count: Number(t.n) });
    else c.addressees.push({ name: t.label, count: Number(t.n) });
  }
  for (const c of out.values()) {
    c.moods.sort(byCountThen((m) => `${m.mood}\u0000${m.emoji}`));
    c.addressees.sort(byCountThen((a) => a.name));
  }
  return [...out.values()].sort(
    (a, b) => b.lines - a.lines || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.characterId < b.characterId ? -1 : 1),
  );
}
