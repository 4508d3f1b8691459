import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createConversation } from '../../../test/support/conversation.js';
import {
  apiError,
  chatCompletion,
  chatRequest,
  startFakeOpenAi,
  type FakeHandler,
  type FakeOpenAi,
  type FakeResponse,
} from '../../../test/support/fakeOpenAi.js';
import { turnReplySchema, type TurnReply } from '../../domain/reply.js';
import { RateLimitedError } from '../../ports/errors.js';
import { createLangChainLlm, type LangChainLlmOptions, type LlmLogger } from './langchainLlm.js';
import { createOpenAiChatModel, openAiReplyModes } from './openai.js';

// A pino logger must fit the adapter's logger type.
const pinoFits: LlmLogger = pino({ enabled: false });
void pinoFits;

const valid: TurnReply = {
  content: 'Mushrooms? In a tavern? Show me at once!',
  thoughts: 'Maybe there is a rare fungus by the fire.',
  recipient: 'marlo',
  mood: 'excited',
  moodEmoji: '🤩',
  reaction: '😮',
  rating: 8,
  endConversation: false,
  moveTo: 'Fireplace',
};
const validJson = JSON.stringify(valid);

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Juniper's turn after Marlo spoke, as the turn loop would ask for it. */
function context() {
  const conversation = createConversation();
  conversation.apply({ ...valid, content: 'I found mushrooms by the fireplace.', recipient: 'Juniper', moveTo: null });
  return conversation.context();
}

async function setup(script: FakeHandler | FakeResponse[], options: Partial<LangChainLlmOptions> = {}) {
  server = await startFakeOpenAi(script);
  const timeoutMs = options.timeoutMs ?? 2_000;
  const warnings: string[] = [];
  const llm = createLangChainLlm({
    chatModel: createOpenAiChatModel({ apiKey: 'test-key', baseUrl: server.url, model: 'fake-model', temperature: 0.7, timeoutMs }),
    modelName: 'fake-model',
    timeoutMs,
    maxAttempts: 3,
    backoffBaseMs: 40,
    // One mode: these tests are about retries and repair, not the fallback ladder (langchainLlm.replyModes.test.ts).
    replyModes: openAiReplyModes(['json_schema']),
    replyModeMemory: new Map(),
    logger: { warn: (_details, message) => warnings.push(message) },
    ...options,
  });
  return { llm, server, warnings };
}

function contents(body: unknown): string[] {
  return chatRequest({ at: 0, method: 'POST', path: '', headers: {}, body }).messages.map((m) => `${m.role}: ${String(m.content)}`);
}

describe('createLangChainLlm over ChatOpenAI', () => {
  it('parses a structured reply, normalizes names and records usage', async () => {
    const { llm, server } = await setup([chatCompletion(validJson)]);
    const result = await llm.generateTurn(context());
    expect(result).toMatchObject({ model: 'fake-model', promptTokens: 120, completionTokens: 40, fallback: false });
    expect(result.reply).toEqual({ ...valid, recipient: 'Marlo', moveTo: 'fireplace' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);

    const [request] = server.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer test-key');
    const body = chatRequest(server.requests[0]!);
    expect(body.model).toBe('fake-model');
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'turn_reply', strict: false, schema: { required: expect.arrayContaining(['content', 'recipient']) } },
    });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(String(body.messages[0]?.content)).toContain('### Speaker\n<character_description>\nName: Juniper');
    expect(String(body.messages[1]?.content)).toContain('Marlo → Juniper: I found mushrooms by the fireplace.');
  });

  it('accepts JSON in code fences and estimates usage the server does not report', async () => {
    const noUsage = chatCompletion(`Sure!\n\`\`\`json\n${validJson}\n\`\`\``);
    const body = noUsage.body as Record<string, unknown>;
    delete body.usage;
    const { llm, server } = await setup([noUsage], { replyModes: openAiReplyModes(['json_object']) });
    const result = await llm.generateTurn(context());
    expect(chatRequest(server.requests[0]!).response_format).toEqual({ type: 'json_object' });
    expect(server.requests).toHaveLength(1);
    expect(result.fallback).toBe(false);
    expect(result.promptTokens).toBeGreaterThan(300);
    expect(result.completionTokens).toBe(Math.ceil(`Sure!\n\`\`\`json\n${validJson}\n\`\`\``.length / 4));
  });

  it('backs off after a 429 and then succeeds', async () => {
    const { llm, server } = await setup([apiError(429, 'Rate limit reached'), chatCompletion(validJson)]);
    const result = await llm.generateTurn(context());
    expect(result.fallback).toBe(false);
    expect(server.requests).toHaveLength(2);
    const gap = (server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0);
    console.log(`429 back-off: ${gap} ms between attempts (base 40 ms)`);
    expect(gap).toBeGreaterThanOrEqual(20);
  });

  it('honours Retry-After', async () => {
    const { llm, server } = await setup([apiError(429, 'slow down', { 'retry-after-ms': '300' }), chatCompletion(validJson)]);
    expect((await llm.generateTurn(context())).fallback).toBe(false);
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it('sends an invalid reply back once for repair, with the error', async () => {
    const { llm, server, warnings } = await setup([
      chatCompletion('{"content": "", "mood": "happy"}'),
      chatCompletion(validJson, { prompt_tokens: 200, completion_tokens: 50 }),
    ]);
    const result = await llm.generateTurn(context());
    expect(result.fallback).toBe(false);
    expect(result.reply.content).toBe(valid.content);
    expect(result).toMatchObject({ promptTokens: 320, completionTokens: 90 });
    expect(server.requests).toHaveLength(2);
    const repair = contents(server.requests[1]?.body);
    expect(repair).toHaveLength(4);
    expect(repair[2]).toBe('assistant: {"content": "", "mood": "happy"}');
    expect(repair[3]).toMatch(/^user: ### Repair\nThe JSON did not match the format: content: .*recipient: /su);
    expect(warnings).toEqual(['invalid model reply; asking for a repair']);
  });

  it('repairs text the SDK refused to parse under a json_schema format', async () => {
    // With json_schema the OpenAI SDK parses the content itself and throws on non-JSON.
    const { llm, server } = await setup([chatCompletion('Sorry, I cannot answer in JSON today.'), chatCompletion(validJson)]);
    const result = await llm.generateTurn(context());
    expect(result.fallback).toBe(false);
    expect(server.requests).toHaveLength(2);
    const repair = contents(server.requests[1]?.body);
    expect(repair[2]).toBe('assistant: (unreadable reply)');
    expect(repair[3]).toContain('The reply was not valid JSON (SyntaxError');
    expect(repair[3]).toContain('"Sorry, I c"');
  });

  it('falls back to a safe line when the repair is invalid too', async () => {
    const { llm, server } = await setup([chatCompletion('I would rather not.'), chatCompletion('{"still": "wrong"}')], {
      replyModes: openAiReplyModes(['text']),
    });
    const result = await llm.generateTurn(context());
    expect(result.fallback).toBe(true);
    expect(turnReplySchema.parse(result.reply)).toEqual(result.reply);
    expect(result.reply).toMatchObject({ recipient: 'Marlo', endConversation: false, moveTo: null, mood: 'curious' });
    expect(chatRequest(server.requests[0]!).response_format).toBeUndefined();
    expect(contents(server.requests[1]?.body)[3]).toContain('not a JSON object');
    expect(server.requests).toHaveLength(2);
  });

  it('throws RateLimitedError when 429s persist', async () => {
    const { llm, server } = await setup([apiError(429, 'Rate limit reached')]);
    const error = await llm.generateTurn(context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(3);
  });

  it('falls back after 5xx errors, and does not retry a 400', async () => {
    const { llm, server } = await setup([apiError(503, 'overloaded')]);
    expect((await llm.generateTurn(context())).fallback).toBe(true);
    expect(server.requests).toHaveLength(3);
    await server.close();
    const bad = await setup([apiError(400, 'bad request')]);
    expect((await bad.llm.generateTurn(context())).fallback).toBe(true);
    expect(bad.server.requests).toHaveLength(1);
  });

  it('times out a hanging server and falls back', async () => {
    const { llm, server } = await setup([{ hang: true }], { timeoutMs: 150, maxAttempts: 2 });
    const started = Date.now();
    const result = await llm.generateTurn(context());
    const elapsed = Date.now() - started;
    console.log(`hanging server: fallback after ${elapsed} ms (2 attempts x 150 ms timeout)`);
    expect(result.fallback).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("throws when the caller's signal aborts, without falling back", async () => {
    const { llm, server } = await setup([{ hang: true }], { timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await llm.generateTurn(context(), controller.signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it('stops backing off as soon as the caller aborts', async () => {
    const { llm } = await setup([apiError(503, 'overloaded')], { backoffBaseMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(llm.generateTurn(context(), controller.signal)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
