import { CharacterEntity } from '../adapters/db/entities.js';
import { sqlRows } from '../adapters/db/sql.js';
import type { Container } from '../container.js';
import type { SceneEventRecord } from '../domain/events.js';

/** Reads need only the database; each forks its own entity manager. */
type Db = Pick<Container, 'orm'>;

/** The event types a line's commit carries besides the line itself (see `loop/turn.ts`). */
const ROOM_CHANGES = ['CHARACTER_ACTED', 'CHARACTER_CHANGED'] as const;

/** At most this many events of one conversation are read for its lines (a conversation has a few hundred). */
export const LINE_EVENTS_READ_LIMIT = 20_000;

interface EventRow {
  seq: number | string;
  epoch: number | string;
  type: string;
  payload: string | Record<string, unknown>;
  at: number | string;
}

/**
 * Group a conversation's events by the line they were committed with: a turn commits its
 * `MESSAGE_POSTED` first, then the actions (`CHARACTER_ACTED`) and the state they changed
 * (`CHARACTER_CHANGED`: walks, hands, mood, facing), in one transaction, so with the
 * contiguous seqs and the one commit time of that transaction. Events before any line (a
 * `THINKING` change) and after it in other commits (the `IDLE` at the end of the speech) belong
 * to no line. Pure; `events` in seq order.
 */
export function groupByLine(events: readonly SceneEventRecord[]): Map<number, SceneEventRecord[]> {
  const out = new Map<number, SceneEventRecord[]>();
  let line: { id: number; seq: number; at: number; events: SceneEventRecord[] } | null = null;
  for (const event of events) {
    if (event.type === 'MESSAGE_POSTED') {
      line = { id: event.message.id, seq: event.seq, at: event.at, events: [] };
      out.set(line.id, line.events);
      continue;
    }
    const follows = line !== null && event.seq === line.seq + 1 && event.at === line.at;
    if (line && follows && (ROOM_CHANGES as readonly string[]).includes(event.type)) {
      line.events.push(event);
      line.seq = event.seq;
    } else {
      line = null;
    }
  }
  return out;
}

/**
 * The room changes committed with each line of one conversation, by message id (lines with
 * none map to an empty list). One indexed read of the conversation's line, action and
 * character events.
 */
export async function lineEventsOf(db: Db, sceneId: string, epoch: number): Promise<Map<number, SceneEventRecord[]>> {
  const rows = await sqlRows<EventRow>(
    db.orm.em.fork(),
    `select seq, epoch, type, payload, at from scene_event where scene_id = ? and epoch = ? and type in ('MESSAGE_POSTED', ${ROOM_CHANGES.map(() => '?').join(', ')}) order by seq asc limit ?`,
    [sceneId, epoch, ...ROOM_CHANGES, LINE_EVENTS_READ_LIMIT],
  );
  return groupByLine(
    rows.map((row) => {
      const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload;
      return {
        ...payload,
        type: row.type,
        sceneId,
        seq: Number(row.seq),
        epoch: Number(row.epoch),
        at: Number(row.at),
      } as SceneEventRecord;
    }),
  );
}

/** The scene a character belongs to (null when there is no such character). */
export async function characterSceneId(db: Db, characterId: string): Promise<string | null> {
  const row = await db.orm.em.fork().findOne(CharacterEntity, { id: characterId }, { fields: ['sceneId'] });
  return row?.sceneId ?? null;
}
