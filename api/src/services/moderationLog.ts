import { MessageEntity, ModerationActionEntity, type MessageRow, type ModerationActionRow } from '../adapters/db/entities.js';
import type { Container } from '../container.js';

/** What one moderator action records (the log adds the id and the time). */
export interface ModerationRecord {
  moderator: string;
  /** SCREAMING_CASE of the mutation, e.g. PAUSE_SCENE. */
  action: string;
  sceneId?: string | null;
  proposalId?: string | null;
  messageId?: string | null;
  reason?: string | null;
  detail?: string | null;
}

/** Column limits of `moderation_action`: values are cut to fit rather than refused after the action already happened. */
const LIMITS = { moderator: 40, action: 32, sceneId: 36, proposalId: 36, messageId: 20, reason: 200, detail: 400 } as const;
const fit = (value: string | null | undefined, max: number) => (value == null ? null : value.slice(0, max));

/** Append one entry to the moderation log. */
export async function recordModeration(container: Container, record: ModerationRecord): Promise<ModerationActionRow> {
  const em = container.orm.em.fork();
  const row = em.create(ModerationActionEntity, {
    at: container.clock.now(),
    moderator: fit(record.moderator, LIMITS.moderator)!,
    action: fit(record.action, LIMITS.action)!,
    sceneId: fit(record.sceneId, LIMITS.sceneId),
    proposalId: fit(record.proposalId, LIMITS.proposalId),
    messageId: fit(record.messageId, LIMITS.messageId),
    reason: fit(record.reason, LIMITS.reason),
    detail: fit(record.detail, LIMITS.detail),
  });
  await em.flush();
  return row;
}

/** A log entry with the message it acted on (hidden, approved or rejected), read for the moderators' log. */
export type ModerationLogEntry = ModerationActionRow & { message: MessageRow | null };

/** A page of the log, newest first. */
export interface ModerationLogPage {
  nodes: ModerationLogEntry[];
  hasNextPage: boolean;
}

/**
 * Read the log newest first: `first` entries older than the entry `beforeId` (the cursor),
 * optionally only one scene's. One extra row is read to know whether more follow.
 */
export async function moderationLogPage(
  container: Container,
  options: { first: number; beforeId?: number; sceneId?: string },
): Promise<ModerationLogPage> {
  const rows = await container.orm.em.fork().find(
    ModerationActionEntity,
    {
      ...(options.sceneId !== undefined ? { sceneId: options.sceneId } : {}),
      ...(options.beforeId !== undefined ? { id: { $lt: options.beforeId } } : {}),
    },
    { orderBy: { id: 'desc' }, limit: options.first + 1 },
  );
  const page = rows.slice(0, options.first);
  // The lines acted on, in one read: the log shows moderators the text, not "message 48".
  const ids = [...new Set(page.flatMap((r) => (r.messageId && /^\d{1,10}$/.test(r.messageId) ? [Number(r.messageId)] : [])))];
  const messages = ids.length ? await container.orm.em.fork().find(MessageEntity, { id: { $in: ids } }) : [];
  const byId = new Map(messages.map((m) => [String(m.id), m]));
  return {
    nodes: page.map((r) => ({ ...r, message: (r.messageId && byId.get(r.messageId)) || null })),
    hasNextPage: rows.length > options.first,
  };
}
