import { describe, expect, it } from 'vitest';
import {
  contentWords,
  cosineRelevance,
  knownNames,
  lexicalRelevance,
  MEMORY_LIMITS,
  pickForConsolidation,
  recall,
  recency,
  reflectionImportance,
  type MemoryItem,
} from './memory.js';

const NOW = Date.UTC(2026, 11, 1, 12, 0);
const HOUR = 3_600_000;
let nextId = 1;
const memory = (text: string, over: Partial<MemoryItem> = {}): MemoryItem => ({
  id: nextId++,
  kind: 'EPISODE',
  text,
  about: [],
  importance: 5,
  createdAt: NOW - HOUR,
  ...over,
});

describe('recall scoring (fixed clock)', () => {
  it('recency halves every half-life and never exceeds 1', () => {
    expect(recency(NOW, NOW, 24 * HOUR)).toBe(1);
    expect(recency(NOW - 24 * HOUR, NOW, 24 * HOUR)).toBeCloseTo(0.5, 10);
    expect(recency(NOW - 48 * HOUR, NOW, 24 * HOUR)).toBeCloseTo(0.25, 10);
    expect(recency(NOW + HOUR, NOW, 24 * HOUR)).toBe(1);
  });

  it('lexical relevance is the overlap of content words', () => {
    const q = contentWords('The dome motor jams again, Bram?');
    expect(lexicalRelevance('Bram told me the dome motor jams when it is cold.', q)).toBeGreaterThan(0.5);
    expect(lexicalRelevance('We had tea and cake.', q)).toBe(0);
    expect(contentWords('the and you it')).toEqual(new Set());
  });

  it('cosine relevance is 0..1 and 0 for mismatched vectors', () => {
    expect(cosineRelevance([1, 0], [1, 0])).toBe(1);
    expect(cosineRelevance([1, 0], [0, 1])).toBe(0);
    expect(cosineRelevance([1, 0], [-1, 0])).toBe(0);
    expect(cosineRelevance([1, 0], [1, 0, 0])).toBe(0);
  });

  it('picks the relevant, the important and the recent over the rest', () => {
    const relevant = memory('Bram told me the dome motor jams when it is cold.', { createdAt: NOW - 72 * HOUR, importance: 4 });
    const important = memory('I lost the observatory key and nobody knows.', { importance: 10, createdAt: NOW - 72 * HOUR });
    const recent = memory('We had tea.', { importance: 2, createdAt: NOW });
    const stale = memory('We had biscuits.', { importance: 2, createdAt: NOW - 200 * HOUR });
    const top = recall(
      [stale, recent, important, relevant],
      { now: NOW, text: 'Does the dome motor jam when it is cold, Bram?', present: [] },
      3,
    );
    expect(top[0]).toBe(relevant);
    expect(new Set(top.slice(1))).toEqual(new Set([important, recent]));
  });

  it('prefers memories about someone present', () => {
    const aboutBram = memory('He was rude to me.', { about: ['Bram'] });
    const aboutCleo = memory('She was rude to me.', { about: ['Cleo'] });
    const top = recall([aboutCleo, aboutBram], { now: NOW, text: '', present: ['bram'] }, 1);
    expect(top).toEqual([aboutBram]);
  });

  it('uses embeddings when both sides have them', () => {
    const near = memory('alpha', { embedding: [1, 0, 0] });
    const far = memory('beta', { embedding: [0, 1, 0] });
    const top = recall([far, near], { now: NOW, text: 'nothing shared', present: [], embedding: [0.9, 0.1, 0] }, 1);
    expect(top).toEqual([near]);
  });

  it('returns at most k, newest first on ties', () => {
    const a = memory('same', { createdAt: NOW - HOUR });
    const b = memory('same', { createdAt: NOW - HOUR });
    expect(recall([a, b], { now: NOW, text: '', present: [] }, 5).map((m) => m.id)).toEqual([b.id, a.id]);
    expect(recall([a, b], { now: NOW, text: '', present: [] }, 0)).toEqual([]);
  });
});

describe('pickForConsolidation', () => {
  const store = (n: number) =>
    Array.from({ length: n }, (_, i) => memory(`m${i}`, { createdAt: NOW - (n - i) * HOUR, importance: (i % 10) + 1 }));

  it('does nothing within the bound', () => {
    expect(pickForConsolidation(store(MEMORY_LIMITS.store))).toEqual([]);
  });

  it('folds old, unimportant memories and never the newest', () => {
    const all = store(MEMORY_LIMITS.store + 3);
    const picked = pickForConsolidation(all);
    const after = all.length - picked.length + 1;
    expect(after).toBe(MEMORY_LIMITS.store - MEMORY_LIMITS.batch + 1);
    const newest = [...all].sort((a, b) => b.createdAt - a.createdAt).slice(0, MEMORY_LIMITS.keepRecent);
    for (const m of newest) expect(picked).not.toContain(m);
    const kept = all.filter((m) => !picked.includes(m) && !newest.includes(m));
    // Everything folded is at most as important as every old memory that stayed.
    const maxFolded = Math.max(...picked.map((m) => m.importance));
    for (const m of kept) expect(m.importance).toBeGreaterThanOrEqual(maxFolded);
  });

  it('keeps the store bounded over many rounds of writing', () => {
    let all: MemoryItem[] = [];
    let max = 0;
    for (let conversation = 0; conversation < 500; conversation++) {
      for (let i = 0; i < MEMORY_LIMITS.perConversation; i++)
        all.push(memory(`c${conversation} ${i}`, { createdAt: NOW + conversation * HOUR, importance: 1 + ((conversation + i) % 10) }));
      max = Math.max(max, all.length);
      const picked = pickForConsolidation(all);
      if (picked.length > 0) {
        all = all.filter((m) => !picked.includes(m));
        all.push(
          memory('reflection', { kind: 'REFLECTION', importance: reflectionImportance(picked), createdAt: NOW + conversation * HOUR }),
        );
      }
    }
    expect(all.length).toBeLessThanOrEqual(MEMORY_LIMITS.store);
    expect(max).toBeLessThanOrEqual(MEMORY_LIMITS.store + MEMORY_LIMITS.perConversation);
  });
});

describe('knownNames', () => {
  it('keeps only names of known characters, in their own spelling, once', () => {
    expect(knownNames(['bram', 'Nobody', 'BRAM', ' Cleo '], ['Bram', 'Cleo'])).toEqual(['Bram', 'Cleo']);
  });
});
