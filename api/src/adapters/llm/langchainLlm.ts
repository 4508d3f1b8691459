import type { BaseChatModel, BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import type { TurnReply } from '../../domain/reply.js';
import { RateLimitedError } from '../../ports/errors.js';
import { dependencyError } from '../dependencyErrors.js';
import type { Llm, TurnContext, TurnResult } from '../../ports/llm.js';
import { buildPrompt, estimateTokens } from './prompt.js';
import { fallbackReply, parseReply } from './replyParsing.js';
import { abortableSleep, backoffMs, classifyFailure, retryAfterMs } from './retry.js';

/** The part of a logger this adapter uses; a pino logger fits. */
export interface LlmLogger {
  warn(details: object, message: string): void;
}

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
  /** Extra call options on every call, e.g. `jsonReplyCallOptions('json_schema')` for ChatOpenAI. */
  callOptions?: Partial<BaseChatModelCallOptions>;
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
  const { chatModel, modelName, timeoutMs, maxAttempts, backoffBaseMs, logger } = options;
  const backoffMaxMs = options.backoffMaxMs ?? 30_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  if (maxAttempts < 1) throw new Error('createLangChainLlm: maxAttempts must be at least 1');

  async function generateTurn(context: TurnContext, signal?: AbortSignal): Promise<TurnResult> {
    const started = performance.now();
    const usage = { promptTokens: 0, completionTokens: 0 };
    const log = (details: object, message: string): void =>
      logger?.warn({ model: modelName, seed: context.seed, speaker: context.speaker.name, ...details }, message);
    const done = (reply: TurnReply, fallback: boolean): TurnResult => ({
      reply,
      model: modelName,
      ...usage,
      latencyMs: Math.round(performance.now() - started),
      fallback,
    });

    /** One logical model call with retries: the reply text, its rejection, or null when it is time to fall back. */
    async function call(messages: BaseMessage[]): Promise<{ text: string } | { rejected: string } | null> {
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw asError(signal.reason);
        const timeout = AbortSignal.timeout(timeoutMs);
        try {
          const message = await chatModel.invoke(messages, {
            ...options.callOptions,
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          });
          const text = message.text;
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
          const kind = timeout.aborted ? 'retryable' : classifyFailure(error);
          const hinted = retryAfterMs(error);
          const wait = hinted ?? backoffMs(attempt, backoffBaseMs, backoffMaxMs, random);
          // The provider's failure as a dependency error: the model's name, a code, a redacted message.
          const failure = { ...dependencyError('model', modelName, error), ...(timeout.aborted ? { code: 'TIMEOUT' } : {}) };
          if (kind === 'rate-limited' && (attempt >= maxAttempts || wait > backoffMaxMs)) {
            log({ ...failure, attempt, kind, waitMs: wait }, 'model rate limited; the queue holds back');
            throw new RateLimitedError(`Model ${modelName} is rate limited (${attempt} attempts)`, wait);
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
