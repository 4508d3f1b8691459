import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { z } from 'zod';
import { clipText, knownNames, MEMORY_LIMITS } from '../../domain/memory.js';
import { memoryReplySchema, reflectionReplySchema } from '../../domain/memoryReply.js';
import type { Llm } from '../../ports/llm.js';
import type { MemoryContext, MemoryResult, ReflectionContext, ReflectionResult } from '../../ports/memory.js';
import { buildMemoryPrompt, buildReflectionPrompt } from './memoryPrompt.js';
import { askWithRepair, createModelCaller, type AnswerParser, type ModelCallOptions, type ReplyMode } from './modelCall.js';
import { extractJson } from './replyParsing.js';

/** Settings of the memory writer: the same model-call machinery as turns, with its own reply modes. */
export interface MemoryWriterOptions extends ModelCallOptions {
  chatModel: BaseChatModel;
  modelName: string;
  /** A character's own model / temperature, as for its turns (null: the default). */
  chatModelFor?: (settings: { model: string; temperature: number | null }) => BaseChatModel;
  /** How to ask for the memory JSON (default: plain text), e.g. `structuredReplyModes` of the memory schema. */
  memoryModes?: readonly ReplyMode[];
  /** The same for a reflection. */
  reflectionModes?: readonly ReplyMode[];
}

/** A zod-validated parser that tells the model what was wrong (for the repair). */
function parserOf<S extends z.ZodType>(schema: S): AnswerParser<z.infer<S>> {
  return (text) => {
    let raw: unknown;
    try {
      raw = extractJson(text);
    } catch {
      return { ok: false, error: 'The reply was not a JSON object.' };
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'reply'}: ${i.message}`);
    return { ok: false, error: `The reply did not match the format (${issues.join('; ')}).` };
  };
}

const parseMemories = parserOf(memoryReplySchema);
const parseReflection = parserOf(reflectionReplySchema);

/**
 * `writeMemories` and `reflect` of the Llm port over any LangChain chat model: bounded
 * prompts (`memoryPrompt.ts`), zod-validated JSON with one repair, retries and the reply-mode
 * ladder from `modelCall.ts`. What the model wrote is clipped to the memory limits and its
 * names matched against the characters; unusable output gives an empty, `fallback` result
 * (the caller then writes a plain memory of its own). A 429 past its retries is thrown.
 */
export function createMemoryWriter(options: MemoryWriterOptions): Required<Pick<Llm, 'writeMemories' | 'reflect'>> {
  const startRequest = createModelCaller(options);

  function session(
    character: { name: string; model: string | null; temperature: number | null },
    seed: string,
    modes: readonly ReplyMode[] | undefined,
    signal?: AbortSignal,
  ) {
    const own = options.chatModelFor && (character.model !== null || character.temperature !== null);
    const model = own ? (character.model ?? options.modelName) : options.modelName;
    const chatModel = own && options.chatModelFor ? options.chatModelFor({ model, temperature: character.temperature }) : options.chatModel;
    return startRequest({ chatModel, model, modes, signal, logFields: { seed, character: character.name, request: 'memory' } });
  }

  async function writeMemories(context: MemoryContext, signal?: AbortSignal): Promise<MemoryResult> {
    const s = session(context.character, context.seed, options.memoryModes, signal);
    const reply = await askWithRepair(s, buildMemoryPrompt(context), parseMemories);
    const others = context.others.map((o) => o.name);
    const base = { model: s.model, ...s.usage };
    if (!reply) return { ...base, fallback: true, memories: [], views: [] };
    const memories = reply.memories.slice(0, MEMORY_LIMITS.perConversation).map((m) => ({
      text: clipText(m.text, MEMORY_LIMITS.text),
      about: knownNames(m.about, others),
      importance: m.importance,
    }));
    const views = reply.relationships.flatMap((r) => {
      const [name] = knownNames([r.name], others);
      return name ? [{ name, view: clipText(r.view, MEMORY_LIMITS.view), feeling: r.feeling }] : [];
    });
    return { ...base, fallback: false, memories, views };
  }

  async function reflect(context: ReflectionContext, signal?: AbortSignal): Promise<ReflectionResult> {
    const s = session(context.character, context.seed, options.reflectionModes, signal);
    const reply = await askWithRepair(s, buildReflectionPrompt(context), parseReflection);
    const base = { model: s.model, ...s.usage };
    if (!reply) return { ...base, fallback: true, reflection: null };
    const reflection = {
      text: clipText(reply.text, MEMORY_LIMITS.text),
      about: knownNames(reply.about, context.known),
      importance: reply.importance,
    };
    return { ...base, fallback: false, reflection };
  }

  return { writeMemories, reflect };
}
