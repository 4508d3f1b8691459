import type { Action, StageState } from '../domain/actions.js';
import type { TurnReply } from '../domain/reply.js';
import type { MemoryContext, MemoryResult, ReflectionContext, ReflectionResult } from './memory.js';
import type { PromptLine } from '../domain/types.js';

/** Everything the model may know when writing one character's next line. */
export interface TurnContext {
  scene: { name: string; description: string; roomName: string; spots: string[] };
  speaker: {
    name: string;
    persona: string;
    appearance: string;
    mood: string;
    moodEmoji: string;
    model: string | null;
    temperature: number | null;
  };
  /** Everyone else in the room. */
  others: { name: string; persona: string; mood: string }[];
  /** A bounded summary of lines older than `recent` (empty at the start). */
  summary: string;
  /** The last N lines, oldest first. */
  recent: PromptLine[];
  /** Narrator lines injected by moderators since the speaker last spoke. */
  narration: string[];
  turn: number;
  /** Seed for deterministic models; the scene id + epoch + turn. */
  seed: string;
  /** What the speaker remembers of earlier conversations, best first (`services/memoryRecall.ts`); none when absent. */
  memories?: { about: string[]; text: string }[];
  /** How the speaker sees each of the others present; none when absent. */
  relationships?: { name: string; affinity: number; familiarity: number; view: string }[];
  /**
   * The room's objects and everyone's spot and hands: with it the model may act through tools
   * (`domain/actions.ts` checks every call); without it, it only talks.
   */
  stage?: StageState;
}

/** A model's answer for one turn, with usage for cost accounting. */
export interface TurnResult {
  reply: TurnReply;
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** True when the model's output could not be used and a safe line was substituted. */
  fallback: boolean;
  /** The actions the model took this turn, in order, each accepted by `checkAction` on `context.stage` (none when absent). */
  actions?: Action[];
}

/** The model port: write one validated turn. Never returns invalid data. */
export interface Llm {
  /** Name used in logs and stats, e.g. `scripted` or `gpt-4o-mini`. */
  readonly defaultModel: string;
  generateTurn(context: TurnContext, signal?: AbortSignal): Promise<TurnResult>;
  /** Write a character's memories of a finished conversation, and how it now sees the others. Absent: characters do not remember. */
  writeMemories?(context: MemoryContext, signal?: AbortSignal): Promise<MemoryResult>;
  /** Summarise a character's old memories into one reflection. */
  reflect?(context: ReflectionContext, signal?: AbortSignal): Promise<ReflectionResult>;
}
