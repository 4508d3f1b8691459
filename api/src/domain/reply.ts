import { z } from 'zod';

/** Emoji-ish short token: 1 to 16 characters, no newlines. */
const emoji = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .regex(/^[^\n\r]+$/);

/**
 * The structured reply every model (scripted or remote) must produce for one turn.
 * Anything that does not parse against this never reaches the database.
 */
export const turnReplySchema = z.object({
  content: z.string().trim().min(1).max(600).describe('What the character says aloud: one or two sentences.'),
  thoughts: z.string().trim().max(400).describe('What the character privately thinks; not said aloud.'),
  recipient: z.string().trim().max(60).describe('Name of the character spoken to, or "everyone".'),
  mood: z.string().trim().min(1).max(24).describe('One word for the current mood, e.g. cheerful.'),
  moodEmoji: emoji.describe('One emoji for the mood.'),
  reaction: emoji.describe('One emoji reacting to the previous line.'),
  rating: z.number().int().min(1).max(10).describe('How much the character enjoys the conversation, 1 to 10.'),
  endConversation: z.boolean().describe('True when the character wants the conversation to end.'),
  moveTo: z.string().trim().max(40).nullable().optional().describe('Optional name of a spot in the room to walk to.'),
});

/** A validated model reply. */
export type TurnReply = z.infer<typeof turnReplySchema>;
