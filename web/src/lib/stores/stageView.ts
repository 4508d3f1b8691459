import type { Facing, StageActor } from '../bridge/events';
import {
  applyEvent,
  initialScene,
  type CharacterState,
  type LiveScene,
  type Message,
  type RoomEvent,
  type SceneDetail,
} from './sceneState';

/**
 * Pure mapping from scene data to what the stage shows: the live view from characters'
 * states, and the history/replay view that re-stages one past line.
 */

/** A line counts as still being said this long after its speaking time (network, clocks). */
const SPEAKING_GRACE_MS = 2_000;

/**
 * Live actors: each character's state, with its latest line while speaking. An ended
 * conversation has nobody speaking or thinking, whatever the last state said, and a
 * SPEAKING state whose time ran out (a lost `IDLE` event) reads as listening.
 */
export function liveActors(scene: LiveScene, skewMs: number, now: number = Date.now()): StageActor[] {
  const lastLine = new Map<string, Message>();
  for (const m of scene.messages.values()) {
    if (m.epoch !== scene.epoch) continue;
    const prev = lastLine.get(m.speakerId);
    if (!prev || prev.turn < m.turn) lastLine.set(m.speakerId, m);
  }
  return scene.detail.characters.map((c) => {
    const state: CharacterState = scene.characters[c.id] ?? c.state;
    const ended = scene.status === 'ENDED';
    const expired =
      state.action === 'SPEAKING' &&
      state.actionDurationMs > 0 &&
      state.actionStartedAt + skewMs + state.actionDurationMs + SPEAKING_GRACE_MS < now;
    const action = ended || expired ? (state.action === 'WALKING' && !ended ? 'WALKING' : 'IDLE') : state.action;
    const line = action === 'SPEAKING' ? lastLine.get(c.id) : undefined;
    return {
      id: c.id,
      action,
      actionStartedAt: state.actionStartedAt + skewMs,
      actionDurationMs: state.actionDurationMs,
      mood: state.mood,
      moodEmoji: state.moodEmoji,
      spot: state.spot,
      facing: state.facing,
      endRequested: state.endRequestedAt !== null && scene.status === 'RUNNING',
      line: line ? { text: line.content, recipientName: line.recipientName } : null,
      walk:
        state.walk && state.walk.startedAt + skewMs + state.walk.durationMs + SPEAKING_GRACE_MS > now
          ? state.walk.path.map((t) => ({ x: t.x, y: t.y }))
          : null,
      holding: state.holding ?? null,
    };
  });
}

/**
 * The scene as it stood right after `messages[index]`: a fresh conversation (everyone at home,
 * hands empty, in their base mood) with each line and the room changes committed with it
 * (`lineEvents`: walks, looks, objects picked up and given, moods) applied by the live reducer,
 * so history and replay show what live viewers saw. Lines without room changes (stored before
 * they were kept) move and colour only their speaker, from the line itself.
 */
export function restage(scene: LiveScene, messages: readonly Message[], index: number): LiveScene {
  const detail: SceneDetail = {
    ...scene.detail,
    status: 'RUNNING',
    nextConversationAt: null,
    characters: scene.detail.characters.map((c) => ({
      ...c,
      state: {
        ...c.state,
        action: 'IDLE',
        actionDurationMs: 0,
        mood: c.baseMood,
        moodEmoji: c.baseMoodEmoji,
        spot: c.homeSpot,
        facing: 'down',
        endRequestedAt: null,
        holding: null,
        walk: null,
      },
    })),
  };
  let staged = initialScene(detail, [], scene.showHidden);
  for (const m of messages.slice(0, index + 1)) {
    const events = m.lineEvents ?? [fromLine(staged, m)];
    const seq = (events[0]?.seq ?? 1) - 1;
    staged = applyEvent(staged, { __typename: 'MessagePosted', seq, epoch: m.epoch, at: m.createdAt, sceneId: detail.id, message: m });
    for (const e of events) staged = applyEvent(staged, e);
  }
  return staged;
}

/** A line without its room changes: its speaker speaks, in the line's mood, at the spot it moved to. */
function fromLine(staged: LiveScene, m: Message): RoomEvent {
  const before = staged.characters[m.speakerId];
  const spot = m.moveTo ?? before?.spot ?? '';
  const recipient = m.recipientId ? staged.characters[m.recipientId]?.spot : null;
  const character: CharacterState = {
    ...(before ?? { id: m.speakerId, actionStartedAt: m.createdAt, endRequestedAt: null, holding: null, walk: null }),
    id: m.speakerId,
    action: 'SPEAKING',
    actionDurationMs: m.speakingMs,
    mood: m.mood,
    moodEmoji: m.moodEmoji,
    spot,
    facing: facingTo(staged, spot, recipient ?? null),
    endRequestedAt: m.endConversation ? m.createdAt : (before?.endRequestedAt ?? null),
    walk: null,
  };
  return { __typename: 'CharacterChanged', seq: 0, epoch: m.epoch, at: m.createdAt, sceneId: staged.detail.id, character };
}

/**
 * Re-stage `messages[index]`: its speaker speaks it again (starting at `startedAt`, local
 * time, for `durationMs`), walking the path it walked with it; everyone else listens; spots,
 * hands, facing, moods and end requests as {@link restage} rebuilds them.
 */
export function historyActors(
  scene: LiveScene,
  messages: readonly Message[],
  index: number,
  startedAt: number,
  durationMs?: number,
  staged: LiveScene = restage(scene, messages, index),
): StageActor[] {
  const current = messages[index];
  return scene.detail.characters.map((c) => {
    const state = staged.characters[c.id] ?? c.state;
    const speaking = current?.speakerId === c.id;
    return {
      id: c.id,
      action: speaking ? 'SPEAKING' : 'IDLE',
      actionStartedAt: startedAt,
      actionDurationMs: speaking ? (durationMs ?? current.speakingMs) : 0,
      mood: state.mood,
      moodEmoji: state.moodEmoji,
      spot: state.spot,
      facing: state.facing,
      endRequested: state.endRequestedAt !== null,
      line: speaking && current ? { text: current.content, recipientName: current.recipientName } : null,
      walk: speaking && state.walk ? state.walk.path.map((t) => ({ x: t.x, y: t.y })) : null,
      holding: state.holding ?? null,
    };
  });
}

function facingTo(scene: LiveScene, from: string, to: string | null): Facing {
  const spots = scene.detail.room.spots;
  const a = spots.find((s) => s.name === from);
  const b = spots.find((s) => s.name === to);
  if (!a || !b) return 'down';
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (dx === 0 && dy === 0) return 'down';
  if (Math.abs(dx) >= Math.abs(dy)) return dx < 0 ? 'left' : 'right';
  return dy < 0 ? 'up' : 'down';
}

/** Per-character numbers for one conversation: lines, average rating, rating timeline. */
export interface CharacterNumbers {
  count: number;
  averageRating: number | null;
  points: { turn: number; rating: number; mood: string; emoji: string }[];
}

export function numbersByCharacter(messages: readonly Message[]): Map<string, CharacterNumbers> {
  const out = new Map<string, CharacterNumbers>();
  for (const m of messages) {
    const n = out.get(m.speakerId) ?? { count: 0, averageRating: null, points: [] };
    n.count++;
    n.points.push({ turn: m.turn, rating: m.rating, mood: m.mood, emoji: m.moodEmoji });
    n.averageRating = n.points.reduce((s, p) => s + p.rating, 0) / n.points.length;
    out.set(m.speakerId, n);
  }
  return out;
}

/** A gap between lines longer than this is time the scene waited (nobody watching, a
 * paused scene, a spent budget), not time the conversation ran. */
export const ACTIVE_GAP_CAP_MS = 30_000;

/**
 * How long the conversation really ran: from its start through each line, counting each
 * gap up to `capMs`, plus the time since the last line while it is running (also capped).
 * A scene nobody watched for ten minutes does not show ten minutes of "running".
 */
export function activeMs(
  messages: readonly Pick<Message, 'createdAt'>[],
  startedAt: number,
  now: number,
  running: boolean,
  capMs = ACTIVE_GAP_CAP_MS,
): number {
  let total = 0;
  let last = startedAt;
  for (const m of [...messages].sort((a, b) => a.createdAt - b.createdAt)) {
    if (m.createdAt > last) total += Math.min(m.createdAt - last, capMs);
    last = Math.max(last, m.createdAt);
  }
  if (running && now > last) total += Math.min(now - last, capMs);
  return total;
}

/** Lines per minute over the time the conversation really ran. */
export function interactionRate(messages: readonly Message[], ranMs: number): number {
  const minutes = Math.max(ranMs / 60_000, 1 / 6);
  return messages.length / minutes;
}
