import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { TurnReply } from '../../domain/reply.js';
import type { Llm, TurnContext, TurnResult } from '../../ports/llm.js';
import { askWithRepair, createModelCaller, type ModelCallOptions, type ReplyMode } from './modelCall.js';
import { buildPrompt } from './prompt.js';
import { fallbackReply, parseReply } from './replyParsing.js';
import { runToolRound, type ToolRound } from './tools.js';

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
  /** Servers + models that refused tools; default: one set for the process. Injected in tests. */
  toolRefusals?: Set<string>;
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

    const parse = (text: string) => {
      const parsed = parseReply(text, context);
      return parsed.ok ? ({ ok: true, value: parsed.reply } as const) : parsed;
    };
    const prompt = buildPrompt(context);
    // The tool round: the model may act first (`tools.ts`); a server that refuses tools is asked without them.
    const round: ToolRound | null = context.stage
      ? await runToolRound({
          chatModel,
          prompt,
          stage: context.stage,
          timeoutMs: options.timeoutMs,
          signal,
          usage: session.usage,
          memoryKey: `${options.serverKey ?? ''}\n${model}`,
          refusals: options.toolRefusals,
          log: (details, message) => session.log(details, message),
        })
      : null;
    const actions = round?.actions ?? [];
    // A model that chose not to act may have written the reply already.
    const direct = round && round.transcript.length === 0 && round.text.trim() ? parse(round.text) : null;
    if (direct?.ok) return { ...done(direct.value, false), actions };
    const reply = await askWithRepair(session, [...prompt, ...(round?.transcript ?? [])], parse);
    return { ...(reply === null ? done(fallbackReply(context), true) : done(reply, false)), actions };
  }

  return { defaultModel: modelName, generateTurn };
}
