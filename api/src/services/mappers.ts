import type { CharacterRow, MessageRow } from '../adapters/db/entities.js';
import type { CharacterState, MessageSnapshot } from '../domain/events.js';
import type { CharacterAction, CharacterView, Facing } from '../domain/types.js';

/** The live part of a character row, as events carry it. */
export function characterState(row: CharacterRow): CharacterState {
  return {
    id: row.id,
    action: row.action as CharacterAction,
    actionStartedAt: row.actionStartedAt,
    actionDurationMs: row.actionDurationMs,
    mood: row.mood,
    moodEmoji: row.moodEmoji,
    spot: row.spot,
    facing: row.facing as Facing,
    endRequestedAt: row.endRequestedAt ?? null,
    holding: row.holding ?? null,
  };
}

/** A character row as the pure turn rules see it. */
export function characterView(row: CharacterRow): CharacterView {
  return {
    id: row.id,
    name: row.name,
    talkativeness: row.talkativeness,
    action: row.action as CharacterAction,
    mood: row.mood,
    moodEmoji: row.moodEmoji,
    endRequestedAt: row.endRequestedAt ?? null,
  };
}

/** A message row as events and queries carry it. */
export function messageSnapshot(row: MessageRow): MessageSnapshot {
  return {
    id: row.id,
    epoch: row.epoch,
    turn: row.turn,
    speakerId: row.speakerId,
    speakerName: row.speakerName,
    recipientId: row.recipientId ?? null,
    recipientName: row.recipientName ?? null,
    content: row.content,
    thoughts: row.thoughts,
    mood: row.mood,
    moodEmoji: row.moodEmoji,
    reaction: row.reaction,
    rating: row.rating,
    endConversation: row.endConversation,
    moveTo: row.moveTo ?? null,
    speakingMs: row.speakingMs,
    model: row.model,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    latencyMs: row.latencyMs,
    fallback: row.fallback,
    hidden: row.hidden,
    hiddenReason: row.hiddenReason ?? null,
    createdAt: row.createdAt,
  };
}
