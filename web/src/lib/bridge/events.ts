/**
 * The one typed event map between the Svelte shell and the Phaser game. Both sides speak
 * only these plain shapes: the game never sees GraphQL types, Svelte never sees Phaser.
 */

export type Facing = 'up' | 'down' | 'left' | 'right';
export type Action = 'IDLE' | 'THINKING' | 'SPEAKING' | 'WALKING';

/** A room as the stage draws it (tile coordinates, 16 px tiles, the top two rows are wall). */
export interface StageRoom {
  id: string;
  width: number;
  height: number;
  floor: string;
  wall: string;
  furniture: { kind: string; x: number; y: number; w: number; h: number }[];
  spots: { name: string; x: number; y: number }[];
  /** Objects characters act on, drawn at their tile while nobody holds them. */
  objects: { id: string; name: string; x: number; y: number; emoji: string }[];
}

/** Who a character is (fixed for a scene). */
export interface StageCharacter {
  id: string;
  name: string;
  colour: string;
  appearance: string;
}

/** What a character is doing right now, with the line it is saying when speaking. */
export interface StageActor {
  id: string;
  action: Action;
  /** Start of the action in the browser's clock (server skew already removed). */
  actionStartedAt: number;
  actionDurationMs: number;
  mood: string;
  moodEmoji: string;
  spot: string;
  facing: Facing;
  endRequested: boolean;
  /** The line shown in the speech bubble while SPEAKING. */
  line: { text: string; recipientName: string | null } | null;
  /** Tiles of a walk the server decided and that is still under way, else null. */
  walk: { x: number; y: number }[] | null;
  /** Id of the room object in the character's hands, or null. */
  holding: string | null;
}

/** Events the shell sends to the game. */
export interface ToGame {
  /** Draw a room with its cast (a new scene, or the same scene after a reset). */
  'stage:load': { sceneId: string; room: StageRoom; characters: StageCharacter[]; actors: StageActor[] };
  /** The current state of every actor; the game walks, faces and shows bubbles to match. */
  'stage:actors': { actors: StageActor[] };
  /** Pop an emoji over a character (the reaction to the line they said last). */
  'stage:reaction': { characterId: string; emoji: string };
  /** A character acted (tool call): a label over it for a moment; a give hands the object over. */
  'stage:acted': { characterId: string; emoji: string; text: string; kind: string; objectId: string | null; targetId: string | null };
  /** Highlight one character (hovered card), or none. */
  'stage:focus': { characterId: string | null };
}

/** Events the game sends to the shell. */
export interface FromGame {
  /** The first frame of a loaded room has been rendered. */
  'game:frame': { sceneId: string; at: number };
  /** A character sprite was clicked or tapped. */
  'game:select': { characterId: string };
}

export type BridgeEvents = ToGame & FromGame;
