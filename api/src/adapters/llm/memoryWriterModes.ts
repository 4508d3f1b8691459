import { memoryReplySchema, reflectionReplySchema } from '../../domain/memoryReply.js';
import { structuredReplyModes } from './openai.js';

/** The reply-mode ladders (json_schema → json_object → tools → text) for memories and reflections on an OpenAI-compatible server. */
export function memoryReplyModes() {
  return {
    memoryModes: structuredReplyModes({
      name: 'memories',
      description: "A character's memories of a conversation and how it now sees the others.",
      schema: memoryReplySchema,
    }),
    reflectionModes: structuredReplyModes({
      name: 'reflection',
      description: "One reflection summarising a character's old memories.",
      schema: reflectionReplySchema,
    }),
  };
}
