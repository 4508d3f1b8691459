import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createConversation } from '../../../test/support/conversation.js';
import { chatCompletion, chatRequest, startFakeOpenAi, type FakeOpenAi } from '../../../test/support/fakeOpenAi.js';
import { loadConfig } from '../../config.js';
import { createLlm } from './index.js';

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const reply = JSON.stringify({
  content: 'Hello there.',
  thoughts: 'Fine.',
  recipient: 'everyone',
  mood: 'calm',
  moodEmoji: '🙂',
  reaction: '👍',
  rating: 6,
  endConversation: false,
  moveTo: null,
});

describe('createLlm: character settings stay inside the operator rules', () => {
  it('sends the default model for a stored model the list no longer allows, and clamps the temperature', async () => {
    server = await startFakeOpenAi(() => chatCompletion(reply));
    const config = loadConfig({
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: server.url,
      LLM_MODEL: 'house-model',
      LLM_TEMPERATURE: '0.9',
      PROPOSAL_MODELS: 'small-model',
    });
    const llm = createLlm(config.llm, pino({ enabled: false }));
    const context = createConversation().context();
    const costly = await llm.generateTurn({ ...context, speaker: { ...context.speaker, model: 'gpt-4-32k', temperature: 2 } });
    const listed = await llm.generateTurn({ ...context, speaker: { ...context.speaker, model: 'small-model', temperature: 0.5 } });
    const sent = server.requests.map((r) => chatRequest(r) as { model: string; temperature?: number });
    expect(sent.map((r) => [r.model, r.temperature])).toEqual([
      ['house-model', 1.2],
      ['small-model', 0.5],
    ]);
    expect([costly.model, listed.model]).toEqual(['house-model', 'small-model']);
  });
});
