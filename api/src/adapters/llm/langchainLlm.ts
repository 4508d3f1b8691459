import type { BaseChatModel, BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { TurnReply } from '../../domain/reply.js';
import { RateLimitedError } from '../../ports/errors.js';
import { dependencyError } from '../dependencyErrors.js';
import type { Llm, TurnContext, TurnResult } from '../../ports/llm.js';
import { buildPrompt, estimateTokens } from './prompt.js';
import { fallbackReply, parseReply } from './replyParsing.js';
import { abortableSleep, backoffMs, classifyFailure, retryAfterMs, statusOf } from './retry.js';

/** The part of a logger this adapter uses; a pino logger fits. */
export interface LlmLogger {
  warn(details: object, message: string): void;
}

/**
 * One way of asking for the JSON reply: its name (for logs) and the call options that
 * request it, e.g. a `response_format`, or a forced tool whose arguments are the reply.
 */
export interface ReplyMode {
  name: string;
  callOptions: Partial<BaseChatModelCallOptions>;
}

/** Which reply mode works, by server and model name; shared by every Llm built with it. */
export type ReplyModeMemory = Map<string, string>;

/**
 * The process's memory of reply modes: once a server has refused a mode for a model, later
 * turns (any scene, any Llm of this process) go straight to the one that worked.
 */
const processReplyModes: ReplyModeMemory = new Map();

/** Plain text, read by the parser: what a model without any structured-output support gets. */
const TEXT_ONLY: readonly ReplyMode[] = [{ name: 'text', callOptions: {} }];

/** Settings of the LangChain-backed Llm. */
export interface LangChainLlmOptions {
  /** Any LangChain chat model: `ScriptedChatModel`, `ChatOpenAI` ... */
  chatModel: BaseChatModel;
  /** Recorded on every result and used as `defaultModel`. */
  modelName: string;
  /** Per model call (each retry and the repair get their own). */
  timeoutMs: number;
  /** Calls per request, first one included, on 429, 5xx, network errors and timeouts. */
  maxAttempts: number;
  /** First back-off delay; doubles per attempt, with jitter. */
  backoffBaseMs: number;
  /** Longest wait between attempts (default 30 s). A longer Retry-After on 429 is handed to the queue at once. */
  backoffMaxMs?: number;
  /**
   * How to ask for the JSON reply, best first (default: plain text). When the server answers
   * 400 to a mode, the next one is tried at once and remembered for this server and model,
   * e.g. `openAiReplyModes()` for ChatOpenAI. The last mode's 400 is an ordinary failure.
   */
  replyModes?: readonly ReplyMode[];
  /** Names the server in the reply-mode memory (the base URL); default: none, one server. */
  serverKey?: string;
  /** Where reply modes are remembered; default: one memory for the process. Injected in tests. */
  replyModeMemory?: ReplyModeMemory;
  /**
   * The chat model for a speaker's own `model` / `temperature` overrides (null: the default).
   * Without it every speaker uses `chatModel` and `modelName`.
   */
  chatModelFor?: (settings: { model: string; temperature: number | null }) => BaseChatModel;
  logger?: LlmLogger;
  /** Injected in tests; must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source, injected in tests. */
  random?: () => number;
}

const REPAIR_OUTPUT_CHARS = 2000;

function asError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'The operation was aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * The model answered, but the OpenAI SDK refused the answer: with a `json_schema` response
 * format it parses the content itself and throws on invalid JSON or a truncated reply. That
 * is bad output (worth a repair), not a transport failure (worth a retry).
 */
function isRejectedOutput(error: unknown): boolean {
  if (error instanceof SyntaxError) return true;
  const name = error instanceof Error ? error.constructor.name : '';
  return name === 'LengthFinishReasonError' || name === 'ContentFilterFinishReasonError';
}

/**
 * The reply's text: the forced tool call's arguments when the model answered with one (as
 * JSON again, so one parser reads every mode; unparseable arguments as the model sent them),
 * else the message text.
 */
function replyText(message: AIMessageChunk): string {
  const call = message.tool_calls?.[0];
  if (call) return JSON.stringify(call.args);
  const invalid = message.invalid_tool_calls?.[0];
  if (invalid?.args) return invalid.args;
  return message.text;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
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
  const { modelName, timeoutMs, maxAttempts, backoffBaseMs, logger } = options;
  const modes = options.replyModes?.length ? options.replyModes : TEXT_ONLY;
  const memory = options.replyModeMemory ?? processReplyModes;
  const backoffMaxMs = options.backoffMaxMs ?? 30_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  if (maxAttempts < 1) throw new Error('createLangChainLlm: maxAttempts must be at least 1');

  async function generateTurn(context: TurnContext, signal?: AbortSignal): Promise<TurnResult> {
    const started = performance.now();
    const usage = { promptTokens: 0, completionTokens: 0 };
    // The speaker's overrides need a model of their own: ChatOpenAI sends its constructor's model and temperature.
    const own = options.chatModelFor && (context.speaker.model !== null || context.speaker.temperature !== null);
    const model = own ? (context.speaker.model ?? modelName) : modelName;
    const chatModel =
      own && options.chatModelFor ? options.chatModelFor({ model, temperature: context.speaker.temperature }) : options.chatModel;
    const memoryKey = `${options.serverKey ?? ''}\n${model}`;
    const remembered = modes.findIndex((m) => m.name === memory.get(memoryKey));
    let modeIndex = Math.max(0, remembered);
    const log = (details: object, message: string): void =>
      logger?.warn({ model, seed: context.seed, speaker: context.speaker.name, ...details }, message);
    const done = (reply: TurnReply, fallback: boolean): TurnResult => ({
      reply,
      model,
      ...usage,
      latencyMs: Math.round(performance.now() - started),
      fallback,
    });

    /**
     * The server refused the current reply mode (400): step down to the next one and remember
     * it for this server and model. Logged once, by whoever moves the memory first.
     */
    function stepDown(error: unknown): boolean {
      if (statusOf(error) !== 400 || modeIndex >= modes.length - 1) return false;
      const from = modes[modeIndex]?.name;
      modeIndex++;
      const known = modes.findIndex((m) => m.name === memory.get(memoryKey));
      if (known >= modeIndex) {
        modeIndex = known;
        return true;
      }
      const mode = modes[modeIndex]?.name ?? 'text';
      memory.set(memoryKey, mode);
      logger?.warn(
        { ...dependencyError('model', model, error), model, mode, refusedMode: from },
        `model server refused ${from} replies; using ${mode} from now on`,
      );
      return true;
    }

    /** One logical model call with retries: the reply text, its rejection, or null when it is time to fall back. */
    async function call(messages: BaseMessage[]): Promise<{ text: string } | { rejected: string } | null> {
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw asError(signal.reason);
        const timeout = AbortSignal.timeout(timeoutMs);
        try {
          const message = await chatModel.invoke(messages, {
            ...modes[modeIndex]?.callOptions,
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          });
          const text = replyText(message);
          // Some OpenAI-compatible servers report no usage (or zeros): estimate it then.
          const reportedIn = message.usage_metadata?.input_tokens ?? 0;
          const reportedOut = message.usage_metadata?.output_tokens ?? 0;
          const known = reportedIn + reportedOut > 0;
          usage.promptTokens += known ? reportedIn : messages.reduce((n, m) => n + estimateTokens(m.text), 0);
          usage.completionTokens += known ? reportedOut : estimateTokens(text);
          return { text };
        } catch (error) {
          if (signal?.aborted) throw asError(signal.reason ?? error);
          if (isRejectedOutput(error)) {
            usage.promptTokens += messages.reduce((n, m) => n + estimateTokens(m.text), 0);
            return { rejected: describe(error) };
          }
          if (!timeout.aborted && stepDown(error)) {
            // A refused mode is a capability answer, not a failed attempt: ask again in the next mode at once.
            attempt--;
            continue;
          }
          const kind = timeout.aborted ? 'retryable' : classifyFailure(error);
          const hinted = retryAfterMs(error);
          const wait = hinted ?? backoffMs(attempt, backoffBaseMs, backoffMaxMs, random);
          // The provider's failure as a dependency error: the model's name, a code, a redacted message.
          const failure = { ...dependencyError('model', model, error), ...(timeout.aborted ? { code: 'TIMEOUT' } : {}) };
          if (kind === 'rate-limited' && (attempt >= maxAttempts || wait > backoffMaxMs)) {
            log({ ...failure, attempt, kind, waitMs: wait }, 'model rate limited; the queue holds back');
            throw new RateLimitedError(`Model ${model} is rate limited (${attempt} attempts)`, wait);
          }
          if (kind === 'fatal' || attempt >= maxAttempts) {
            log({ ...failure, attempt, kind, timedOut: timeout.aborted }, 'model call failed; using a fallback line');
            return null;
          }
          log(
            { ...failure, attempt, kind, timedOut: timeout.aborted, waitMs: Math.min(wait, backoffMaxMs) },
            'model call failed; retrying',
          );
          await sleep(Math.min(wait, backoffMaxMs), signal).catch((reason: unknown) => {
            throw asError(reason);
          });
        }
      }
    }

    const read = (answer: { text: string } | { rejected: string }) =>
      'text' in answer
        ? parseReply(answer.text, context)
        : ({ ok: false, error: `The reply was not valid JSON (${answer.rejected}).` } as const);

    const prompt = buildPrompt(context);
    const first = await call(prompt);
    if (first === null) return done(fallbackReply(context), true);
    const parsed = read(first);
    if (parsed.ok) return done(parsed.reply, false);

    log({ error: parsed.error }, 'invalid model reply; asking for a repair');
    const badOutput = 'text' in first && first.text.trim() ? first.text.slice(0, REPAIR_OUTPUT_CHARS) : '(unreadable reply)';
    const repair = await call([
      ...prompt,
      new AIMessage(badOutput),
      new HumanMessage(`### Repair\n${parsed.error}\nReply again with only the corrected JSON object in the format above.`),
    ]);
    if (repair !== null) {
      const repaired = read(repair);
      if (repaired.ok) return done(repaired.reply, false);
      log({ error: repaired.error }, 'repaired reply still invalid; using a fallback line');
    }
    return done(fallbackReply(context), true);
  }

  return { defaultModel: modelName, generateTurn };
}
