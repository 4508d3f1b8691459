import { afterEach, describe, expect, it } from 'vitest';
import { apiError, chatCompletion, startFakeOpenAi, type FakeOpenAi } from '../../../test/support/fakeOpenAi.js';
import { MEMORY_LIMITS } from '../../domain/memory.js';
import type { MemoryContext, MemoryLine } from '../../ports/memory.js';
import { buildMemoryPrompt } from './memoryPrompt.js';
import { createMemoryWriter } from './memoryWriter.js';
import { memoryReplyModes } from './memoryWriterModes.js';
import { createOpenAiChatModel } from './openai.js';
import { ScriptedChatModel } from './scripted/ScriptedChatModel.js';

const line = (speaker: string, recipient: string | null, content: string, rating = 6, reaction = ''): MemoryLine => ({
  speaker,
  recipient,
  content,
  rating,
  reaction,
});

/** Ada's view of a short conversation with Bram and Cleo about the dome motor. */
function context(lines: MemoryLine[]): MemoryContext {
  return {
    character: { name: 'Ada', persona: 'An astronomer who keeps the observatory running.', mood: 'calm', model: null, temperature: null },
    scene: { name: 'Observatory night', description: 'A cold night under the dome.' },
    others: [
      { name: 'Bram', persona: 'The caretaker.' },
      { name: 'Cleo', persona: 'A visiting student.' },
    ],
    views: [{ name: 'Bram', view: 'Reliable, if gloomy.' }],
    summary: '',
    lines,
    seed: 'scene-1-ada-memory',
  };
}

const CONVERSATION = [
  line('Bram', 'Ada', 'Does the dome motor always jam when it is this cold?', 7),
  line('Ada', 'Bram', 'It does, we should grease it before midnight.', 8, '👍'),
  line('Bram', 'Ada', 'Yes, I will fetch the grease from the shed.', 8, '😊'),
  line('Cleo', null, 'Can I watch the comet from the balcony?', 5),
  line('Ada', 'Cleo', 'Only if you wear a coat, it is freezing.', 8, '🙂'),
];

const scripted = () =>
  createMemoryWriter({ chatModel: new ScriptedChatModel(), modelName: 'scripted', timeoutMs: 5_000, maxAttempts: 1, backoffBaseMs: 0 });

describe('memory writing with the scripted model', () => {
  it('writes first-person memories of what was actually said', async () => {
    const result = await scripted().writeMemories(context(CONVERSATION));
    expect(result.fallback).toBe(false);
    expect(result.model).toBe('scripted');
    expect(result.promptTokens).toBeGreaterThan(0);
    const texts = result.memories.map((m) => m.text);
    expect(texts[0]).toMatch(/^I had a good talk with Bram and Cleo and I enjoyed it; the word "\w+" kept coming up\.$/);
    expect(texts).toContain('Bram asked me, "Does the dome motor always jam when it is this cold?"');
    expect(texts).toContain('Bram agreed with me when I said, "It does, we should grease it before midnight."');
    expect(result.memories.length).toBeLessThanOrEqual(MEMORY_LIMITS.perConversation);
    for (const m of result.memories) {
      expect(m.text).toMatch(/\b(I|me|my)\b/);
      expect(m.importance).toBeGreaterThanOrEqual(1);
      expect(m.importance).toBeLessThanOrEqual(10);
    }
    expect(result.memories.find((m) => m.text.startsWith('Bram asked'))?.about).toEqual(['Bram']);
  });

  it('sees the others through the same signals the relationship rules use, and is deterministic', async () => {
    const writer = scripted();
    const a = await writer.writeMemories(context(CONVERSATION));
    const b = await writer.writeMemories(context(CONVERSATION));
    expect(b).toEqual({ ...a });
    const bram = a.views.find((v) => v.name === 'Bram')!;
    expect(bram.feeling).toBeGreaterThan(0.3);
    expect(bram.view).toMatch(/^Good company; they kept mentioning "\w+"\.$/);
    expect(a.views.map((v) => v.name).sort()).toEqual(['Bram', 'Cleo']);
  });

  it('remembers a bad conversation as one', async () => {
    const result = await scripted().writeMemories(
      context([line('Bram', 'Ada', 'Your telescope is a toy.', 2), line('Ada', 'Bram', 'That is unkind and untrue.', 2, '😠')]),
    );
    expect(result.memories[0]!.text).toMatch(/^My talk with Bram went badly and I did not enjoy it/);
    expect(result.views.find((v) => v.name === 'Bram')!.feeling).toBeLessThan(0);
  });

  it('sums old memories up as one reflection about the people in them', async () => {
    const result = await scripted().reflect({
      character: { name: 'Ada', persona: 'An astronomer.', model: null, temperature: null },
      memories: [
        { text: 'Bram told me the dome motor jams.', about: ['Bram'], importance: 3 },
        { text: 'Bram fixed the dome motor with grease.', about: ['Bram'], importance: 4 },
        { text: 'Cleo asked about the comet.', about: ['Cleo'], importance: 2 },
      ],
      known: ['Bram', 'Cleo'],
      seed: 'ada-reflection',
    });
    expect(result.reflection).toEqual({
      text: 'Looking back on 3 memories, I spent most of my time with Bram and Cleo, and we kept coming back to "dome", "motor" and "comet".',
      about: ['Bram', 'Cleo'],
      importance: 5,
    });
  });
});

describe('memory writing against an OpenAI-compatible server', () => {
  let server: FakeOpenAi | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const writer = (url: string) =>
    createMemoryWriter({
      chatModel: createOpenAiChatModel({ apiKey: 'k', baseUrl: url, model: 'fake-model', temperature: 0.5, timeoutMs: 2_000 }),
      modelName: 'fake-model',
      timeoutMs: 2_000,
      maxAttempts: 2,
      backoffBaseMs: 1,
      replyModeMemory: new Map(),
      ...memoryReplyModes(),
    });

  it('asks with the memory schema, repairs bad output once, keeps only known names and clips text', async () => {
    const good = {
      memories: [
        { text: `I learned that Bram fixes motors. ${'Really. '.repeat(60)}`, about: ['bram', 'Nobody'], importance: 7 },
        { text: 'We argued about closing early.', about: [], importance: 4 },
      ],
      relationships: [
        { name: 'BRAM', view: 'A careful man who worries too much.', feeling: 0.4 },
        { name: 'Zed', view: 'Who?', feeling: 0 },
      ],
    };
    server = await startFakeOpenAi([chatCompletion('{"memories": "oops"}'), chatCompletion(JSON.stringify(good))]);
    const result = await writer(server.url).writeMemories(context(CONVERSATION));
    expect(server.requests).toHaveLength(2);
    const body = server.requests[0]!.body as { response_format: { json_schema: { name: string } }; messages: { content: string }[] };
    expect(body.response_format.json_schema.name).toBe('memories');
    expect(body.messages[0]!.content).toContain('### Memory task\nwrite-memories');
    expect((server.requests[1]!.body as { messages: { content: string }[] }).messages.at(-1)!.content).toContain('### Repair');
    expect(result.fallback).toBe(false);
    expect(result.memories[0]!.about).toEqual(['Bram']);
    expect(result.memories[0]!.text.length).toBeLessThanOrEqual(MEMORY_LIMITS.text);
    expect(result.views).toEqual([{ name: 'Bram', view: 'A careful man who worries too much.', feeling: 0.4 }]);
    expect(result.promptTokens).toBe(240);
  });

  it('gives an empty fallback when the output stays unusable, and steps down the reply modes on a 400', async () => {
    server = await startFakeOpenAi([
      apiError(400, 'response_format not supported'),
      chatCompletion('no json'),
      chatCompletion('still none'),
    ]);
    const result = await writer(server.url).writeMemories(context(CONVERSATION));
    expect(result).toMatchObject({ fallback: true, memories: [], views: [] });
    const second = server.requests[1]!.body as { response_format?: { type: string } };
    expect(second.response_format?.type).toBe('json_object');
  });

  it('bounds the memory prompt however long the conversation was', () => {
    const long = Array.from({ length: 500 }, (_, i) => line('Bram', 'Ada', `${i} ${'word '.repeat(200)}`));
    const text = buildMemoryPrompt(context(long))
      .map((m) => m.text)
      .join('\n');
    expect(text.length).toBeLessThan(20_000);
    expect(text).toContain('- Bram → Ada: 499 word');
    expect(text).not.toContain('Bram → Ada: 459 word');
  });
});
