import { z } from 'zod';

/*
 * The JSON a model writes for memories and reflections. Lengths are generous here: text is
 * clipped to MEMORY_LIMITS after validation, names are matched against the characters.
 */

const memorySchema = z.object({
  text: z.string().trim().min(1).max(1000).describe('The memory, first person, one or two sentences.'),
  about: z.array(z.string().max(80)).max(12).describe('Names of the others it is about; [] for everyone.'),
  importance: z.number().int().min(1).max(10).describe('1 mundane … 10 unforgettable.'),
});

export const memoryReplySchema = z.object({
  memories: z.array(memorySchema).max(8).describe('What the character remembers of the conversation.'),
  relationships: z
    .array(
      z.object({
        name: z.string().min(1).max(80).describe('One of the others.'),
        view: z.string().trim().min(1).max(400).describe('How the character now sees them, one line, first person.'),
        feeling: z.number().min(-1).max(1).describe('-1 dislike … 1 fondness.'),
      }),
    )
    .max(16),
});

export const reflectionReplySchema = memorySchema;

export type MemoryReply = z.infer<typeof memoryReplySchema>;
export type ReflectionReply = z.infer<typeof reflectionReplySchema>;
