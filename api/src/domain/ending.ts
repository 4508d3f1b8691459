import { scaled } from './timing.js';
import type { CharacterView, Timing } from './types.js';

/** True when the character's end request is still valid at `now` (it lasts 180 s by default, scaled). */
export function endRequestValid(character: Pick<CharacterView, 'endRequestedAt'>, now: number, timing: Timing, pace: number): boolean {
  if (character.endRequestedAt === null) return false;
  return now - character.endRequestedAt <= scaled(timing.endRequestTtlMs, timing, pace);
}

/** The conversation ends when every character holds a valid end request. */
export function conversationShouldEnd(
  characters: readonly Pick<CharacterView, 'endRequestedAt'>[],
  now: number,
  timing: Timing,
  pace: number,
): boolean {
  return characters.length > 0 && characters.every((c) => endRequestValid(c, now, timing, pace));
}
