import { z } from 'zod';
import { settingsProblems, type ModelPolicy } from './modelPolicy.js';
import { rooms } from './rooms.js';
import { cleanName, hasControlChars, stripFormatChars } from './untrustedText.js';

/**
 * Limits for proposed scenes, checked on the server (the original checked them in the
 * browser only): 2–6 characters, bounded text, real colours, known rooms.
 */
export const PROPOSAL_LIMITS = {
  name: { min: 3, max: 60 },
  description: { min: 10, max: 500 },
  proposer: { min: 1, max: 30 },
  characterName: { min: 1, max: 30 },
  persona: { min: 10, max: 500 },
  appearance: { min: 0, max: 200 },
  characters: { min: 2, max: 6 },
  comment: { min: 1, max: 300 },
} as const;

const text = (limits: { min: number; max: number }) =>
  z
    .string()
    // Invisible bidi and zero-width characters can reorder or hide what a viewer reads: dropped.
    .overwrite(stripFormatChars)
    .trim()
    .min(limits.min, `must be at least ${limits.min} characters`)
    .max(limits.max, `must be at most ${limits.max} characters`)
    // Control characters break logs and prompts; newlines are allowed in long text.
    .refine((s) => !hasControlChars(s), 'must not contain control characters');

/**
 * A name (of a character, a proposer, a commenter): control, bidi and zero-width characters
 * are removed and whitespace collapsed (`cleanName`), then the length is checked, so a name
 * made only of invisible characters is refused as empty.
 */
const name = (limits: { min: number; max: number }) =>
  z
    .string()
    .overwrite(cleanName)
    .min(limits.min, limits.min === 1 ? 'must not be empty' : `must be at least ${limits.min} characters`)
    .max(limits.max, `must be at most ${limits.max} characters`);

export const proposedCharacterSchema = z.object({
  name: name(PROPOSAL_LIMITS.characterName),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3a7bd5'),
  persona: text(PROPOSAL_LIMITS.persona),
  appearance: text(PROPOSAL_LIMITS.appearance).default(''),
  model: z
    .string()
    .trim()
    .regex(/^[\w.:/-]{1,80}$/, 'must be a model name')
    .nullish(),
  temperature: z.number().min(0).max(2).nullish(),
});

export const proposalSchema = z
  .object({
    name: text(PROPOSAL_LIMITS.name),
    description: text(PROPOSAL_LIMITS.description),
    proposer: name(PROPOSAL_LIMITS.proposer),
    room: z
      .string()
      .refine((r) => rooms.some((room) => room.id === r), 'must be one of the room layouts')
      .nullish(),
    characters: z
      .array(proposedCharacterSchema)
      .min(PROPOSAL_LIMITS.characters.min, `needs at least ${PROPOSAL_LIMITS.characters.min} characters`)
      .max(PROPOSAL_LIMITS.characters.max, `allows at most ${PROPOSAL_LIMITS.characters.max} characters`),
  })
  .refine((p) => new Set(p.characters.map((c) => c.name.toLowerCase())).size === p.characters.length, {
    message: 'character names must be different',
    path: ['characters'],
  });

export type ProposalInput = z.infer<typeof proposalSchema>;

/**
 * What is wrong with the models and temperatures a proposal names, under the operator's
 * rules (`domain/modelPolicy.ts`): one problem per character field, each saying what is allowed.
 */
export function proposalSettingsProblems(policy: ModelPolicy, input: ProposalInput): { path: PropertyKey[]; message: string }[] {
  return input.characters.flatMap((c, i) =>
    settingsProblems(policy, { model: c.model ?? null, temperature: c.temperature ?? null }, 'proposer').map((p) => ({
      path: ['characters', i, p.field],
      message: p.message,
    })),
  );
}

export const commentSchema = z.object({
  author: name(PROPOSAL_LIMITS.proposer),
  text: text(PROPOSAL_LIMITS.comment),
});
