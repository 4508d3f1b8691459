import type { Facing, StageActor } from '../bridge/events';
import type { CharacterState, LiveScene, Message } from './sceneState';

/**
 * Pure mapping from scene data to what the stage shows: the live view from characters'
 * states, and the history/replay view that re-stages one past line.
 */

/** Live actors: each character's state, with its latest line while speaking. */
export function liveActors(scene: LiveScene, skewMs: number): StageActor[] {
  const lastLine = new Map<string, Message>();
  for (const m of scene.messages.values()) {
    if (m.epoch !== scene.epoch) continue;
    const prev = lastLine.get(m.speakerId);
    if (!prev || prev.turn < m.turn) lastLine.set(m.speakerId, m);
  }
  return scene.detail.characters.map((c) => {
    const state: CharacterState = scene.characters[c.id] ?? c.state;
    const line = state.action === 'SPEAKING' ? lastLine.get(c.id) : undefined;
    return {
      id: c.id,
      action: state.action,
      actionStartedAt: state.actionStartedAt + skewMs,
      actionDurationMs: state.actionDurationMs,
      mood: state.mood,
      moodEmoji: state.moodEmoji,
      spot: state.spot,
      facing: state.facing,
      endRequested: state.endRequestedAt !== null && scene.status === 'RUNNING',
      line: line ? { text: line.content, recipientName: line.recipientName } : null,
    };
  });
}

/**
 * Re-stage `messages[index]`: its speaker speaks it again (starting at `startedAt`, local
 * time, for `durationMs`), everyone else listens, moods and spots as of that line.
 */
export function historyActors(
  scene: LiveScene,
  messages: readonly Message[],
  index: number,
  startedAt: number,
  durationMs?: number,
): StageActor[] {
  const current = messages[index];
  const mood = new Map<string, { mood: string; emoji: string }>();
  const spot = new Map<string, string>();
  for (const m of messages.slice(0, index + 1)) {
    mood.set(m.speakerId, { mood: m.mood, emoji: m.moodEmoji });
    if (m.moveTo) spot.set(m.speakerId, m.moveTo);
  }
  const spotOf = (id: string) => spot.get(id) ?? scene.characters[id]?.spot ?? '';
  return scene.detail.characters.map((c) => {
    const state = scene.characters[c.id] ?? c.state;
    const speaking = current?.speakerId === c.id;
    const moodNow = mood.get(c.id);
    return {
      id: c.id,
      action: speaking ? 'SPEAKING' : 'IDLE',
      actionStartedAt: startedAt,
      actionDurationMs: speaking ? (durationMs ?? current!.speakingMs) : 0,
      mood: moodNow?.mood ?? state.mood,
      moodEmoji: moodNow?.emoji ?? state.moodEmoji,
      spot: spotOf(c.id),
      facing: speaking && current ? facingTo(scene, spotOf(c.id), current.recipientId ? spotOf(current.recipientId) : null) : 'down',
      endRequested: messages.slice(0, index + 1).some((m) => m.speakerId === c.id && m.endConversation),
      line: speaking && current ? { text: current.content, recipientName: current.recipientName } : null,
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

/** Lines per minute over the conversation so far. */
export function interactionRate(messages: readonly Message[], startedAt: number, now: number): number {
  const minutes = Math.max((now - startedAt) / 60_000, 1 / 6);
  return messages.length / minutes;
}
