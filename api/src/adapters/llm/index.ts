import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Llm } from '../../ports/llm.js';
import { createLangChainLlm } from './langchainLlm.js';
import { createOpenAiChatModel, jsonReplyCallOptions } from './openai.js';
import { ScriptedChatModel } from './ScriptedChatModel.js';

/** Build the configured model behind the Llm port (scripted offline model or an OpenAI-compatible server). */
export function createLlm(config: Config['llm'], logger: Logger, http: { fetch?: typeof fetch } = {}): Llm {
  if (config.provider === 'openai') {
    const chatModel = createOpenAiChatModel({
      apiKey: config.apiKey ?? 'not-needed',
      baseUrl: config.baseUrl ?? '',
      model: config.model,
      temperature: config.temperature,
      timeoutMs: config.timeoutMs,
      fetch: http.fetch,
      logger,
    });
    return createLangChainLlm({
      chatModel,
      modelName: config.model,
      timeoutMs: config.timeoutMs,
      maxAttempts: config.maxAttempts,
      backoffBaseMs: 500,
      callOptions: jsonReplyCallOptions('json_schema'),
      logger,
    });
  }
  return createLangChainLlm({
    chatModel: new ScriptedChatModel({ seed: config.scriptedSeed }),
    modelName: 'scripted',
    timeoutMs: config.timeoutMs,
    maxAttempts: 1,
    backoffBaseMs: 0,
    logger,
  });
}
