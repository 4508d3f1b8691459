import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { MEMORY_LIMITS } from '../../domain/memory.js';
import type { MemoryContext, MemoryLine, ReflectionContext } from '../../ports/memory.js';
import { NONE, PROMPT_LIMITS } from './prompt.js';
import { BLOCK, block, clipLine, quoteName, UNTRUSTED_NOTICE } from './promptText.js';

/**
 * Prompts for memory writing and reflection. Like the turn prompt they are bounded (every
 * field clipped, every list capped) and made of `### ` sections; the `### Memory task`
 * section names the request, which is how the scripted model tells them from a turn. What the
 * operator did not write sits in labelled blocks, names outside them are quoted (`promptText.ts`).
 */

/** The section that marks a memory prompt, and its two values. */
export const MEMORY_TASK = 'Memory task';
export const WRITE_MEMORIES = 'write-memories';
export const REFLECT = 'reflect';

/** Caps of the memory prompts. */
export const MEMORY_PROMPT_LIMITS = {
  lines: 40,
  line: 240,
  views: 8,
  memories: 60,
} as const;

function section(name: string, body: string[]): string {
  return [`### ${name}`, ...body].join('\n');
}

function list(items: string[]): string[] {
  return items.length > 0 ? items.map((item) => `- ${item}`) : [NONE];
}

/** `Ada → Bram: text | rating 7 | reaction 👍`: one conversation line as the memory prompt shows it. */
export function formatMemoryLine(line: MemoryLine): string {
  const recipient = line.recipient ? clipLine(line.recipient, PROMPT_LIMITS.name) : 'everyone';
  const reaction = clipLine(line.reaction, 16) || 'none';
  return `${clipLine(line.speaker, PROMPT_LIMITS.name)} → ${recipient}: ${clipLine(line.content, MEMORY_PROMPT_LIMITS.line).replace(/ \| /gu, ' / ')} | rating ${Math.round(line.rating)} | reaction ${reaction}`;
}

const MEMORY_EXAMPLE =
  '{"memories": [{"text": "Bram told me the dome motor jams when it is cold.", "about": ["Bram"], "importance": 6}], ' +
  '"relationships": [{"name": "Bram", "view": "A careful man who worries too much.", "feeling": 0.4}]}';

/** The prompt asking one character to write its memories of a finished conversation. */
export function buildMemoryPrompt(context: MemoryContext): BaseMessage[] {
  const name = clipLine(context.character.name, PROMPT_LIMITS.name);
  const quoted = quoteName(context.character.name, PROMPT_LIMITS.name);
  const others = context.others.slice(0, PROMPT_LIMITS.others);
  const views = context.views.slice(0, MEMORY_PROMPT_LIMITS.views);
  const lines = context.lines.slice(-MEMORY_PROMPT_LIMITS.lines).map(formatMemoryLine);
  const system = [
    `You are ${quoted}. A conversation has just ended. Write what ${quoted} will remember of it, in that character's own voice (first person: "I").`,
    UNTRUSTED_NOTICE,
    section(MEMORY_TASK, [WRITE_MEMORIES]),
    section(
      'Speaker',
      block(BLOCK.character, [
        `Name: ${name}`,
        `Persona: ${clipLine(context.character.persona, PROMPT_LIMITS.persona)}`,
        `Mood: ${clipLine(context.character.mood, PROMPT_LIMITS.mood)}`,
      ]),
    ),
    section(
      'Scene',
      block(BLOCK.scene, [
        `Name: ${clipLine(context.scene.name, PROMPT_LIMITS.sceneName)}`,
        `Description: ${clipLine(context.scene.description, PROMPT_LIMITS.sceneDescription)}`,
      ]),
    ),
    section(
      'Others',
      block(
        BLOCK.character,
        list(others.map((o) => `${clipLine(o.name, PROMPT_LIMITS.name)}: ${clipLine(o.persona, PROMPT_LIMITS.otherPersona)}`)),
      ),
    ),
    section(
      'Views before',
      block(
        BLOCK.relationships,
        list(views.map((v) => `${clipLine(v.name, PROMPT_LIMITS.name)}: ${clipLine(v.view, MEMORY_LIMITS.view)}`)),
      ),
    ),
    section('Seed', [clipLine(context.seed, PROMPT_LIMITS.seed)]),
    section('Reply format', [
      'Reply with exactly one JSON object and nothing else:',
      MEMORY_EXAMPLE,
      `memories: 1 to ${MEMORY_LIMITS.perConversation} short first-person memories of what happened, what ${quoted} learned about whom, and how it felt; about: names of the others each one is about ([] for everyone); importance: 1 (mundane) to 10 (unforgettable).`,
      `relationships: one per other character: view, one line on how ${quoted} now sees them; feeling, -1 (dislike) to 1 (fondness).`,
    ]),
  ].join('\n');
  const human = [
    // No line of a block may start a section: a summary that begins with `#` loses it.
    section('Summary', block(BLOCK.summary, [clipLine(context.summary, PROMPT_LIMITS.summary).replace(/^[#\s]+/u, '') || NONE])),
    section('Conversation', block(BLOCK.conversation, list(lines))),
    section('Task', [`Write the memories of ${quoted} as the JSON object.`]),
  ].join('\n');
  return [new SystemMessage(system), new HumanMessage(human)];
}

/** `[about Bram, Cleo] text (importance 4)`: one memory as the reflection prompt lists it. */
export function formatMemoryItem(m: { text: string; about: string[]; importance: number }): string {
  const about = m.about.length > 0 ? m.about.map((n) => clipLine(n, PROMPT_LIMITS.name)).join(', ') : 'everyone';
  return `[about ${about}] ${clipLine(m.text, MEMORY_LIMITS.text)} (importance ${Math.round(m.importance)})`;
}

const REFLECTION_EXAMPLE = '{"text": "Bram and I keep arguing about the dome, but I trust him.", "about": ["Bram"], "importance": 7}';

/** The prompt asking one character to summarise old memories into one reflection. */
export function buildReflectionPrompt(context: ReflectionContext): BaseMessage[] {
  const name = clipLine(context.character.name, PROMPT_LIMITS.name);
  const quoted = quoteName(context.character.name, PROMPT_LIMITS.name);
  const system = [
    `You are ${quoted}. Look back on these old memories and sum them up as one lasting reflection in that character's own voice (first person).`,
    UNTRUSTED_NOTICE,
    section(MEMORY_TASK, [REFLECT]),
    section('Speaker', block(BLOCK.character, [`Name: ${name}`, `Persona: ${clipLine(context.character.persona, PROMPT_LIMITS.persona)}`])),
    section('Known', list(context.known.slice(0, PROMPT_LIMITS.others).map((n) => quoteName(n, PROMPT_LIMITS.name)))),
    section('Seed', [clipLine(context.seed, PROMPT_LIMITS.seed)]),
    section('Reply format', [
      'Reply with exactly one JSON object and nothing else:',
      REFLECTION_EXAMPLE,
      'text: one or two sentences; about: names it is about ([] for everyone); importance: 1 to 10.',
    ]),
  ].join('\n');
  const human = [
    section('Memories', block(BLOCK.memories, list(context.memories.slice(-MEMORY_PROMPT_LIMITS.memories).map(formatMemoryItem)))),
    section('Task', [`Write the reflection of ${quoted} as the JSON object.`]),
  ].join('\n');
  return [new SystemMessage(system), new HumanMessage(human)];
}
