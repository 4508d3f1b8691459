import type { Logger } from 'pino';
import { z } from 'zod';
import { SCREEN_UNAVAILABLE, verdictOf, type Screen } from '../../ports/screen.js';
import { metrics } from '../metrics.js';

/** Settings of the OpenAI moderation screen (from config.moderation and config.llm). */
export interface OpenAiModerationOptions {
  /** An OpenAI-compatible base URL ending in `/v1` (default https://api.openai.com/v1). */
  baseUrl?: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  logger: Logger;
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

const responseSchema = z.object({
  results: z.array(z.object({ flagged: z.boolean(), categories: z.record(z.string(), z.boolean().nullable()) })),
});

/**
 * OpenAI's moderation endpoint (`POST /v1/moderations`, one request per batch). A flagged
 * result gives `openai:<category>` for each category set. An error status, a network error,
 * a timeout or an answer that does not fit the batch flags every text `screen-unavailable`
 * (fail closed), counts `pixeltales_screen_failures_total` and logs a warning without the text.
 */
export function createOpenAiModerationScreen(options: OpenAiModerationOptions): Screen {
  const url = `${(options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '')}/moderations`;
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  const fail = (texts: readonly string[], reason: string, detail: Record<string, unknown>) => {
    metrics.screenFailed('openai', reason);
    options.logger.warn({ screen: 'openai', reason, texts: texts.length, ...detail }, 'moderation screen unavailable: input held');
    return verdictOf(texts.map(() => [SCREEN_UNAVAILABLE]));
  };

  return {
    kind: 'openai',
    async check(texts) {
      // Empty texts are clean and not sent (the endpoint refuses empty input).
      const sent = texts.flatMap((t, i) => (t.trim() ? [i] : []));
      if (sent.length === 0) return verdictOf(texts.map(() => []));
      let body: unknown;
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model: options.model, input: sent.map((i) => texts[i]) }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (!res.ok) {
          await res.body?.cancel();
          return fail(texts, 'status', { status: res.status });
        }
        body = await res.json();
      } catch (err) {
        const timedOut = err instanceof Error && err.name === 'TimeoutError';
        return fail(texts, timedOut ? 'timeout' : 'network', timedOut ? { timeoutMs: options.timeoutMs } : { error: String(err) });
      }
      const parsed = responseSchema.safeParse(body);
      if (!parsed.success || parsed.data.results.length !== sent.length) return fail(texts, 'response', {});
      const byText: string[][] = texts.map(() => []);
      parsed.data.results.forEach((result, k) => {
        if (!result.flagged) return;
        const categories = Object.entries(result.categories).flatMap(([name, on]) => (on ? [`openai:${name}`] : []));
        byText[sent[k]!] = categories.length > 0 ? categories : ['openai:flagged'];
      });
      return verdictOf(byText);
    },
  };
}
