import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { TurnReply } from '../../domain/reply.js';
import type { Llm, TurnContext, TurnResult } from '../../ports/llm.js';
import { askWithRepair, createModelCaller, type ModelCallOptions, type ReplyMode } from './modelCall.js';
import { buildPrompt } from './prompt.js';
import { fallbackReply, parseReply } from './replyParsing.js';

export type { LlmLogger, ReplyMode, ReplyModeMemory } from './modelCall.js';

/** Settings of the LangChain-backed Llm (timeouts, retries and the reply-mode ladder: see `ModelCallOptions`). */
export interface LangChainLlmOptions extends ModelCallOptions {
  /** Any LangChain chat model: `ScriptedChatModel`, `ChatOpenAI` ... */
  chatModel: BaseChatModel;
  /** Recorded on every result and used as `defaultModel`. */
  modelName: string;
  /**
   * How to ask for the JSON reply, best first (default: plain text). When the server answers
   * 400 to a mode, the next one is tried at once and remembered for this server and model,
   * e.g. `openAiReplyModes()` for ChatOpenAI. The last mode's 400 is an ordinary failure.
   */
  replyModes?: readonly ReplyMode[];
  /**
   * The chat model for a speaker's own `model` / `temperature` overrides (null: the default).
   * Without it every speaker uses `chatModel` and `modelName`.
   */
  chatModelFor?: (settings: { model: string; temperature: number | null }) => BaseChatModel;
}

/**
 * The `Llm` port over any LangChain chat model. Builds the bounded prompt, parses and
 * validates the JSON reply, makes one repair attempt on invalid output, and otherwise
 * substitutes a safe fallback line: a turn never fails because of what the model said.
 * Transient errors (429, 5xx, network, timeouts) are retried with jittered exponential
 * back-off, honouring Retry-After. When retries are spent, a 429 becomes `RateLimitedError`
 * (the queue slows down) and anything else becomes a fallback line. Only the caller's abort
 * is thrown as such.
 */
export function createLangChainLlm(options: LangChainLlmOptions): Llm {
  const { modelName } = options;
  if (options.maxAttempts < 1) throw new Error('createLangChainLlm: maxAttempts must be at least 1');
  const startRequest = createModelCaller(options);

  async function generateTurn(context: TurnContext, signal?: AbortSignal): Promise<TurnResult> {
    const started = performance.now();
    // The speaker's overrides need a model of their own: ChatOpenAI sends its constructor's model and temperature.
    const own = options.chatModelFor && (context.speaker.model !== null || context.speaker.temperature !== null);
    const model = own ? (context.speaker.model ?? modelName) : modelName;
    const chatModel =
      own && options.chatModelFor ? options.chatModelFor({ model, temperature: context.speaker.temperature }) : options.chatModel;
    const session = startRequest({
      chatModel,
      model,
      modes: options.replyModes,
      signal,
      logFields: { seed: context.seed, speaker: context.speaker.name },
    });
    const done = (reply: TurnReply, fallback: boolean): TurnResult => ({
      reply,
      model,
      ...session.usage,
      latencyMs: Math.round(performance.now() - started),
      fallback,
    });

    const reply = await askWithRepair(session, buildPrompt(context), (text) => {
      const parsed = parseReply(text, context);
      return parsed.ok ? { ok: true, value: parsed.reply } : parsed;
    });
    return reply === null ? done(fallbackReply(context), true) : done(reply, false);
  }

  return { defaultModel: modelName, generateTurn };
}
