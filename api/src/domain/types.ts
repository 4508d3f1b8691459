/** Plain domain data: no ORM, no GraphQL, no I/O. */

/** Lifecycle of a scene's current conversation. */
export type SceneStatus = 'RUNNING' | 'PAUSED' | 'ENDED';

/** What a character is doing right now. */
export type CharacterAction = 'IDLE' | 'WALKING' | 'THINKING' | 'SPEAKING';

/** Compass facing used by sprites. */
export type Facing = 'up' | 'down' | 'left' | 'right';

/** A character as the turn rules see it. */
export interface CharacterView {
  id: string;
  name: string;
  talkativeness: number;
  action: CharacterAction;
  mood: string;
  moodEmoji: string;
  /** Epoch ms of the character's latest end-of-conversation request, if any. */
  endRequestedAt: number | null;
}

/** The last line of a conversation as the speaker rules see it. */
export interface LastLine {
  speakerId: string;
  recipientId: string | null;
}

/** One line of earlier dialogue as the prompt and the running summary show it. */
export interface PromptLine {
  turn: number;
  speaker: string;
  recipient: string | null;
  content: string;
}

/** A random source in [0, 1), injected so rules are deterministic in tests. */
export type Rng = () => number;

/** Durations (ms, before pace) the turn rules use. */
export interface Timing {
  /** Multiplies every duration; 1 in production, tiny in tests. */
  timeScale: number;
  speakingBaseMs: number;
  speakingPerCharMs: number;
  turnPauseMs: number;
  endRequestTtlMs: number;
  cooldownMs: number;
}
