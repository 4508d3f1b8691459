/**
 * Memory rules, pure: what a memory is, how it is scored for recall (recency, importance,
 * relevance) and which memories a consolidation folds into a reflection. `now` is a
 * parameter; nothing here touches the database or a model.
 */

/** An EPISODE is written after a conversation; a REFLECTION summarises older memories. */
export type MemoryKind = 'EPISODE' | 'REFLECTION';

/** A memory as the rules see it. */
export interface MemoryItem {
  id: number;
  kind: MemoryKind;
  text: string;
  /** Names it is about; empty for everyone. */
  about: string[];
  /** 1..10. */
  importance: number;
  createdAt: number;
  embedding?: number[] | null;
}

/** Bounds on what is written, stored and recalled. */
export const MEMORY_LIMITS = {
  /** Characters of one memory's text. */
  text: 240,
  /** Names in one memory's `about`. */
  about: 6,
  /** Memories one character writes about one conversation. */
  perConversation: 4,
  /** Characters of a relationship's one-line view. */
  view: 160,
  /** Memories per character before a consolidation runs. */
  store: 40,
  /** The newest memories a consolidation never touches. */
  keepRecent: 12,
  /** Memories folded into one reflection at least. */
  batch: 16,
  /** Memories recalled into a prompt. */
  recall: 5,
} as const;

/** The bounds a consolidation keeps a store within (`MEMORY_LIMITS`' by default; tests use small ones). */
export interface StoreLimits {
  store: number;
  keepRecent: number;
  batch: number;
}

/** How recall weighs its three parts (each part is 0..1). */
export interface RecallWeights {
  recency: number;
  importance: number;
  relevance: number;
  /** Recency halves every this many ms. */
  halfLifeMs: number;
}

export const DEFAULT_RECALL: RecallWeights = { recency: 1, importance: 1, relevance: 1.5, halfLifeMs: 24 * 3_600_000 };

/** What recall compares memories with: the conversation so far and who is present. */
export interface RecallQuery {
  now: number;
  /** The recent lines, the summary and the scene, as one text. */
  text: string;
  /** Names of the others in the room: memories about them are more relevant. */
  present: string[];
  /** The query text's embedding when memories have embeddings. */
  embedding?: number[] | null;
}

const STOP = new Set(
  (
    'the and for that this with you your are was were have has had not but all any can our out its his her she him they them ' +
    'what when who how why where which there here then than just about into from been will would could should very more some ' +
    'much said says like also only over even well back too yes let get got one two now did does done it’s i’m don’t ' +
    'told tell asked ask talk talked agreed enjoyed conversation hello hey morning evening welcome thanks thank please okay ' +
    'really think know maybe sure right good nice lovely indeed'
  ).split(' '),
);

/** Content words of a text: lower case, three letters or more, no common words. */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}’']{3,}/gu) ?? [];
  return new Set(words.map((w) => w.replace(/['’]s$/u, '')).filter((w) => w.length >= 3 && !STOP.has(w)));
}

/** Overlap of content words, 0..1 (cosine of the two word sets). */
export function lexicalRelevance(memory: string, query: Set<string>): number {
  const words = contentWords(memory);
  if (words.size === 0 || query.size === 0) return 0;
  let shared = 0;
  for (const w of words) if (query.has(w)) shared++;
  return shared / Math.sqrt(words.size * query.size);
}

/** Cosine similarity mapped to 0..1; 0 for vectors of different lengths or zero vectors. */
export function cosineRelevance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return Math.max(0, Math.min(1, dot / Math.sqrt(na * nb)));
}

/** 1 now, 0.5 after one half-life, never below 0 (a memory from the future counts as now). */
export function recency(createdAt: number, now: number, halfLifeMs: number): number {
  const age = Math.max(0, now - createdAt);
  return Math.pow(0.5, age / Math.max(1, halfLifeMs));
}

/** A memory's recall score: the weighted sum of recency, importance and relevance. */
export function scoreMemory(memory: MemoryItem, query: RecallQuery, words: Set<string>, weights: RecallWeights = DEFAULT_RECALL): number {
  const useVectors = query.embedding && memory.embedding && memory.embedding.length === query.embedding.length;
  let relevance = useVectors ? cosineRelevance(memory.embedding!, query.embedding!) : lexicalRelevance(memory.text, words);
  // Memories about someone in the room matter more to this conversation.
  const present = new Set(query.present.map((n) => n.toLowerCase()));
  if (memory.about.some((n) => present.has(n.toLowerCase()))) relevance = Math.min(1, relevance + 0.3);
  const importance = (Math.min(10, Math.max(1, memory.importance)) - 1) / 9;
  return (
    weights.recency * recency(memory.createdAt, query.now, weights.halfLifeMs) +
    weights.importance * importance +
    weights.relevance * relevance
  );
}

/** The `k` best memories for the query, best first (ties: newer first). */
export function recall<T extends MemoryItem>(
  memories: readonly T[],
  query: RecallQuery,
  k: number = MEMORY_LIMITS.recall,
  weights?: RecallWeights,
): T[] {
  const words = contentWords(`${query.text} ${query.present.join(' ')}`);
  return memories
    .map((m) => ({ m, score: scoreMemory(m, query, words, weights) }))
    .sort((a, b) => b.score - a.score || b.m.createdAt - a.m.createdAt || b.m.id - a.m.id)
    .slice(0, Math.max(0, k))
    .map((s) => s.m);
}

/**
 * The memories a consolidation folds into one reflection, or none while the store is within
 * its bound. The newest `keepRecent` stay; among the older ones the least important go first
 * (ties: the oldest): enough to bring the store down to `store - batch`, so with the new
 * reflection it holds `store - batch + 1` and stays within `store` until the next one.
 */
export function pickForConsolidation<T extends MemoryItem>(memories: readonly T[], limits: StoreLimits = MEMORY_LIMITS): T[] {
  if (memories.length <= limits.store) return [];
  const byAge = [...memories].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const old = byAge.slice(0, Math.max(0, byAge.length - limits.keepRecent));
  const count = Math.min(old.length, memories.length - (limits.store - limits.batch));
  if (count < 2) return [];
  return [...old].sort((a, b) => a.importance - b.importance || a.createdAt - b.createdAt || a.id - b.id).slice(0, count);
}

/** The importance of a reflection: the highest it folds, at least 5 (it stands for many). */
export function reflectionImportance(folded: readonly MemoryItem[]): number {
  return Math.min(10, Math.max(5, ...folded.map((m) => m.importance)));
}

/** Whitespace collapsed and cut to `max` characters. */
export function clipText(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Names as written by a model, kept only when they name a known character (any case), deduplicated, capped. */
export function knownNames(names: readonly string[], known: readonly string[]): string[] {
  const byLower = new Map(known.map((n) => [n.toLowerCase(), n]));
  const out: string[] = [];
  for (const n of names) {
    const hit = byLower.get(n.trim().toLowerCase());
    if (hit && !out.includes(hit)) out.push(hit);
  }
  return out.slice(0, MEMORY_LIMITS.about);
}
