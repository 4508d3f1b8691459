import { ChatOpenAI, type ChatOpenAICallOptions } from '@langchain/openai';
import type { Logger } from 'pino';
import { z } from 'zod';
import { redactSecrets } from '../dependencyErrors.js';
import { turnReplySchema } from '../../domain/reply.js';
import type { ReplyMode } from './modelCall.js';

/** Settings for an OpenAI or OpenAI-compatible chat-completions server. */
export interface OpenAiChatModelOptions {
  apiKey: string;
  /** E.g. `https://api.openai.com/v1`, `http://localhost:11434/v1` (Ollama). */
  baseUrl: string;
  model: string;
  temperature: number;
  /** Per request; the Llm adapter also enforces its own timeout. */
  timeoutMs: number;
  /** HTTP client for the SDK (the model-call window wraps `fetch` to stamp each request as it leaves). */
  fetch?: typeof fetch;
  /** Where the SDK's own warnings go (as `dependency: 'model'` lines); without one they are dropped, never printed. */
  logger?: Logger;
}

/** The OpenAI SDK's logger over pino: only its message, redacted (its extra arguments can hold request details). */
function sdkLogger(model: string, logger?: Logger) {
  const line =
    (level: 'warn' | 'error' | 'debug') =>
    (message: string): void =>
      logger?.[level](
        { dependency: 'model', target: model, code: 'SDK_LOG', error: redactSecrets(message).slice(0, 500) },
        'model SDK message',
      );
  return { error: line('warn'), warn: line('warn'), info: line('debug'), debug: line('debug') };
}

/**
 * A `ChatOpenAI` for any OpenAI-compatible server. `maxRetries: 0`: LangChain's and the SDK's
 * own retries are off because the Llm adapter does its own back-off (it must see every 429
 * to tell the queue to slow down).
 */
export function createOpenAiChatModel(options: OpenAiChatModelOptions): ChatOpenAI {
  return new ChatOpenAI({
    apiKey: options.apiKey,
    model: options.model,
    temperature: options.temperature,
    timeout: options.timeoutMs,
    maxRetries: 0,
    configuration: {
      baseURL: options.baseUrl,
      logger: sdkLogger(options.model, options.logger),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
  });
}

/**
 * How to ask the server for the JSON reply, best first: a schema (OpenAI, vLLM, llama.cpp,
 * recent Ollama), any JSON object, a forced tool call whose arguments are the reply (servers
 * with function calling but no `response_format`), or plain text read by the parser.
 */
export type ReplyModeName = 'json_schema' | 'json_object' | 'tools' | 'text';

/** The fallback ladder the Llm adapter walks down when a server answers 400. */
export const REPLY_LADDER: readonly ReplyModeName[] = ['json_schema', 'json_object', 'tools', 'text'];

/** The name of the tool (and schema) that carries the reply. */
const REPLY_TOOL = 'turn_reply';
const REPLY_DESCRIPTION = 'One line of dialogue and the speaker state.';

/**
 * Call options that make `ChatOpenAI` request a JSON reply. The schema is passed as plain
 * JSON Schema with `strict: false` on purpose: a zod schema would make the SDK parse the
 * reply itself and throw on bad JSON before our one repair attempt could run, and strict
 * mode rejects the optional `moveTo` and the length limits. We validate with zod anyway.
 */
export function replyCallOptions(mode: ReplyModeName): Partial<ChatOpenAICallOptions> {
  return structuredCallOptions(mode, { name: REPLY_TOOL, description: REPLY_DESCRIPTION, schema: turnReplySchema });
}

/** The same ladder for any zod schema (memory writing uses it with its own), named as a tool. */
export function structuredCallOptions(
  mode: ReplyModeName,
  reply: { name: string; description: string; schema: z.ZodType },
): Partial<ChatOpenAICallOptions> {
  if (mode === 'text') return {};
  if (mode === 'json_object') return { response_format: { type: 'json_object' } };
  const { $schema: _ignored, ...schema } = z.toJSONSchema(reply.schema);
  if (mode === 'tools') {
    // One tool, forced by name: its arguments are the reply, so tool-only servers still give JSON.
    return {
      tools: [{ type: 'function', function: { name: reply.name, description: reply.description, parameters: schema } }],
      tool_choice: { type: 'function', function: { name: reply.name } },
    };
  }
  return {
    response_format: {
      type: 'json_schema',
      json_schema: { name: reply.name, description: reply.description, strict: false, schema },
    },
  };
}

/** Reply modes for any zod schema, from `names` (default: the whole ladder). */
export function structuredReplyModes(
  reply: { name: string; description: string; schema: z.ZodType },
  names: readonly ReplyModeName[] = REPLY_LADDER,
): ReplyMode[] {
  return names.map((name) => ({ name, callOptions: structuredCallOptions(name, reply) }));
}

/** The reply modes for the Llm adapter, from `names` (default: the whole ladder). */
export function openAiReplyModes(names: readonly ReplyModeName[] = REPLY_LADDER): ReplyMode[] {
  return names.map((name) => ({ name, callOptions: replyCallOptions(name) }));
}
