import type { CharacterView, LastLine, Rng } from './types.js';

/**
 * Who speaks next.
 * - No line yet: the scene's start character (else the first one).
 * - The last line addressed someone else in the room: they answer.
 * - Otherwise a pick weighted by talkativeness among everyone but the last speaker,
 *   so nobody speaks twice in a row. Works for any number of characters ≥ 2.
 */
export function chooseSpeaker(
  characters: readonly CharacterView[],
  last: LastLine | null,
  startCharacterId: string | null,
  rng: Rng,
): CharacterView {
  if (characters.length < 2) throw new Error('a conversation needs at least two characters');
  if (!last) {
    return characters.find((c) => c.id === startCharacterId) ?? characters[0]!;
  }
  const addressed = characters.find((c) => c.id === last.recipientId && c.id !== last.speakerId);
  if (addressed) return addressed;
  const candidates = characters.filter((c) => c.id !== last.speakerId);
  return weightedPick(candidates, rng);
}

function weightedPick(candidates: readonly CharacterView[], rng: Rng): CharacterView {
  const weights = candidates.map((c) => Math.max(0.05, c.talkativeness));
  const total = weights.reduce((a, b) => a + b, 0);
  let roll = rng() * total;
  for (let i = 0; i < candidates.length; i++) {
    roll -= weights[i]!;
    if (roll < 0) return candidates[i]!;
  }
  return candidates[candidates.length - 1]!;
}

/**
 * Resolve the model's free-text recipient to a character id (or null for everyone).
 * Matching is case-insensitive on the full name, then on the first name.
 */
export function resolveRecipient(
  characters: readonly Pick<CharacterView, 'id' | 'name'>[],
  speakerId: string,
  recipient: string,
): string | null {
  const wanted = recipient.trim().toLowerCase().replace(/^@/, '');
  if (!wanted || wanted === 'everyone' || wanted === 'all') return null;
  const others = characters.filter((c) => c.id !== speakerId);
  const exact = others.find((c) => c.name.toLowerCase() === wanted);
  if (exact) return exact.id;
  const first = others.find((c) => c.name.toLowerCase().split(/\s+/)[0] === wanted.split(/\s+/)[0]);
  return first?.id ?? null;
}

/** Deterministic PRNG (mulberry32) seeded from a string, for reproducible turns. */
export function seededRng(seed: string): Rng {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
