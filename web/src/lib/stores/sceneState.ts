import type {
  CharacterStateFieldsFragment,
  LineEventFieldsFragment,
  MessageFieldsFragment,
  SceneDetailQuery,
  SceneEventsSubscription,
  SceneStatus,
} from '../graphql/generated/graphql';

/**
 * The live state of one scene as pure data, and the pure reducer that applies scene
 * events to it. The rune store wraps this; tests drive it directly.
 */

export type SceneDetail = NonNullable<SceneDetailQuery['scene']>;
type SubscribedEvent = SceneEventsSubscription['sceneEvents'];
/** A scene event as the store applies it; `airsAt` (the broadcast delay) only matters to moderators' countdown. */
export type SceneEvent = SubscribedEvent extends infer E
  ? E extends { airsAt: number }
    ? Omit<E, 'airsAt'> & { airsAt?: number }
    : E
  : never;
/** What happened in the room with a line: its actions and the states they left (`Message.lineEvents`). */
export type RoomEvent = Extract<SceneEvent, { __typename: 'CharacterChanged' | 'CharacterActed' }>;
/** A line, with its room changes once known (fetched with it, or gathered live right after it). */
export type Message = MessageFieldsFragment & { lineEvents?: readonly RoomEvent[] };

/** The room changes among a line's fetched `lineEvents` (the API may add other kinds later). */
export function roomEvents(events: readonly LineEventFieldsFragment[]): RoomEvent[] {
  // The walk's path is left out of the query (it would pass the depth limit): the stage walks there by A*.
  return events.flatMap((e): RoomEvent[] =>
    e.__typename === 'CharacterChanged'
      ? [{ ...e, character: { ...e.character, walk: null } }]
      : e.__typename === 'CharacterActed'
        ? [e]
        : [],
  );
}
export type CharacterState = CharacterStateFieldsFragment;

/** One row of the conversation log. */
export type LogEntry =
  | {
      kind: 'message';
      key: string;
      epoch: number;
      order: number;
      seq: number | null;
      message: Message;
      /** When viewers get the line (the scene's broadcast delay); moderators count down to it. Null: not known (read from `messages`). */
      airsAt?: number | null;
    }
  | { kind: 'ended'; key: string; epoch: number; order: number; seq: number; at: number; nextConversationAt: number }
  | { kind: 'started'; key: string; epoch: number; order: number; seq: number; at: number; reason: string }
  | { kind: 'narration'; key: string; epoch: number; order: number; seq: number; at: number; text: string }
  | { kind: 'action'; key: string; epoch: number; order: number; seq: number; at: number; text: string; emoji: string; characterId: string }
  | { kind: 'status'; key: string; epoch: number; order: number; seq: number; at: number; status: SceneStatus; reason: string | null }
  | { kind: 'budget'; key: string; epoch: number; order: number; seq: number; at: number; scope: string; resumesAt: number }
  | { kind: 'next'; key: string; epoch: number; order: number; seq: number; at: number; sceneId: string; slug: string };

export interface LiveScene {
  detail: SceneDetail;
  status: SceneStatus;
  statusReason: string | null;
  epoch: number;
  startedAt: number;
  endedAt: number | null;
  nextConversationAt: number | null;
  characters: Record<string, CharacterState>;
  /** Messages of every epoch seen, by id. */
  messages: Map<string, Message>;
  /** Log rows, sorted by (epoch, order). */
  log: LogEntry[];
  /** Seq of the last event applied. */
  lastSeq: number;
  /** Speed multiplier (moderators may change it live). */
  pace: number;
  /** Set while a token budget is spent: no model calls until then. */
  budgetResumesAt: number | null;
  /** An approved proposal took over after this scene ended: where viewers go next. */
  next: { sceneId: string; slug: string } | null;
  /** Moderators keep hidden lines (greyed, with the reason); viewers drop them. */
  showHidden: boolean;
  /** Bumped when a moderator deletes or resets memories: the character cards read them again. */
  memoryVersion: number;
  /**
   * The line just posted and the last seq of its commit: the room changes that follow it
   * directly (next seq, same commit time) were committed with it and join its `lineEvents`.
   */
  lastLine: { id: string; seq: number; at: number } | null;
}

/** Build the live state from a scene snapshot and its current conversation's messages. */
export function initialScene(detail: SceneDetail, messages: readonly Message[], showHidden = false): LiveScene {
  const state: LiveScene = {
    detail,
    status: detail.status,
    statusReason: detail.statusReason,
    epoch: detail.epoch,
    startedAt: detail.startedAt,
    endedAt: detail.endedAt,
    nextConversationAt: detail.nextConversationAt,
    characters: Object.fromEntries(detail.characters.map((c) => [c.id, c.state])),
    messages: new Map(),
    log: [],
    lastSeq: detail.lastSeq,
    pace: detail.pace,
    budgetResumesAt: null,
    next: null,
    showHidden,
    memoryVersion: 0,
    lastLine: null,
  };
  for (const m of messages) if (!m.hidden || showHidden) addMessage(state, m, null);
  if (detail.status === 'ENDED' && detail.nextConversationAt) {
    insertLog(state, {
      kind: 'ended',
      key: `ended-${detail.epoch}`,
      epoch: detail.epoch,
      order: Number.MAX_SAFE_INTEGER,
      seq: detail.lastSeq,
      at: detail.endedAt ?? detail.nextConversationAt,
      nextConversationAt: detail.nextConversationAt,
    });
  }
  return state;
}

/** Add messages fetched after the snapshot (they may overlap messages from events). */
export function addMessages(state: LiveScene, messages: readonly Message[]): LiveScene {
  const next = cloneScene(state);
  for (const m of messages) if (!m.hidden || next.showHidden) addMessage(next, m, null);
  return next;
}

/** Apply one event (already ordered and de-duplicated by seq). Returns a new state. */
export function applyEvent(state: LiveScene, event: SceneEvent): LiveScene {
  const next = cloneScene(state);
  next.lastSeq = Math.max(next.lastSeq, event.seq);
  const lastTurn = lastTurnOf(next, event.epoch);
  if (event.__typename === 'CharacterChanged' || event.__typename === 'CharacterActed') attachToLine(next, event);
  else next.lastLine = null;
  switch (event.__typename) {
    case 'CharacterChanged':
      next.characters[event.character.id] = event.character;
      break;
    case 'MessagePosted': {
      // A model call happened, so any budget pause is over.
      next.budgetResumesAt = null;
      const shown = !event.message.hidden || next.showHidden;
      if (shown) addMessage(next, event.message, event.seq, event.airsAt ?? null);
      next.lastLine = shown ? { id: event.message.id, seq: event.seq, at: event.at } : null;
      break;
    }
    case 'SceneStatusChanged': {
      const before = next.status;
      next.status = event.status;
      next.statusReason = event.statusReason ?? null;
      // Only real transitions make a log line: a reset or a new conversation also sets
      // RUNNING, and that is not a "Resumed".
      const paused = event.status === 'PAUSED' && before !== 'PAUSED';
      const resumed = event.status === 'RUNNING' && before === 'PAUSED';
      if (paused || resumed) {
        insertLog(next, {
          kind: 'status',
          key: `status-${event.seq}`,
          epoch: event.epoch,
          order: lastTurn + 0.5,
          seq: event.seq,
          at: event.at,
          status: event.status,
          reason: event.statusReason ?? null,
        });
      }
      break;
    }
    case 'ConversationEnded':
      next.status = 'ENDED';
      next.endedAt = event.at;
      next.nextConversationAt = event.nextConversationAt;
      insertLog(next, {
        kind: 'ended',
        key: `ended-${event.epoch}`,
        epoch: event.epoch,
        order: Number.MAX_SAFE_INTEGER,
        seq: event.seq,
        at: event.at,
        nextConversationAt: event.nextConversationAt,
      });
      break;
    case 'MessageHidden': {
      // Views derived from the line were emptied with it (memories come with MemoryDeleted): open cards re-read.
      next.memoryVersion++;
      const hidden = next.messages.get(event.messageId);
      if (next.showHidden) {
        // Moderators keep the line, greyed, with the reason.
        if (hidden) addMessage(next, { ...hidden, hidden: true, hiddenReason: event.hiddenReason ?? null }, null);
        break;
      }
      // A moderator hid a line: it leaves the log, the chart and the counts.
      next.messages.delete(event.messageId);
      next.log = next.log.filter((e) => e.key !== `m-${event.messageId}`);
      break;
    }
    case 'BudgetExhausted':
      next.budgetResumesAt = event.resumesAt;
      insertLog(next, {
        kind: 'budget',
        key: `budget-${event.seq}`,
        epoch: event.epoch,
        order: lastTurn + 0.5,
        seq: event.seq,
        at: event.at,
        scope: event.scope,
        resumesAt: event.resumesAt,
      });
      break;
    case 'MemoryDeleted':
    case 'MemoryReset':
      next.memoryVersion++;
      break;
    case 'NextSceneStarted':
      next.next = { sceneId: event.nextSceneId, slug: event.nextSceneSlug };
      insertLog(next, {
        kind: 'next',
        key: `next-${event.seq}`,
        epoch: event.epoch,
        order: Number.MAX_SAFE_INTEGER,
        seq: event.seq,
        at: event.at,
        sceneId: event.nextSceneId,
        slug: event.nextSceneSlug,
      });
      break;
    case 'SceneSettingsChanged':
      next.pace = event.pace;
      next.detail = { ...next.detail, pace: event.pace };
      if (event.tokenBudgetPerHour !== null && event.tokenBudgetPerHour !== undefined) {
        next.detail = { ...next.detail, tokenBudgetPerHour: event.tokenBudgetPerHour };
      }
      break;
    case 'CharacterActed':
      // Committed with the speaker's line, after it: shown just before the line, in the order done.
      insertLog(next, actionEntry(event, lastTurn));
      break;
    case 'NarrationInjected':
      insertLog(next, {
        kind: 'narration',
        key: `n-${event.seq}`,
        epoch: event.epoch,
        order: lastTurn + 0.5,
        seq: event.seq,
        at: event.at,
        text: event.text,
      });
      break;
    case 'ConversationStarted':
      next.epoch = event.epoch;
      next.status = 'RUNNING';
      next.statusReason = null;
      next.startedAt = event.at;
      next.endedAt = null;
      next.nextConversationAt = null;
      for (const c of event.characters) next.characters[c.id] = c;
      insertLog(next, {
        kind: 'started',
        key: `started-${event.epoch}`,
        epoch: event.epoch,
        order: -1,
        seq: event.seq,
        at: event.at,
        reason: event.startReason,
      });
      break;
  }
  if (event.epoch > next.epoch) next.epoch = event.epoch;
  return next;
}

/** Why the scene is quiet right now, in words (budget first: it is the less obvious reason). */
export function quietReason(state: LiveScene, now: number, formatTime: (ms: number) => string): string | null {
  if (state.budgetResumesAt && state.budgetResumesAt > now) return `budget spent — resumes at ${formatTime(state.budgetResumesAt)}`;
  if (state.status === 'PAUSED') return state.statusReason ? `paused — ${state.statusReason}` : 'paused';
  return null;
}

/** Messages of one conversation, in turn order. */
export function messagesOf(state: LiveScene, epoch: number): Message[] {
  return [...state.messages.values()].filter((m) => m.epoch === epoch).sort((a, b) => a.turn - b.turn);
}

function cloneScene(state: LiveScene): LiveScene {
  return { ...state, characters: { ...state.characters }, messages: new Map(state.messages), log: [...state.log] };
}

function lastTurnOf(state: LiveScene, epoch: number): number {
  let turn = 0;
  for (const m of state.messages.values()) if (m.epoch === epoch && m.turn > turn) turn = m.turn;
  return turn;
}

/** A room change that directly follows the line just posted, in its commit, joins the line's `lineEvents`. */
function attachToLine(state: LiveScene, event: RoomEvent): void {
  const line = state.lastLine;
  if (!line || event.seq !== line.seq + 1 || event.at !== line.at) {
    state.lastLine = null;
    return;
  }
  state.lastLine = { ...line, seq: event.seq };
  const message = state.messages.get(line.id);
  if (!message || message.lineEvents?.some((e) => e.seq === event.seq)) return;
  addMessage(state, { ...message, lineEvents: [...(message.lineEvents ?? []), event] }, null);
}

function addMessage(state: LiveScene, incoming: Message, seq: number | null, airsAt: number | null = null): void {
  const existing = state.messages.get(incoming.id);
  // A copy without room changes (the live post) never drops those already known.
  const message = incoming.lineEvents || !existing?.lineEvents ? incoming : { ...incoming, lineEvents: existing.lineEvents };
  state.messages.set(message.id, message);
  // Actions fetched with the line are listed before it, as the live stream lists them.
  for (const e of message.lineEvents ?? []) if (e.__typename === 'CharacterActed') insertLog(state, actionEntry(e, message.turn));
  const index = state.log.findIndex((e) => e.key === `m-${message.id}`);
  if (existing && index >= 0) {
    const entry = state.log[index]!;
    if (entry.kind === 'message') state.log[index] = { ...entry, message, seq: entry.seq ?? seq, airsAt: entry.airsAt ?? airsAt };
    return;
  }
  insertLog(state, { kind: 'message', key: `m-${message.id}`, epoch: message.epoch, order: message.turn, seq, message, airsAt });
}

function actionEntry(event: Extract<RoomEvent, { __typename: 'CharacterActed' }>, turn: number): LogEntry {
  return {
    kind: 'action',
    key: `a-${event.seq}`,
    epoch: event.epoch,
    order: turn - 0.5,
    seq: event.seq,
    at: event.at,
    text: event.description,
    emoji: event.emoji,
    characterId: event.characterId,
  };
}

function insertLog(state: LiveScene, entry: LogEntry): void {
  if (state.log.some((e) => e.key === entry.key)) return;
  let i = state.log.length;
  while (i > 0 && compareLog(state.log[i - 1]!, entry) > 0) i--;
  state.log.splice(i, 0, entry);
}

function compareLog(a: LogEntry, b: LogEntry): number {
  return a.epoch - b.epoch || a.order - b.order || (a.seq ?? 0) - (b.seq ?? 0);
}
