import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createConversation } from '../../../test/support/conversation.js';
import {
  apiError,
  chatCompletion,
  chatRequest,
  startFakeOpenAi,
  toolCallCompletion,
  type FakeOpenAi,
  type FakeRequest,
  type FakeResponse,
} from '../../../test/support/fakeOpenAi.js';
import type { TurnReply } from '../../domain/reply.js';
import { loadConfig } from '../../config.js';
import { createLlm } from './index.js';
import { createLangChainLlm } from './langchainLlm.js';
import { createOpenAiChatModel, openAiReplyModes } from './openai.js';

const valid: TurnReply = {
  content: 'Mushrooms? In a tavern? Show me at once!',
  thoughts: 'Maybe there is a rare fungus by the fire.',
  recipient: 'Marlo',
  mood: 'excited',
  moodEmoji: '🤩',
  reaction: '😮',
  rating: 8,
  endConversation: false,
  moveTo: 'fireplace',
};
const validJson = JSON.stringify(valid);

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Juniper's turn after Marlo spoke. */
function context() {
  const conversation = createConversation();
  conversation.apply({ ...valid, content: 'I found mushrooms by the fireplace.', recipient: 'Juniper', moveTo: null });
  return conversation.context();
}

type Capability = 'json_schema' | 'json_object' | 'tools';

/**
 * A server with only some structured-output features: it answers 400 to the others, as
 * servers without them do, and otherwise answers in the form asked for (a tool call, bare
 * JSON, or JSON amid prose when nothing was asked).
 */
function serverWith(capabilities: readonly Capability[]) {
  return (request: FakeRequest): FakeResponse => {
    const body = chatRequest(request);
    const format = (body.response_format as { type?: string } | undefined)?.type;
    if (format === 'json_schema' && !capabilities.includes('json_schema'))
      return apiError(400, 'response_format json_schema is not supported');
    if (format === 'json_object' && !capabilities.includes('json_object')) return apiError(400, 'Unknown response_format type');
    if (body.tools && !capabilities.includes('tools')) return apiError(400, 'tools are not supported by this model');
    if (body.tools) return toolCallCompletion('turn_reply', validJson);
    if (format) return chatCompletion(validJson);
    return chatCompletion(`Here is Juniper's line:\n${validJson}\nHope that fits the scene!`);
  };
}

async function setup(capabilities: readonly Capability[]) {
  server = await startFakeOpenAi(serverWith(capabilities));
  const logged: { details: object; message: string }[] = [];
  const llm = createLangChainLlm({
    chatModel: createOpenAiChatModel({ apiKey: 'k', baseUrl: server.url, model: 'fake-model', temperature: 0.7, timeoutMs: 2_000 }),
    modelName: 'fake-model',
    timeoutMs: 2_000,
    maxAttempts: 3,
    backoffBaseMs: 10,
    replyModes: openAiReplyModes(),
    serverKey: server.url,
    replyModeMemory: new Map(),
    logger: { warn: (details, message) => logged.push({ details, message }) },
  });
  return { llm, server, logged };
}

/** What each request asked for: its response_format type, `tools`, or `text`. */
function modesAsked(requests: FakeRequest[]): string[] {
  return requests.map((request) => {
    const body = chatRequest(request);
    if (body.tools) return 'tools';
    return (body.response_format as { type?: string } | undefined)?.type ?? 'text';
  });
}

describe('structured output falls back by capability', () => {
  it('uses JSON object mode when the server refuses json_schema, and remembers it', async () => {
    const { llm, server, logged } = await setup(['json_object', 'tools']);
    const first = await llm.generateTurn(context());
    expect(first.fallback).toBe(false);
    expect(first.reply).toEqual(valid);
    expect(modesAsked(server.requests)).toEqual(['json_schema', 'json_object']);

    const second = await llm.generateTurn(context());
    expect(second.fallback).toBe(false);
    expect(modesAsked(server.requests)).toEqual(['json_schema', 'json_object', 'json_object']);
    expect(logged).toEqual([
      {
        details: expect.objectContaining({ model: 'fake-model', mode: 'json_object', refusedMode: 'json_schema', code: 'HTTP_400' }),
        message: 'model server refused json_schema replies; using json_object from now on',
      },
    ]);
  });

  it('uses a forced tool call when the server refuses both response formats', async () => {
    const { llm, server, logged } = await setup(['tools']);
    const first = await llm.generateTurn(context());
    expect(first).toMatchObject({ fallback: false, reply: valid, promptTokens: 120, completionTokens: 40 });
    expect(modesAsked(server.requests)).toEqual(['json_schema', 'json_object', 'tools']);
    const body = chatRequest(server.requests[2]!);
    expect(body.response_format).toBeUndefined();
    expect(body.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        function: expect.objectContaining({ name: 'turn_reply', parameters: expect.objectContaining({ type: 'object' }) }),
      }),
    ]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'turn_reply' } });

    expect((await llm.generateTurn(context())).fallback).toBe(false);
    expect(modesAsked(server.requests).slice(3)).toEqual(['tools']);
    expect(logged.map((l) => l.message)).toEqual([
      'model server refused json_schema replies; using json_object from now on',
      'model server refused json_object replies; using tools from now on',
    ]);
  });

  it('reads JSON amid prose when the server supports none of them', async () => {
    const { llm, server } = await setup([]);
    const first = await llm.generateTurn(context());
    expect(first).toMatchObject({ fallback: false, reply: valid });
    expect(modesAsked(server.requests)).toEqual(['json_schema', 'json_object', 'tools', 'text']);

    expect((await llm.generateTurn(context())).fallback).toBe(false);
    expect(modesAsked(server.requests).slice(4)).toEqual(['text']);
  });

  it('still falls back when the last mode is refused too, without looping', async () => {
    server = await startFakeOpenAi([apiError(400, 'bad request')]);
    const llm = createLangChainLlm({
      chatModel: createOpenAiChatModel({ apiKey: 'k', baseUrl: server.url, model: 'fake-model', temperature: 0.7, timeoutMs: 2_000 }),
      modelName: 'fake-model',
      timeoutMs: 2_000,
      maxAttempts: 3,
      backoffBaseMs: 10,
      replyModes: openAiReplyModes(),
      replyModeMemory: new Map(),
    });
    expect((await llm.generateTurn(context())).fallback).toBe(true);
    expect(server.requests).toHaveLength(4);
    expect((await llm.generateTurn(context())).fallback).toBe(true);
    expect(server.requests).toHaveLength(5);
  });
});

describe("a speaker's own model and temperature", () => {
  it('are sent for that speaker; others get the configured ones', async () => {
    server = await startFakeOpenAi(serverWith(['json_schema']));
    const config = loadConfig({
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: server.url,
      LLM_MODEL: 'house-model',
      LLM_TEMPERATURE: '0.7',
      // The operator allows the speaker's model and temperature (`modelPolicy.openai.test.ts`: what it does not allow).
      PROPOSAL_MODELS: 'juniper-model',
      PROPOSAL_TEMPERATURE_MAX: '1.5',
    }).llm;
    const llm = createLlm(config, pino({ enabled: false }));
    const plain = context();
    const own = { ...plain, speaker: { ...plain.speaker, model: 'juniper-model', temperature: 0.2 } };
    const warmOnly = { ...plain, speaker: { ...plain.speaker, temperature: 1.5 } };

    expect(await llm.generateTurn(own)).toMatchObject({ model: 'juniper-model', fallback: false });
    expect(await llm.generateTurn(plain)).toMatchObject({ model: 'house-model', fallback: false });
    expect(await llm.generateTurn(warmOnly)).toMatchObject({ model: 'house-model', fallback: false });
    const sent = server.requests.map((r) => chatRequest(r)).map(({ model, temperature }) => ({ model, temperature }));
    expect(sent).toEqual([
      { model: 'juniper-model', temperature: 0.2 },
      { model: 'house-model', temperature: 0.7 },
      { model: 'house-model', temperature: 1.5 },
    ]);
  });
});
