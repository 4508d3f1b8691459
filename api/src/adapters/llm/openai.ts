import { ChatOpenAI, type ChatOpenAICallOptions } from '@langchain/openai';
import type { Logger } from 'pino';
import { z } from 'zod';
import { redactSecrets } from '../dependencyErrors.js';
import { turnReplySchema } from '../../domain/reply.js';

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

/** How to ask the server for JSON: a schema (OpenAI, vLLM, llama.cpp, recent Ollama), any JSON object, or nothing. */
export type JsonReplyMode = 'json_schema' | 'json_object' | 'none';

/**
 * Call options that make `ChatOpenAI` request a JSON reply. The schema is passed as plain
 * JSON Schema with `strict: false` on purpose: a zod schema would make the SDK parse the
 * reply itself and throw on bad JSON before our one repair attempt could run, and strict
 * mode rejects the optional `moveTo` and the length limits. We validate with zod anyway.
 */
export function jsonReplyCallOptions(mode: JsonReplyMode): Partial<ChatOpenAICallOptions> {
  if (mode === 'none') return {};
  if (mode === 'json_object') return { response_format: { type: 'json_object' } };
  const { $schema: _ignored, ...schema } = z.toJSONSchema(turnReplySchema);
  return {
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'turn_reply', description: 'One line of dialogue and the speaker state.', strict: false, schema },
    },
  };
}
