/**
 * What the model is asked when a conversation ends (`Llm.writeMemories`) and when a
 * character's memory store is consolidated (`Llm.reflect`), and what it answers.
 */

/** One line of the finished conversation, with the rating and reaction its speaker gave. */
export interface MemoryLine {
  speaker: string;
  recipient: string | null;
  content: string;
  reaction: string;
  rating: number;
}

/** Everything the model may know when a character writes memories of a conversation. */
export interface MemoryContext {
  character: { name: string; persona: string; mood: string; model: string | null; temperature: number | null };
  scene: { name: string; description: string };
  /** Everyone else who was in the room. */
  others: { name: string; persona: string }[];
  /** How the character saw each of them before this conversation (one line each). */
  views: { name: string; view: string }[];
  /** A bounded summary of the lines before `lines` (empty for short conversations). */
  summary: string;
  /** The conversation's last lines, oldest first. */
  lines: MemoryLine[];
  /** Seed for deterministic models: scene, epoch and character. */
  seed: string;
}

/** One memory as the model wrote it (validated and clipped). */
export interface MemoryDraft {
  text: string;
  /** Names of the others it is about; empty for everyone. */
  about: string[];
  importance: number;
}

/** How the character now sees one other, in its own words, and how it feels (-1..1). */
export interface ViewDraft {
  name: string;
  view: string;
  feeling: number;
}

/** Usage of a memory request, for logs and accounting. */
export interface MemoryUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** True when the model's output was unusable and nothing from it is kept. */
  fallback: boolean;
}

export interface MemoryResult extends MemoryUsage {
  memories: MemoryDraft[];
  views: ViewDraft[];
}

/** A character's old memories, to be summarised into one reflection. */
export interface ReflectionContext {
  character: { name: string; persona: string; model: string | null; temperature: number | null };
  /** Oldest first. */
  memories: MemoryDraft[];
  /** Names the reflection may be about. */
  known: string[];
  seed: string;
}

export interface ReflectionResult extends MemoryUsage {
  /** Null when the model gave nothing usable (the memories are then kept as they are). */
  reflection: MemoryDraft | null;
}

/** Text embeddings (an OpenAI-compatible embeddings endpoint), used for the relevance of memories. */
export interface Embedder {
  /** The embeddings model's name. */
  readonly model: string;
  /** One vector per text, in order. */
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}
