import type { Action } from './actions.js';
import type { Walk } from './grid.js';
import type { CharacterAction, Facing, SceneStatus } from './types.js';

/**
 * Scene events: every change a viewer must see, as a delta. Each is stored in the
 * scene's event log with a per-scene, strictly increasing `seq`, then published.
 * Viewer counts are presence, not history: they travel on the scene-list stream.
 */

/** A character's live state (what changes during a conversation). */
export interface CharacterState {
  id: string;
  action: CharacterAction;
  actionStartedAt: number;
  actionDurationMs: number;
  mood: string;
  moodEmoji: string;
  spot: string;
  facing: Facing;
  endRequestedAt: number | null;
  /** Id of the room object the character holds, or null (absent in events stored before characters could hold things). */
  holding?: string | null;
  /** Set on the change that moves a character: the tiles it walks, decided once by the server. */
  walk?: Walk | null;
}

/** A posted line as events and queries carry it. */
export interface MessageSnapshot {
  id: number;
  epoch: number;
  turn: number;
  speakerId: string;
  speakerName: string;
  recipientId: string | null;
  recipientName: string | null;
  content: string;
  thoughts: string;
  mood: string;
  moodEmoji: string;
  reaction: string;
  rating: number;
  endConversation: boolean;
  moveTo: string | null;
  speakingMs: number;
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  fallback: boolean;
  hidden: boolean;
  hiddenReason: string | null;
  createdAt: number;
  /** Moderators' reads only, never in events: held by the screen and still waiting. */
  held?: boolean;
  /** Moderators' reads only, never in events: why the screen held it. */
  heldReasons?: string[] | null;
}

export type SceneEventBody =
  | { type: 'CHARACTER_CHANGED'; character: CharacterState }
  | { type: 'CHARACTER_ACTED'; action: Action }
  | { type: 'MESSAGE_POSTED'; message: MessageSnapshot }
  | { type: 'STATUS_CHANGED'; status: SceneStatus; reason: string | null }
  | { type: 'CONVERSATION_ENDED'; nextConversationAt: number }
  | { type: 'CONVERSATION_STARTED'; reason: 'NEXT' | 'RESET'; characters: CharacterState[] }
  | { type: 'MESSAGE_HIDDEN'; messageId: number; turn: number; reason: string }
  | { type: 'NARRATION'; text: string }
  | {
      type: 'SETTINGS_CHANGED';
      pace: number;
      tokenBudgetPerHour: number | null;
      /** The delay in effect after the change (absent in events stored before broadcast delays). */
      broadcastDelaySeconds?: number;
    }
  | { type: 'BUDGET_EXHAUSTED'; scope: 'SCENE' | 'GLOBAL'; resumesAt: number }
  | { type: 'NEXT_SCENE_STARTED'; nextSceneId: string; nextSceneSlug: string }
  /** A moderator deleted one of a character's memories. */
  | { type: 'MEMORY_DELETED'; memoryId: number; characterId: string }
  /** A moderator reset a character's memory (memories and views of the others). */
  | { type: 'MEMORY_RESET'; characterId: string };

/** An event as stored and published: the body plus where it sits in the scene's log. */
export type SceneEventRecord = SceneEventBody & {
  sceneId: string;
  seq: number;
  epoch: number;
  at: number;
  /** When viewers get it, when that is after `at` (the scene's broadcast delay); absent: at once. */
  airsAt?: number;
};
