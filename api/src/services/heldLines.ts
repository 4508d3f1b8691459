import { MessageEntity, SceneEntity, type MessageRow } from '../adapters/db/entities.js';
import type { Orm } from '../adapters/db/orm.js';
import type { AppPubSub } from '../graphql/topics.js';
import type { Clock } from '../ports/clock.js';
import { recordCharacterLine } from './characterStats.js';
import { messageSnapshot } from './mappers.js';
import { commitSceneChange } from './sceneCommit.js';
import { rebuildSummary } from './turnContext.js';

/*
 * The review queue of held lines (issue 22). The turn stores a line the screen flagged as
 * `hidden` with `held_at` (loop/heldTurn.ts), so no viewer path, prompt, summary or memory
 * ever reads it. A moderator approves it (released: it becomes visible and is posted as a new
 * event at the END of the scene's stream, with the next `seq`) or rejects it (it stays hidden
 * for good, readable to moderators with its reason, like a hidden line).
 *
 * Seq and resuming: a held line spends no seq while held. Its release is one commit through
 * `commitSceneChange` (the same guarded, locked, publish-after-commit path as every turn), so
 * its MESSAGE_POSTED gets the next seq like any other event: a stream resumed with `afterSeq`
 * across a hold and a release sees neither a gap nor a duplicate, and the line arrives where
 * the release happened in the stream (its `turn` still says where it was spoken; `messages`
 * lists it at its turn). A rejected line never reaches the stream.
 */

/** The most held lines one queue read returns (oldest first). */
export const HELD_QUEUE_LIMIT = 50;
/** Lines of context before each held line. */
export const HELD_CONTEXT_LINES = 3;

type Db = { orm: Orm };
type DecideDeps = { orm: Orm; pubsub: AppPubSub; clock: Clock };

/** One entry of the review queue: the line, why it was held and what came before it. */
export interface HeldLine {
  message: MessageRow;
  reasons: string[];
  heldAt: number;
  /** Up to HELD_CONTEXT_LINES earlier lines of its conversation, oldest first (hidden ones included: moderators read them). */
  context: MessageRow[];
}

/** Why a decision could not be made; nothing changed. */
export type DecisionRefusal = 'NOT_FOUND' | 'NOT_HELD' | 'ALREADY_RELEASED' | 'ALREADY_REJECTED';

export type Decision = { ok: true; message: MessageRow } | { ok: false; refusal: DecisionRefusal };

/** The lines waiting for a moderator, oldest first: one scene's, or every scene's when `sceneId` is null. */
export async function heldLines(db: Db, sceneId: string | null): Promise<HeldLine[]> {
  const em = db.orm.em.fork();
  const rows = await em.find(
    MessageEntity,
    { ...(sceneId ? { sceneId } : {}), heldAt: { $ne: null } },
    { orderBy: { heldAt: 'asc', id: 'asc' }, limit: HELD_QUEUE_LIMIT },
  );
  return Promise.all(
    rows.map(async (message) => ({
      message,
      reasons: message.heldReasons ?? [],
      heldAt: message.heldAt!,
      context: (
        await em.find(
          MessageEntity,
          { sceneId: message.sceneId, epoch: message.epoch, turn: { $lt: message.turn } },
          { orderBy: { turn: 'desc' }, limit: HELD_CONTEXT_LINES },
        )
      ).reverse(),
    })),
  );
}

/** How many lines wait in a scene's queue (or every scene's). */
export function heldCount(db: Db, sceneId: string | null): Promise<number> {
  return db.orm.em.fork().count(MessageEntity, { ...(sceneId ? { sceneId } : {}), heldAt: { $ne: null } });
}

function refusalFor(message: MessageRow | null): DecisionRefusal | null {
  if (!message) return 'NOT_FOUND';
  if (message.heldAt != null) return null;
  if (message.heldDecision === 'APPROVED') return 'ALREADY_RELEASED';
  if (message.heldDecision === 'REJECTED') return 'ALREADY_REJECTED';
  return 'NOT_HELD';
}

/**
 * Release a held line: visible from now on, posted as MESSAGE_POSTED with the scene's next seq
 * (see above), counted in the speaker's rollups, and, when the running summary already covers
 * its turn, folded into a rebuilt summary so the characters hear it from now on. Guarded on
 * `held_at` under the scene row lock: of two moderators deciding at once, one wins and the
 * other is refused with what happened.
 */
export async function approveHeldLine(deps: DecideDeps, messageId: number): Promise<Decision> {
  const found = await deps.orm.em.fork().findOne(MessageEntity, { id: messageId });
  const refused = refusalFor(found);
  if (refused) return { ok: false, refusal: refused };
  const message = found!;
  const released: MessageRow = { ...message, hidden: false, hiddenReason: null, heldAt: null, heldDecision: 'APPROVED' };
  let won = false;
  await commitSceneChange(deps, message.sceneId, {}, message.epoch, deps.clock.now(), async (tx) => {
    const updated = await tx.nativeUpdate(
      MessageEntity,
      { id: messageId, heldAt: { $ne: null } },
      { hidden: false, hiddenReason: null, heldAt: null, heldDecision: 'APPROVED' },
    );
    if (!updated) return [];
    won = true;
    await recordCharacterLine(tx, message);
    const scene = await tx.findOne(SceneEntity, { id: message.sceneId }, { fields: ['id', 'epoch', 'summaryThroughTurn'] });
    if (scene && scene.epoch === message.epoch && message.turn <= scene.summaryThroughTurn) {
      await tx.nativeUpdate(
        SceneEntity,
        { id: scene.id },
        { summary: await rebuildSummary(tx, scene.id, scene.epoch, scene.summaryThroughTurn) },
      );
    }
    return [{ type: 'MESSAGE_POSTED', message: messageSnapshot(released) }];
  });
  return settle(deps, messageId, won, released, 'APPROVED');
}

/**
 * Keep a held line hidden for good: moderators still read it (`messages`, the queue's history)
 * with `hiddenReason` (theirs, or the screen's reasons). No viewer event: viewers never knew it.
 */
export async function rejectHeldLine(deps: DecideDeps, messageId: number, reason: string | null): Promise<Decision> {
  const found = await deps.orm.em.fork().findOne(MessageEntity, { id: messageId });
  const refused = refusalFor(found);
  if (refused) return { ok: false, refusal: refused };
  const message = found!;
  const hiddenReason = (reason ?? `held by the screen (${(message.heldReasons ?? []).join(', ')})`).slice(0, 200);
  const rejected: MessageRow = { ...message, hidden: true, hiddenReason, heldAt: null, heldDecision: 'REJECTED' };
  let won = false;
  await commitSceneChange(deps, message.sceneId, {}, message.epoch, deps.clock.now(), async (tx) => {
    won =
      (await tx.nativeUpdate(
        MessageEntity,
        { id: messageId, heldAt: { $ne: null } },
        { hiddenReason, heldAt: null, heldDecision: 'REJECTED' },
      )) > 0;
    return [];
  });
  return settle(deps, messageId, won, rejected, 'REJECTED');
}

/** After a decision's commit: tell moderators, or say what the other moderator decided first. */
async function settle(
  deps: DecideDeps,
  messageId: number,
  won: boolean,
  row: MessageRow,
  change: 'APPROVED' | 'REJECTED',
): Promise<Decision> {
  if (!won) return { ok: false, refusal: refusalFor(await deps.orm.em.fork().findOne(MessageEntity, { id: messageId })) ?? 'NOT_HELD' };
  deps.pubsub.publish('heldLine:changed', { sceneId: row.sceneId, messageId, change });
  return { ok: true, message: row };
}

/** A decided line's scene and the screen's reasons, for the moderation log. */
export async function heldLineFacts(db: Db, messageId: number): Promise<{ sceneId: string; reasons: string[] } | null> {
  const row = await db.orm.em.fork().findOne(MessageEntity, { id: messageId }, { fields: ['sceneId', 'heldReasons'] });
  return row ? { sceneId: row.sceneId, reasons: row.heldReasons ?? [] } : null;
}
