import type { ProposeSceneInput } from '../graphql/generated/graphql';

/** The proposal form's data and its checks, with the same limits the server applies. */

export interface CharacterDraft {
  name: string;
  colour: string;
  persona: string;
  appearance: string;
}

export interface ProposalDraft {
  name: string;
  description: string;
  proposer: string;
  room: string;
  characters: CharacterDraft[];
}

export const LIMITS = {
  name: [3, 60],
  description: [10, 500],
  proposer: [1, 30],
  characterName: [1, 30],
  persona: [10, 500],
  appearance: [0, 200],
  characters: [2, 6],
} as const;

const COLOUR = /^#[0-9a-fA-F]{6}$/;
const PALETTE = ['#e8a33d', '#5fb4e8', '#d9598c', '#7bc96f', '#a884e0', '#f2d16b'];

export function emptyCharacter(index: number): CharacterDraft {
  return { name: '', colour: PALETTE[index % PALETTE.length]!, persona: '', appearance: '' };
}

export function emptyDraft(): ProposalDraft {
  return { name: '', description: '', proposer: '', room: '', characters: [emptyCharacter(0), emptyCharacter(1)] };
}

/** Problems by field path (`name`, `characters.1.colour` …); empty when the draft can be sent. */
export function validateProposal(d: ProposalDraft): Record<string, string> {
  const out: Record<string, string> = {};
  const len = (key: string, label: string, value: string, [min, max]: readonly [number, number]) => {
    const n = value.trim().length;
    if (n < min || n > max) out[key] = min === 0 ? `${label}: at most ${max} characters` : `${label}: ${min}–${max} characters (now ${n})`;
  };
  len('name', 'Title', d.name, LIMITS.name);
  len('description', 'Situation', d.description, LIMITS.description);
  len('proposer', 'Your name', d.proposer, LIMITS.proposer);
  const [min, max] = LIMITS.characters;
  if (d.characters.length < min || d.characters.length > max) out.characters = `${min} to ${max} characters`;
  const seen = new Set<string>();
  d.characters.forEach((c, i) => {
    const at = `characters.${i}`;
    len(`${at}.name`, 'Name', c.name, LIMITS.characterName);
    const key = c.name.trim().toLowerCase();
    if (key && seen.has(key)) out[`${at}.name`] = 'Names must be different';
    seen.add(key);
    if (!COLOUR.test(c.colour)) out[`${at}.colour`] = 'Colour must look like #a1b2c3';
    len(`${at}.persona`, 'Persona', c.persona, LIMITS.persona);
    len(`${at}.appearance`, 'Appearance', c.appearance, LIMITS.appearance);
  });
  return out;
}

/** The mutation input for a draft (trimmed; empty optional fields left out). */
export function toProposalInput(d: ProposalDraft): ProposeSceneInput {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    proposer: d.proposer.trim(),
    ...(d.room ? { room: d.room } : {}),
    characters: d.characters.map((c) => ({
      name: c.name.trim(),
      colour: c.colour.trim(),
      persona: c.persona.trim(),
      ...(c.appearance.trim() ? { appearance: c.appearance.trim() } : {}),
    })),
  };
}
