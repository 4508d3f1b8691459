import type { CharacterView, LastLine, Rng } from './types.js';

/**
 * Who speaks next.
 * - No line yet: the scene's start character (else the first one).
 * - The last line addressed someone else in the room: they answer.
 * - Otherwise a pick weighted by talkativeness among everyone but the last speaker,
 *   so nobody speaks twice in a row; those who have not asked to end come first.
 *   Works for any number of characters ≥ 2.
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
  // Someone who asked to end has said its goodbye: it answers when spoken to, but the others go first.
  const staying = candidates.filter((c) => c.endRequestedAt === null);
  return weightedPick(staying.length > 0 ? staying : candidates, rng);
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
