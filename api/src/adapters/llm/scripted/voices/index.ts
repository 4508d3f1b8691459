import { builtInScenes } from '../../../../domain/content.js';
import { clipLine, PROMPT_LIMITS } from '../../prompt.js';
import { amara } from './amara.js';
import { bram } from './bram.js';
import { captainInes } from './captainInes.js';
import { drHale } from './drHale.js';
import { juno } from './juno.js';
import { kofi } from './kofi.js';
import { lena } from './lena.js';
import { mrOkafor } from './mrOkafor.js';
import { mrPell } from './mrPell.js';
import { odile } from './odile.js';
import { rosa } from './rosa.js';
import type { Voice } from './voice.js';

/** Authored voices of the built-in characters, by name. */
export const VOICES: Readonly<Record<string, Voice>> = {
  Rosa: rosa,
  'Dr. Hale': drHale,
  Juno: juno,
  Bram: bram,
  'Captain Ines': captainInes,
  Odile: odile,
  'Mr. Pell': mrPell,
  Amara: amara,
  Kofi: kofi,
  Lena: lena,
  'Mr. Okafor': mrOkafor,
};

/** Persona of each built-in character as the prompt shows it (clipped). */
const PERSONAS = new Map(
  builtInScenes.flatMap((scene) => scene.characters.map((c) => [c.name, clipLine(c.persona, PROMPT_LIMITS.persona)] as const)),
);

/**
 * The authored voice of a built-in character: same name and same persona. A proposed
 * character who merely shares a name (another "Rosa") gets the generic voice.
 */
export function builtInVoice(name: string, persona: string): Voice | null {
  const voice = VOICES[name];
  return voice && PERSONAS.get(name) === persona ? voice : null;
}

/** Same as `builtInVoice` for a character in the Others section, whose persona is clipped shorter. */
export function builtInVoiceOfOther(name: string, persona: string): Voice | null {
  const voice = VOICES[name];
  const full = PERSONAS.get(name);
  return voice && full !== undefined && clipLine(full, PROMPT_LIMITS.otherPersona) === persona ? voice : null;
}
