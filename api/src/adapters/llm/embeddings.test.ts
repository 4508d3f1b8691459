import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi, type FakeRequest } from '../../../test/support/fakeOpenAi.js';
import { ConfigError, loadConfig } from '../../config.js';
import { recall } from '../../domain/memory.js';
import { createEmbedder } from './embeddings.js';

/** A tiny "model": a text's vector counts three topics, so similar texts point the same way. */
const TOPICS = [/dome|motor|grease/giu, /comet|sky|star/giu, /tea|cake|biscuit/giu];
const vectorOf = (text: string) => TOPICS.map((re) => (text.match(re) ?? []).length + 0.01);

/** Answers `/v1/embeddings` in the OpenAI format, one vector per input, as a local server does. */
function embeddingsServer(request: FakeRequest) {
  const body = request.body as { input: string[] | string; model: string; encoding_format?: string };
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  if (request.path !== '/v1/embeddings') return { status: 404, body: { error: { message: 'not found' } } };
  return {
    body: {
      object: 'list',
      model: body.model,
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text) })),
      usage: { prompt_tokens: inputs.length * 5, total_tokens: inputs.length * 5 },
    },
  };
}

describe('embeddings (OpenAIEmbeddings against a local OpenAI-compatible server)', () => {
  let server: FakeOpenAi | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('embeds texts as float vectors with the configured model', async () => {
    server = await startFakeOpenAi(embeddingsServer);
    const embedder = createEmbedder({ model: 'tiny-embed', baseUrl: server.url, apiKey: 'k', timeoutMs: 2_000 });
    const vectors = await embedder.embed(['The dome motor jams.', 'A comet in the sky.']);
    expect(vectors).toEqual([vectorOf('The dome motor jams.'), vectorOf('A comet in the sky.')]);
    const body = server.requests[0]!.body as { model: string; encoding_format: string; input: string[] };
    expect(body).toMatchObject({ model: 'tiny-embed', encoding_format: 'float', input: ['The dome motor jams.', 'A comet in the sky.'] });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer k');
  });

  it('makes recall pick by meaning: the memory nearest the conversation wins', async () => {
    server = await startFakeOpenAi(embeddingsServer);
    const embedder = createEmbedder({ model: 'tiny-embed', baseUrl: server.url, timeoutMs: 2_000 });
    const texts = ['Bram greased the motor for me.', 'We watched a star fall.', 'Cleo brought cake.'];
    const vectors = await embedder.embed(texts);
    const now = Date.UTC(2026, 11, 1);
    const memories = texts.map((text, i) => ({
      id: i + 1,
      kind: 'EPISODE' as const,
      text,
      about: [],
      importance: 5,
      createdAt: now,
      embedding: vectors[i],
    }));
    const [query] = await embedder.embed(['Is the dome stuck again?']);
    // No word is shared with the winning memory: only the vectors can find it.
    const [best] = recall(memories, { now, text: 'Is the dome stuck again?', present: [], embedding: query }, 1);
    expect(best!.text).toBe('Bram greased the motor for me.');
  });

  it('refuses a malformed answer (wrong count or ragged vectors) so callers fall back to lexical relevance', async () => {
    server = await startFakeOpenAi([
      { body: { object: 'list', model: 'm', data: [{ object: 'embedding', index: 0, embedding: [1, 2] }] } },
      {
        body: {
          object: 'list',
          model: 'm',
          data: [
            { object: 'embedding', index: 0, embedding: [1, 2] },
            { object: 'embedding', index: 1, embedding: [1] },
          ],
        },
      },
    ]);
    const embedder = createEmbedder({ model: 'm', baseUrl: server.url, timeoutMs: 2_000 });
    // A missing vector: LangChain itself fails on it.
    await expect(embedder.embed(['a', 'b'])).rejects.toThrow();
    await expect(embedder.embed(['a', 'b'])).rejects.toThrow(/malformed/);
  });
});

describe('EMBEDDINGS_MODEL', () => {
  it('is off unless set, uses OPENAI_BASE_URL unless EMBEDDINGS_BASE_URL is given, and needs a key or a server', () => {
    expect(loadConfig({}).memory.embeddingsModel).toBeNull();
    expect(loadConfig({ EMBEDDINGS_MODEL: '' }).memory.embeddingsModel).toBeNull();
    expect(loadConfig({ EMBEDDINGS_MODEL: 'nomic-embed-text', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).memory).toEqual({
      embeddingsModel: 'nomic-embed-text',
      embeddingsBaseUrl: 'http://127.0.0.1:11434/v1',
      embeddingsApiKey: undefined,
    });
    expect(
      loadConfig({ EMBEDDINGS_MODEL: 'e', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:2/v1' }).memory
        .embeddingsBaseUrl,
    ).toBe('http://127.0.0.1:2/v1');
    expect(() => loadConfig({ EMBEDDINGS_MODEL: 'e' })).toThrow(ConfigError);
    expect(() => loadConfig({ EMBEDDINGS_MODEL: 'e', EMBEDDINGS_BASE_URL: 'not a url' })).toThrow(ConfigError);
  });
});
