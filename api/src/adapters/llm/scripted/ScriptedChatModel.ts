import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, ToolMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import type { ChatResult } from '@langchain/core/outputs';
import { estimateTokens } from '../prompt.js';
import { decideScriptedActions, DEFAULT_ACT_CHANCE } from './actions.js';
import { scriptedMemoryReply } from './memory.js';
import { readScriptPrompt } from './promptReader.js';
import { writeScriptedReply, type ScriptOptions } from './writer.js';

/** Settings of the scripted model; every field has a default. */
export interface ScriptedChatModelFields extends BaseChatModelParams {
  /** Mixed into every random choice (default `pixeltales`). */
  seed?: string;
  /** Turn range from which each character starts asking to end (default 8 to 14). */
  endAfter?: { min: number; max: number };
  /** Chance per turn of walking to a listed spot (default 0.12). */
  moveChance?: number;
  /** Chance per turn of acting in the room when tools are bound (default 0.4; `actions.ts`). */
  actChance?: number;
}

/** Call options: the tools `bindTools` bound (only their presence and names matter here). */
export interface ScriptedCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
}

/**
 * The offline model: a real LangChain chat model that is a **template generator**, not a
 * language model. It reads the `### ` sections of a prompt built by `buildPrompt` (speaker,
 * persona, mood, the others, the spots, the recent lines) and fills sentence templates with
 * words picked from the persona and the last line: greetings at the start, answers and
 * questions back, persona-flavoured remarks, mood drift, reactions, the occasional walk to a
 * spot, and from a per-character turn (8 to 14 by default) a request to end.
 *
 * Its output is a JSON object matching `turnReplySchema`. It is deterministic: the same
 * prompt and seed give the same reply (the prompt's `Seed:` line varies per scene, epoch and
 * turn). Token usage is estimated from text length (about four characters per token), as
 * the model has no tokenizer. Call options such as `response_format` are ignored.
 */
export class ScriptedChatModel extends BaseChatModel<ScriptedCallOptions> {
  /** The model name recorded on every message it writes. */
  readonly model = 'scripted';
  private readonly script: ScriptOptions;
  private readonly actChance: number;

  constructor(fields: ScriptedChatModelFields = {}) {
    super(fields);
    const endAfter = fields.endAfter ?? { min: 8, max: 14 };
    if (!(endAfter.min >= 0 && endAfter.max >= endAfter.min)) throw new Error('ScriptedChatModel: endAfter needs 0 <= min <= max');
    this.script = { seed: fields.seed ?? 'pixeltales', endAfter, moveChance: fields.moveChance ?? 0.12 };
    this.actChance = fields.actChance ?? DEFAULT_ACT_CHANCE;
  }

  /** Tools as ChatOpenAI binds them: the next calls carry them in their options. */
  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<ScriptedCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, ScriptedCallOptions> {
    return this.withConfig({ ...kwargs, tools });
  }

  /**
   * With tools bound and no tool answers yet, maybe act (seeded by the prompt): an AI message
   * of tool calls. Null when it does not act, and always once the calls were answered.
   */
  private actions(messages: BaseMessage[], options: this['ParsedCallOptions']): AIMessage | null {
    if (!options.tools?.length || messages.some((m) => ToolMessage.isInstance(m))) return null;
    const prompt = readScriptPrompt(messages);
    const calls = decideScriptedActions(prompt, this.script.seed, this.actChance);
    if (calls.length === 0) return null;
    const tool_calls = calls.map((c, i) => ({ id: `call_${prompt.turn}_${i}`, name: c.name, args: c.args, type: 'tool_call' as const }));
    return new AIMessage({ content: '', tool_calls });
  }

  static override lc_name(): string {
    return 'ScriptedChatModel';
  }

  override _llmType(): string {
    return 'scripted';
  }

  /** Sums `tokenUsage` over batched generations, as ChatOpenAI does. */
  override _combineLLMOutput(...outputs: (Record<string, unknown> | undefined)[]): Record<string, unknown> {
    const total = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    for (const output of outputs) {
      const usage = output?.tokenUsage;
      if (typeof usage !== 'object' || usage === null) continue;
      for (const key of ['promptTokens', 'completionTokens', 'totalTokens'] as const) {
        const value: unknown = (usage as Record<string, unknown>)[key];
        if (typeof value === 'number') total[key] += value;
      }
    }
    return { tokenUsage: total };
  }

  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    options.signal?.throwIfAborted();
    const acting = this.actions(messages, options);
    const text = acting
      ? JSON.stringify(acting.tool_calls)
      : (scriptedMemoryReply(messages) ?? JSON.stringify(writeScriptedReply(readScriptPrompt(messages), this.script)));
    const promptTokens = messages.reduce((sum, m) => sum + estimateTokens(m.text), 0);
    const completionTokens = estimateTokens(text);
    const usage = { input_tokens: promptTokens, output_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const message = new AIMessage({
      content: acting ? '' : text,
      tool_calls: acting?.tool_calls ?? [],
      usage_metadata: usage,
      response_metadata: { model_name: this.model },
    });
    return {
      generations: [{ text: acting ? '' : text, message }],
      llmOutput: { tokenUsage: { promptTokens, completionTokens, totalTokens: usage.total_tokens } },
    };
  }
}
