import type { BaseChatModel, BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { RateLimitedError } from '../../ports/errors.js';
import { dependencyError } from '../dependencyErrors.js';
import { estimateTokens } from './prompt.js';
import { abortableSleep, backoffMs, classifyFailure, retryAfterMs, statusOf } from './retry.js';

/** The part of a logger the model adapters use; a pino logger fits. */
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
 * calls (any scene, any Llm of this process, any kind of request) go straight to the one that worked.
 */
const processReplyModes: ReplyModeMemory = new Map();

/** Plain text, read by the parser: what a model without any structured-output support gets. */
export const TEXT_ONLY: readonly ReplyMode[] = [{ name: 'text', callOptions: {} }];

/** How model calls are made: timeouts, retries, back-off, the reply-mode ladder and its memory. */
export interface ModelCallOptions {
  /** Per model call (each retry and the repair get their own). */
  timeoutMs: number;
  /** Calls per request, first one included, on 429, 5xx, network errors and timeouts. */
  maxAttempts: number;
  /** First back-off delay; doubles per attempt, with jitter. */
  backoffBaseMs: number;
  /** Longest wait between attempts (default 30 s). A longer Retry-After on 429 is handed to the queue at once. */
  backoffMaxMs?: number;
  /** Names the server in the reply-mode memory (the base URL); default: none, one server. */
  serverKey?: string;
  /** Where reply modes are remembered; default: one memory for the process. Injected in tests. */
  replyModeMemory?: ReplyModeMemory;
  logger?: LlmLogger;
  /** Injected in tests; must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source, injected in tests. */
  random?: () => number;
}

/** One logical request: which chat model, under which name, with which reply modes (best first). */
export interface ModelRequest {
  chatModel: BaseChatModel;
  model: string;
  /** Default: plain text. Mode names key the remembered ladder position, so every request shares it. */
  modes?: readonly ReplyMode[];
  signal?: AbortSignal;
  /** Added to every log line of this request (seed, speaker ...). */
  logFields?: object;
}

/** A model's answer: its text, or the SDK's rejection of it (bad JSON, truncated). */
export type ModelAnswer = { text: string } | { rejected: string };

/** The calls of one logical request and their summed token usage. */
export interface ModelSession {
  readonly model: string;
  readonly usage: { promptTokens: number; completionTokens: number };
  /** One model call with retries: the answer, or null when it is time to fall back. Throws on abort and on exhausted 429s. */
  call(messages: BaseMessage[]): Promise<ModelAnswer | null>;
  /** Logs with the request's fields. */
  log(details: object, message: string): void;
}

export function asError(reason: unknown): Error {
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
 * The reusable model-call machinery: timeouts, jittered exponential back-off honouring
 * Retry-After, the reply-mode ladder (a 400 steps down at once and is remembered per server
 * and model), usage counting (estimated when the server reports none). Returns a factory of
 * sessions, one per logical request.
 */
export function createModelCaller(options: ModelCallOptions): (request: ModelRequest) => ModelSession {
  const { timeoutMs, maxAttempts, backoffBaseMs, logger } = options;
  const memory = options.replyModeMemory ?? processReplyModes;
  const backoffMaxMs = options.backoffMaxMs ?? 30_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  if (maxAttempts < 1) throw new Error('createModelCaller: maxAttempts must be at least 1');

  return (request) => {
    const { chatModel, model, signal } = request;
    const modes = request.modes?.length ? request.modes : TEXT_ONLY;
    const usage = { promptTokens: 0, completionTokens: 0 };
    const memoryKey = `${options.serverKey ?? ''}\n${model}`;
    const remembered = modes.findIndex((m) => m.name === memory.get(memoryKey));
    let modeIndex = Math.max(0, remembered);
    const log = (details: object, message: string): void => logger?.warn({ model, ...request.logFields, ...details }, message);

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

    async function call(messages: BaseMessage[]): Promise<ModelAnswer | null> {
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

    return { model, usage, call, log };
  };
}

const REPAIR_OUTPUT_CHARS = 2000;

/** A parser of the model's text: the value, or why it is unusable (told to the model in the repair). */
export type AnswerParser<T> = (text: string) => { ok: true; value: T } | { ok: false; error: string };

/**
 * Asks once and, on unusable output, once more with the bad output and the parser's error
 * (the repair). The parsed value, or null when the caller should fall back.
 */
export async function askWithRepair<T>(session: ModelSession, prompt: BaseMessage[], parse: AnswerParser<T>): Promise<T | null> {
  const read = (answer: ModelAnswer) =>
    'text' in answer ? parse(answer.text) : ({ ok: false, error: `The reply was not valid JSON (${answer.rejected}).` } as const);

  const first = await session.call(prompt);
  if (first === null) return null;
  const parsed = read(first);
  if (parsed.ok) return parsed.value;

  session.log({ error: parsed.error }, 'invalid model reply; asking for a repair');
  const badOutput = 'text' in first && first.text.trim() ? first.text.slice(0, REPAIR_OUTPUT_CHARS) : '(unreadable reply)';
  const repair = await session.call([
    ...prompt,
    new AIMessage(badOutput),
    new HumanMessage(`### Repair\n${parsed.error}\nReply again with only the corrected JSON object in the format above.`),
  ]);
  if (repair !== null) {
    const repaired = read(repair);
    if (repaired.ok) return repaired.value;
    session.log({ error: repaired.error }, 'repaired reply still invalid; using a fallback line');
  }
  return null;
}
