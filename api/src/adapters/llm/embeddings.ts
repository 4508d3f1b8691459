import { OpenAIEmbeddings } from '@langchain/openai';
import type { Embedder } from '../../ports/memory.js';

/** Settings of the embeddings model behind memory relevance. */
export interface EmbedderOptions {
  model: string;
  /** An OpenAI-compatible server (default: the SDK's own). */
  baseUrl?: string;
  apiKey?: string;
  timeoutMs: number;
  /** HTTP client for the SDK (tests). */
  fetch?: typeof fetch;
}

/** Longest text sent for embedding: memories are short; a query is the recent lines. */
const MAX_INPUT_CHARS = 4_000;

/**
 * LangChain's `OpenAIEmbeddings` against any OpenAI-compatible `/embeddings` endpoint, asked
 * for plain float vectors (local servers rarely speak base64). Its answer is checked: one
 * vector per text, all of the same length, finite numbers; anything else throws, and the
 * caller falls back to lexical relevance.
 */
export function createEmbedder(options: EmbedderOptions): Embedder {
  const embeddings = new OpenAIEmbeddings({
    model: options.model,
    apiKey: options.apiKey ?? 'not-needed',
    timeout: options.timeoutMs,
    maxRetries: 1,
    encodingFormat: 'float',
    batchSize: 64,
    configuration: {
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
  });
  return {
    model: options.model,
    async embed(texts, signal) {
      signal?.throwIfAborted();
      if (texts.length === 0) return [];
      const vectors = await embeddings.embedDocuments(texts.map((t) => t.slice(0, MAX_INPUT_CHARS) || ' '));
      const size = vectors[0]?.length ?? 0;
      const valid =
        vectors.length === texts.length && size > 0 && vectors.every((v) => v.length === size && v.every((x) => Number.isFinite(x)));
      if (!valid)
        throw new Error(
          `embeddings model ${options.model} answered ${vectors.length} vectors for ${texts.length} texts, or malformed ones`,
        );
      return vectors;
    },
  };
}
