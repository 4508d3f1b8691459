import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ToolMessage, type AIMessageChunk, type BaseMessage, type ToolCall } from '@langchain/core/messages';
import { tool, ToolInputParsingException, type StructuredToolInterface } from '@langchain/core/tools';
import { z } from 'zod';
import { checkAction, MAX_ACTIONS_PER_TURN, type Action, type ActionCall, type StageState } from '../../domain/actions.js';
import { RateLimitedError } from '../../ports/errors.js';
import { classifyFailure, retryAfterMs, statusOf } from './retry.js';

import { estimateTokens, TOOL_OK, TOOL_REFUSED } from './prompt.js';
import { clipLine } from './promptText.js';

/** How long the queue holds back after a 429 in the tool round that names no Retry-After. */
const RATE_LIMIT_WAIT_MS = 1_000;

/**
 * The tool round of a turn: the model is asked with the action tools bound, each call it
 * makes is checked by `domain/actions.ts` against the room and the state so far, and answered
 * with a ToolMessage (`ok: Juno picks up the star charts` or `refused: <reason>`). A refused
 * call changes nothing. The model then writes its reply with the calls and answers in view.
 */

/** Calls answered per round; more are refused unread (a model stuck in a loop cannot stall the turn). */
export const MAX_TOOL_CALLS_PER_ROUND = 6;

const name = (what: string) => z.string().trim().min(1).max(60).describe(what);

/** The tools' argument schemas (zod): what the model is told and what its arguments are checked against first. */
export const toolSchemas = {
  walk_to: z.object({ spot: name('A spot name from the Spots list.') }),
  look_at: z.object({ character: name('The name of someone else in the room.') }),
  use: z.object({ object: name('An object id from the Objects list.') }),
  pick_up: z.object({ object: name('An object id from the Objects list.') }),
  give: z.object({ object: name('The object id the speaker holds.'), to: name('The name of who receives it.') }),
} as const;

const descriptions: Record<keyof typeof toolSchemas, string> = {
  walk_to: 'Walk to a named spot of the room.',
  look_at: 'Turn to look at someone in the room.',
  use: 'Use an object at your spot (or one you hold), e.g. look through the telescope.',
  pick_up: 'Pick up a portable object at your spot; your hands hold one thing at a time.',
  give: 'Give the object you hold to someone in the room whose hands are free.',
};

/** What one round decided: the accepted actions and the state after them. */
export interface ActingState {
  state: StageState;
  actions: Action[];
}

/**
 * The five tools over one turn's state. Each tool's function checks its call with
 * `checkAction` on the state so far and, when accepted, moves the state on.
 */
export function actionTools(acting: ActingState) {
  const run = (call: ActionCall): string => {
    const check = checkAction(acting.state, call, acting.actions.length);
    // Results name characters (a proposal's names, too): one line, no tag can be forged.
    if (!check.ok) return `${TOOL_REFUSED}${clipLine(check.reason, TOOL_ANSWER_MAX)}`;
    acting.state = check.state;
    acting.actions.push(check.action);
    return `${TOOL_OK}${clipLine(check.action.text, TOOL_ANSWER_MAX)}.`;
  };
  return [
    tool((a) => run({ tool: 'walk_to', ...a }), { name: 'walk_to', description: descriptions.walk_to, schema: toolSchemas.walk_to }),
    tool((a) => run({ tool: 'look_at', ...a }), { name: 'look_at', description: descriptions.look_at, schema: toolSchemas.look_at }),
    tool((a) => run({ tool: 'use', ...a }), { name: 'use', description: descriptions.use, schema: toolSchemas.use }),
    tool((a) => run({ tool: 'pick_up', ...a }), { name: 'pick_up', description: descriptions.pick_up, schema: toolSchemas.pick_up }),
    tool((a) => run({ tool: 'give', ...a }), { name: 'give', description: descriptions.give, schema: toolSchemas.give }),
  ];
}

/** Longest tool answer text, in characters (answers are one sentence). */
const TOOL_ANSWER_MAX = 400;

const refusedMessage = (call: ToolCall, reason: string) =>
  new ToolMessage({ content: `${TOOL_REFUSED}${clipLine(reason, TOOL_ANSWER_MAX)}`, tool_call_id: call.id ?? '', name: call.name });

/**
 * Answer the model's calls in order: each through its tool (zod checks the arguments, then the
 * domain checks the call), unknown tools, bad arguments and calls past the caps refused with
 * the reason. Every call gets exactly one ToolMessage, as the chat API requires.
 */
export async function answerToolCalls(calls: readonly ToolCall[], acting: ActingState): Promise<ToolMessage[]> {
  const tools = new Map<string, StructuredToolInterface>(actionTools(acting).map((t) => [t.name, t]));
  const answers: ToolMessage[] = [];
  for (const [i, call] of calls.entries()) {
    const found = tools.get(call.name);
    if (i >= MAX_TOOL_CALLS_PER_ROUND) {
      answers.push(refusedMessage(call, `Too many tool calls; at most ${MAX_ACTIONS_PER_TURN} actions per turn. Now write the reply.`));
    } else if (!found) {
      answers.push(refusedMessage(call, `There is no tool "${call.name}". Tools: ${[...tools.keys()].join(', ')}.`));
    } else {
      try {
        const message: unknown = await found.invoke({ ...call, type: 'tool_call' });
        answers.push(
          ToolMessage.isInstance(message)
            ? message
            : new ToolMessage({ content: String(message), tool_call_id: call.id ?? '', name: call.name }),
        );
      } catch (error) {
        if (!(error instanceof ToolInputParsingException)) throw error;
        answers.push(refusedMessage(call, `Bad arguments for ${call.name}: ${argumentProblem(error)}`));
      }
    }
  }
  return answers;
}

function argumentProblem(error: ToolInputParsingException): string {
  const text = error.message.replace(/\s+/gu, ' ');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** What the tool round produced for the reply request. */
export interface ToolRound {
  /** The model's tool-calling message and the answers, to put after the prompt. Empty when it made no call. */
  transcript: BaseMessage[];
  actions: Action[];
  /** The model's text when it called no tool (it may already be the reply). */
  text: string;
}

/** Servers + models that refused tools (400): later turns skip the round. One set per process. */
const processToolRefusals = new Set<string>();

export interface ToolRoundOptions {
  chatModel: BaseChatModel;
  prompt: BaseMessage[];
  stage: StageState;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Token usage of the round is added here. */
  usage: { promptTokens: number; completionTokens: number };
  /** Names the server + model in `refusals`. */
  memoryKey: string;
  refusals?: Set<string>;
  log: (details: object, message: string) => void;
}

/**
 * One request with the tools bound, then the calls answered. Null when the round is skipped:
 * the chat model cannot bind tools, this server refused them before, or the request failed
 * (a 400 is remembered; any other failure is left to the reply request's retries). Throws the
 * caller's abort, and `RateLimitedError` on a 429 (with its Retry-After) so the queue holds back.
 */
export async function runToolRound(options: ToolRoundOptions): Promise<ToolRound | null> {
  const { chatModel, prompt, signal, usage } = options;
  const refusals = options.refusals ?? processToolRefusals;
  if (typeof chatModel.bindTools !== 'function' || refusals.has(options.memoryKey)) return null;
  const acting: ActingState = { state: options.stage, actions: [] };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let message: AIMessageChunk;
  try {
    const bound = chatModel.bindTools(actionTools(acting));
    message = await bound.invoke(prompt, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    signal?.throwIfAborted();
    if (!timeout.aborted && classifyFailure(error) === 'rate-limited') {
      // A 429 is the server's word for every request, the reply's too: the queue holds back for it.
      const wait = retryAfterMs(error) ?? RATE_LIMIT_WAIT_MS;
      options.log({ error: describe(error), waitMs: wait }, 'model rate limited in the tool round; the queue holds back');
      throw new RateLimitedError('The model is rate limited (tool round)', wait);
    }
    if (statusOf(error) === 400) {
      refusals.add(options.memoryKey);
      options.log({ code: 'TOOLS_REFUSED', error: describe(error) }, 'model server refused tools; characters only talk from now on');
    } else {
      options.log({ error: describe(error), timedOut: timeout.aborted }, 'tool round failed; asking for the reply without tools');
    }
    return null;
  }
  const reportedIn = message.usage_metadata?.input_tokens ?? 0;
  const reportedOut = message.usage_metadata?.output_tokens ?? 0;
  const known = reportedIn + reportedOut > 0;
  usage.promptTokens += known ? reportedIn : prompt.reduce((n, m) => n + estimateTokens(m.text), 0);
  usage.completionTokens += known ? reportedOut : estimateTokens(message.text + JSON.stringify(message.tool_calls ?? []));
  const calls = message.tool_calls ?? [];
  // Calls whose arguments were not even JSON are answered too (the chat API wants every id answered).
  const broken = (message.invalid_tool_calls ?? []).map((c) =>
    refusedMessage({ id: c.id ?? '', name: c.name ?? 'unknown', args: {} }, 'The arguments were not valid JSON.'),
  );
  if (calls.length === 0 && broken.length === 0) return { transcript: [], actions: [], text: message.text };
  const answers = [...(await answerToolCalls(calls, acting)), ...broken];
  return { transcript: [message, ...answers], actions: acting.actions, text: '' };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
}
