import type { ChatOpenAI } from '@langchain/openai';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { effectiveSettings, type ModelPolicy, type ModelSettings } from '../../domain/modelPolicy.js';
import type { Llm } from '../../ports/llm.js';
import { createLangChainLlm } from './langchainLlm.js';
import { createMemoryWriter } from './memoryWriter.js';
import { memoryReplyModes } from './memoryWriterModes.js';
import { createOpenAiChatModel, openAiReplyModes, type OpenAiChatModelOptions } from './openai.js';
import { ScriptedChatModel } from './scripted/ScriptedChatModel.js';

/** Speaker-specific chat models kept at once (the oldest goes first). */
const SPEAKER_MODELS_KEPT = 32;

/** Build the configured model behind the Llm port (scripted offline model or an OpenAI-compatible server). */
export function createLlm(config: Config['llm'], logger: Logger, http: { fetch?: typeof fetch } = {}): Llm {
  return withModelPolicy(createConfiguredLlm(config, logger, http), config.policy, logger);
}

/**
 * Every call runs with the settings the operator's current rules allow (`effectiveSettings`):
 * a character stored with a model no longer allowed (an older proposal, a changed
 * PROPOSAL_MODELS) uses the default model, a temperature out of range is clamped. The last
 * check before money is spent, whatever path stored the character. Logged once per setting.
 */
function withModelPolicy(llm: Llm, policy: ModelPolicy, logger: Logger): Llm {
  const warned = new Set<string>();
  const fit = <T extends ModelSettings & { name: string }>(who: T): T => {
    const allowed = effectiveSettings(policy, who);
    if (allowed.model === who.model && allowed.temperature === who.temperature) return who;
    const key = `${who.model ?? ''}\n${who.temperature ?? ''}`;
    if (!warned.has(key)) {
      warned.add(key);
      logger.warn(
        { character: who.name, asked: { model: who.model, temperature: who.temperature }, used: allowed },
        'character model settings outside the operator rules; using allowed ones',
      );
    }
    return { ...who, ...allowed };
  };
  return {
    defaultModel: llm.defaultModel,
    generateTurn: (context, signal) => llm.generateTurn({ ...context, speaker: fit(context.speaker) }, signal),
    ...(llm.writeMemories && {
      writeMemories: (context, signal) => llm.writeMemories!({ ...context, character: fit(context.character) }, signal),
    }),
    ...(llm.reflect && { reflect: (context, signal) => llm.reflect!({ ...context, character: fit(context.character) }, signal) }),
  };
}

function createConfiguredLlm(config: Config['llm'], logger: Logger, http: { fetch?: typeof fetch }): Llm {
  if (config.provider === 'openai') {
    const base: OpenAiChatModelOptions = {
      apiKey: config.apiKey ?? 'not-needed',
      baseUrl: config.baseUrl ?? '',
      model: config.model,
      temperature: config.temperature,
      timeoutMs: config.timeoutMs,
      fetch: http.fetch,
      logger,
    };
    // One ChatOpenAI per speaker model + temperature (it sends its constructor's), kept because
    // the same characters speak again and again; bounded since overrides come from proposals.
    const perSpeaker = new Map<string, ChatOpenAI>();
    const chatModelFor = ({ model, temperature }: { model: string; temperature: number | null }): ChatOpenAI => {
      const key = `${model}\n${temperature ?? ''}`;
      let chat = perSpeaker.get(key);
      if (!chat) {
        chat = createOpenAiChatModel({ ...base, model, temperature: temperature ?? config.temperature });
        if (perSpeaker.size >= SPEAKER_MODELS_KEPT) perSpeaker.delete(perSpeaker.keys().next().value ?? key);
        perSpeaker.set(key, chat);
      }
      return chat;
    };
    const calls = {
      chatModel: createOpenAiChatModel(base),
      chatModelFor,
      modelName: config.model,
      timeoutMs: config.timeoutMs,
      maxAttempts: config.maxAttempts,
      backoffBaseMs: 500,
      serverKey: base.baseUrl,
      logger,
    };
    // Turns and memories share the chat models, the retries and the reply-mode memory.
    return {
      ...createLangChainLlm({ ...calls, replyModes: openAiReplyModes() }),
      ...createMemoryWriter({ ...calls, ...memoryReplyModes() }),
    };
  }
  const scripted = {
    chatModel: new ScriptedChatModel({ seed: config.scriptedSeed }),
    modelName: 'scripted',
    timeoutMs: config.timeoutMs,
    maxAttempts: 1,
    backoffBaseMs: 0,
    logger,
  };
  return { ...createLangChainLlm(scripted), ...createMemoryWriter(scripted) };
}
