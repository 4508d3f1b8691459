import { z } from 'zod';
import { rooms } from './rooms.js';

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
    .trim()
    .min(limits.min, `must be at least ${limits.min} characters`)
    .max(limits.max, `must be at most ${limits.max} characters`)
    // Control characters break logs and prompts; newlines are allowed in long text.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), 'must not contain control characters');

export const proposedCharacterSchema = z.object({
  name: text(PROPOSAL_LIMITS.characterName),
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
    proposer: text(PROPOSAL_LIMITS.proposer),
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

export const commentSchema = z.object({
  author: text(PROPOSAL_LIMITS.proposer),
  text: text(PROPOSAL_LIMITS.comment),
});
