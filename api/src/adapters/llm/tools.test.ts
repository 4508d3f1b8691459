import { afterEach, describe, expect, it } from 'vitest';
import {
  apiError,
  chatCompletion,
  chatRequest,
  startFakeOpenAi,
  type FakeHandler,
  type FakeOpenAi,
  type FakeRequest,
} from '../../../test/support/fakeOpenAi.js';
import type { StageState } from '../../domain/actions.js';
import type { TurnReply } from '../../domain/reply.js';
import { roomById } from '../../domain/rooms.js';
import type { TurnContext } from '../../ports/llm.js';
import { createLangChainLlm } from './langchainLlm.js';
import { createOpenAiChatModel, openAiReplyModes } from './openai.js';
import { buildPrompt } from './prompt.js';
import { ScriptedChatModel } from './scripted/ScriptedChatModel.js';
import { readScriptPrompt } from './scripted/promptReader.js';
import { answerToolCalls } from './tools.js';

const reply: TurnReply = {
  content: 'Look at these charts, Ben!',
  thoughts: 'He will love the comet.',
  recipient: 'Ben',
  mood: 'excited',
  moodEmoji: '🤩',
  reaction: '👍',
  rating: 8,
  endConversation: false,
  moveTo: null,
};

function stage(holding: { juno?: string; ben?: string } = {}): StageState {
  return {
    room: roomById('observatory'),
    speakerId: 'juno',
    characters: [
      { id: 'juno', name: 'Juno', spot: 'desk', facing: 'down', holding: holding.juno ?? null },
      { id: 'ben', name: 'Ben', spot: 'telescope', facing: 'down', holding: holding.ben ?? null },
    ],
  };
}

function context(seed = 'scene-1-1', s: StageState = stage()): TurnContext {
  return {
    scene: { name: 'Night watch', description: 'A clear night.', roomName: 'Observatory dome', spots: s.room.spots.map((x) => x.name) },
    speaker: {
      name: 'Juno',
      persona: 'An astronomer.',
      appearance: 'Tall.',
      mood: 'calm',
      moodEmoji: '🙂',
      model: null,
      temperature: null,
    },
    others: [{ name: 'Ben', persona: 'A night guard.', mood: 'sleepy' }],
    summary: '',
    recent: [],
    narration: [],
    turn: 3,
    seed,
    stage: s,
  };
}

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const hasTools = (r: FakeRequest) => (chatRequest(r).tools ?? []).some((t) => JSON.stringify(t).includes('"pick_up"'));
const toolAnswers = (r: FakeRequest) => chatRequest(r).messages.filter((m) => m.role === 'tool');

/** A completion calling several tools at once, arguments as JSON strings as servers send them. */
function toolCalls(calls: [string, string][]) {
  const response = chatCompletion('');
  const body = response.body as { choices: { message: Record<string, unknown>; finish_reason: string }[] };
  body.choices[0]!.message = {
    role: 'assistant',
    content: null,
    tool_calls: calls.map(([name, args], i) => ({ id: `call_${i}`, type: 'function', function: { name, arguments: args } })),
  };
  body.choices[0]!.finish_reason = 'tool_calls';
  return response;
}

function llmFor(url: string, refusals = new Set<string>()) {
  return createLangChainLlm({
    chatModel: createOpenAiChatModel({ apiKey: 'k', baseUrl: url, model: 'fake-model', temperature: 0.7, timeoutMs: 2_000 }),
    modelName: 'fake-model',
    timeoutMs: 2_000,
    maxAttempts: 2,
    backoffBaseMs: 10,
    replyModes: openAiReplyModes(['json_schema']),
    replyModeMemory: new Map(),
    serverKey: url,
    toolRefusals: refusals,
  });
}

describe('the tool round against a chat-completions server', () => {
  it('answers each call with a ToolMessage (refused with the reason, or done), then asks for the reply with them in view', async () => {
    const handler: FakeHandler = (r) =>
      hasTools(r)
        ? toolCalls([
            ['give', '{"object":"mug","to":"Ben"}'], // Juno holds nothing
            ['pick_up', '{"object":"star-charts"}'],
            ['walk_to', '{"place":"sofa"}'], // wrong argument name
            ['fly', '{}'], // no such tool
          ])
        : chatCompletion(JSON.stringify(reply));
    server = await startFakeOpenAi(handler);
    const result = await llmFor(server.url).generateTurn(context());

    expect(result.fallback).toBe(false);
    expect(result.reply.content).toBe(reply.content);
    expect(result.actions?.map((a) => a.text)).toEqual(['Juno picks up the star charts']);
    expect(server.requests).toHaveLength(2);
    expect(hasTools(server.requests[0]!)).toBe(true);
    const answers = toolAnswers(server.requests[1]!).map((m) => String(m.content));
    expect(answers).toEqual([
      'refused: Juno does not hold the cocoa mug; pick_up it first.',
      'ok: Juno picks up the star charts.',
      expect.stringMatching(/^refused: Bad arguments for walk_to/u),
      'refused: There is no tool "fly". Tools: walk_to, look_at, use, pick_up, give.',
    ]);
    // Both requests' tokens are counted (120 + 40 each, as the fake server reports).
    expect(result.promptTokens).toBe(240);
    expect(result.completionTokens).toBe(80);
  });

  it('takes the reply at once when the model answers without calling a tool', async () => {
    server = await startFakeOpenAi([chatCompletion(JSON.stringify(reply))]);
    const result = await llmFor(server.url).generateTurn(context());
    expect(result).toMatchObject({ fallback: false, actions: [], promptTokens: 120 });
    expect(server.requests).toHaveLength(1);
  });

  it('a server that refuses tools (400) still gets the turn, and later turns skip the tool round', async () => {
    const handler: FakeHandler = (r) => (hasTools(r) ? apiError(400, 'tools are not supported') : chatCompletion(JSON.stringify(reply)));
    server = await startFakeOpenAi(handler);
    const llm = llmFor(server.url);
    const first = await llm.generateTurn(context());
    expect(first).toMatchObject({ fallback: false, actions: [] });
    expect(server.requests.map(hasTools)).toEqual([true, false]);
    const second = await llm.generateTurn(context('scene-1-2'));
    expect(second.fallback).toBe(false);
    expect(server.requests.map(hasTools)).toEqual([true, false, false]);
  });

  it('with no stage the model is asked once, without tools', async () => {
    server = await startFakeOpenAi([chatCompletion(JSON.stringify(reply))]);
    const { stage: _stage, ...plain } = context();
    await llmFor(server.url).generateTurn(plain);
    expect(server.requests.map(hasTools)).toEqual([false]);
  });
});

describe('answerToolCalls', () => {
  it('caps accepted actions per turn and refuses the rest with the reason', async () => {
    const acting = { state: stage(), actions: [] };
    const answers = await answerToolCalls(
      [
        { id: 'a', name: 'look_at', args: { character: 'Ben' } },
        { id: 'b', name: 'use', args: { object: 'star-charts' } },
        { id: 'c', name: 'walk_to', args: { spot: 'sofa' } },
      ],
      acting,
    );
    expect(answers.map((m) => [m.tool_call_id, m.name, m.text])).toEqual([
      ['a', 'look_at', 'ok: Juno looks at Ben.'],
      ['b', 'use', 'ok: Juno unrolls the star charts.'],
      ['c', 'walk_to', 'refused: At most 2 actions per turn; now write the reply.'],
    ]);
    expect(acting.actions).toHaveLength(2);
    expect(acting.state.characters[0]!.spot).toBe('desk');
  });
});

describe('the scripted model with tools', () => {
  it('acts now and then (seeded), reads the tool answers back, and writes the reply after them', async () => {
    const llm = createLangChainLlm({
      chatModel: new ScriptedChatModel({ actChance: 1 }),
      modelName: 'scripted',
      timeoutMs: 1_000,
      maxAttempts: 1,
      backoffBaseMs: 0,
    });
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const result = await llm.generateTurn(context(`seed-${i}`, stage({ juno: i % 3 === 0 ? 'mug' : undefined })));
      expect(result.fallback).toBe(false);
      for (const a of result.actions ?? []) seen.add(a.tool);
      // Same prompt and seed, same actions.
      const again = await llm.generateTurn(context(`seed-${i}`, stage({ juno: i % 3 === 0 ? 'mug' : undefined })));
      expect(again.actions).toEqual(result.actions);
    }
    expect([...seen].sort()).toEqual(['give', 'look_at', 'pick_up', 'use', 'walk_to']);
  });

  it('the reader sees the acted results, the objects and the speaker’s hands', async () => {
    const messages = buildPrompt(context('s', stage({ juno: 'mug', ben: 'logbook' })));
    const acting = { state: stage({ juno: 'mug', ben: 'logbook' }), actions: [] };
    const answers = await answerToolCalls([{ id: 'x', name: 'give', args: { object: 'mug', to: 'Ben' } }], acting);
    const read = readScriptPrompt([...messages, ...answers]);
    expect(read.spot).toBe('desk');
    expect(read.holding).toBe('mug');
    expect(read.objects.find((o) => o.id === 'logbook')).toMatchObject({ heldBy: 'Ben', spot: '', usable: true, portable: true });
    expect(read.objects.find((o) => o.id === 'telescope')).toMatchObject({
      heldBy: null,
      spot: 'telescope',
      usable: true,
      portable: false,
    });
    expect(read.acted).toEqual([{ tool: 'give', ok: false, text: "Ben's hands are full (the logbook)." }]);
  });
});
