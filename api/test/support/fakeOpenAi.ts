import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** One request the fake server received. */
export interface FakeRequest {
  /** `Date.now()` when the request arrived. */
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

/** What the fake server answers. */
export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON (strings are sent as they are). */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or `close()`). */
  hang?: boolean;
}

/** Decides the answer to a request; `index` counts requests from 0. */
export type FakeHandler = (request: FakeRequest, index: number) => FakeResponse | Promise<FakeResponse>;

/** A running fake OpenAI-compatible server. */
export interface FakeOpenAi {
  /** Base URL for clients, ending in `/v1`. */
  url: string;
  /** Every request so far, in arrival order. */
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** A chat-completions response whose message content is `content`. */
export function chatCompletion(content: string, usage = { prompt_tokens: 120, completion_tokens: 40 }): FakeResponse {
  return {
    body: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'fake-model',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** A chat-completions response in which the model calls tool `name` with `args` (a JSON string, as servers send it). */
export function toolCallCompletion(name: string, args: string): FakeResponse {
  return {
    body: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'fake-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_fake', type: 'function', function: { name, arguments: args } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160 },
    },
  };
}

/** An OpenAI-style error response. */
export function apiError(status: number, message: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, body: { error: { message, type: 'fake_error', code: null } } };
}

const chatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })),
  temperature: z.number().optional(),
  response_format: z.unknown().optional(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: z.unknown().optional(),
});

/** The body of a chat-completions request, checked; throws if it is not one. */
export function chatRequest(request: FakeRequest): z.infer<typeof chatRequestSchema> {
  return chatRequestSchema.parse(request.body);
}

/**
 * Start a fake OpenAI-compatible server on a free port. `script` is a handler function or a
 * queue of responses (the last one repeats once the queue runs out). POST
 * `/v1/chat/completions` and any other path go to the script; the requests are logged.
 */
export async function startFakeOpenAi(script: FakeHandler | FakeResponse[]): Promise<FakeOpenAi> {
  const requests: FakeRequest[] = [];
  const queue = Array.isArray(script) ? [...script] : null;
  const handler: FakeHandler = Array.isArray(script)
    ? () => (queue && queue.length > 1 ? queue.shift() : queue?.[0]) ?? apiError(500, 'no scripted response')
    : script;
  const waiting = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        // keep the raw text
      }
      const request: FakeRequest = { at: Date.now(), method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      void Promise.resolve(handler(request, requests.length - 1)).then(async (response) => {
        if (response.hang) {
          waiting.add(res);
          res.on('close', () => waiting.delete(res));
          return;
        }
        if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
        if (res.destroyed) return;
        const payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? {});
        res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
        res.end(payload);
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const res of waiting) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const moderationRequestSchema = z.looseObject({ model: z.string(), input: z.union([z.string(), z.array(z.string())]) });

/** The body of a moderations request, checked; throws if it is not one. */
export function moderationRequest(request: FakeRequest): z.infer<typeof moderationRequestSchema> {
  return moderationRequestSchema.parse(request.body);
}

/**
 * A handler speaking OpenAI's moderation format (`POST /v1/moderations`): each input is
 * flagged in the categories `categoriesOf` returns for it (none: not flagged).
 */
export function moderationHandler(categoriesOf: (text: string) => string[]): FakeHandler {
  return (request) => {
    if (request.path !== '/v1/moderations') return apiError(404, `no route ${request.path}`);
    const { input } = moderationRequest(request);
    const results = (Array.isArray(input) ? input : [input]).map((text) => {
      const on = categoriesOf(text);
      const names = ['harassment', 'hate', 'self-harm', 'sexual', 'violence', ...on];
      return {
        flagged: on.length > 0,
        categories: Object.fromEntries(names.map((n) => [n, on.includes(n)])),
        category_scores: Object.fromEntries(names.map((n) => [n, on.includes(n) ? 0.9 : 0.01])),
      };
    });
    return { body: { id: 'modr-fake', model: 'omni-moderation-latest', results } };
  };
}
