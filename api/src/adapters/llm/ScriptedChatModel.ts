import { BaseChatModel, type BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { estimateTokens } from './prompt.js';
import { readScriptPrompt } from './scriptedPromptReader.js';
import { writeScriptedReply, type ScriptOptions } from './scriptedWriter.js';

/** Settings of the scripted model; every field has a default. */
export interface ScriptedChatModelFields extends BaseChatModelParams {
  /** Mixed into every random choice (default `pixeltales`). */
  seed?: string;
  /** Turn range from which each character starts asking to end (default 8 to 14). */
  endAfter?: { min: number; max: number };
  /** Chance per turn of walking to a listed spot (default 0.12). */
  moveChance?: number;
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
export class ScriptedChatModel extends BaseChatModel {
  /** The model name recorded on every message it writes. */
  readonly model = 'scripted';
  private readonly script: ScriptOptions;

  constructor(fields: ScriptedChatModelFields = {}) {
    super(fields);
    const endAfter = fields.endAfter ?? { min: 8, max: 14 };
    if (!(endAfter.min >= 0 && endAfter.max >= endAfter.min)) throw new Error('ScriptedChatModel: endAfter needs 0 <= min <= max');
    this.script = { seed: fields.seed ?? 'pixeltales', endAfter, moveChance: fields.moveChance ?? 0.12 };
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
    const reply = writeScriptedReply(readScriptPrompt(messages), this.script);
    const text = JSON.stringify(reply);
    const promptTokens = messages.reduce((sum, m) => sum + estimateTokens(m.text), 0);
    const completionTokens = estimateTokens(text);
    const usage = { input_tokens: promptTokens, output_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const message = new AIMessage({ content: text, usage_metadata: usage, response_metadata: { model_name: this.model } });
    return {
      generations: [{ text, message }],
      llmOutput: { tokenUsage: { promptTokens, completionTokens, totalTokens: usage.total_tokens } },
    };
  }
}
