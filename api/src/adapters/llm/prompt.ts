import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { MAX_ACTIONS_PER_TURN } from '../../domain/actions.js';
import type { PromptLine } from '../../domain/types.js';
import type { TurnContext } from '../../ports/llm.js';
import { BLOCK, block, clipLine, quoteName, UNTRUSTED_NOTICE } from './promptText.js';

export { clipLine } from './promptText.js';

/**
 * The prompt for one turn. Every variable field is flattened to one line and clipped, and
 * every list is capped, so the prompt has the same upper bound at turn 10 and at turn
 * 10,000. Sections start with `### ` on their own line; no field can start such a line
 * (whitespace is collapsed), which lets the scripted model read the prompt back safely.
 * Text the operator did not write sits in labelled blocks, names outside them are quoted
 * (`promptText.ts`).
 */

/** Caps on every variable part of the prompt (characters, or items for lists). */
export const PROMPT_LIMITS = {
  name: 40,
  persona: 600,
  appearance: 200,
  mood: 24,
  sceneName: 80,
  sceneDescription: 400,
  roomName: 60,
  spots: 12,
  spot: 40,
  others: 8,
  otherPersona: 160,
  summary: 600,
  narration: 4,
  narrationLine: 200,
  recentLines: 12,
  recentLine: 280,
  seed: 80,
  objects: 8,
  object: 120,
  memories: 5,
  memory: 200,
  memoryAbout: 4,
  relationships: 8,
  view: 120,
} as const;

/** Section names, as written after `### `. */
export const SECTION = {
  speaker: 'Speaker',
  scene: 'Scene',
  spots: 'Spots',
  objects: 'Objects',
  others: 'Others',
  summary: 'Summary',
  memories: 'Memories',
  relationships: 'Relationships',
  narrator: 'Narrator',
  turn: 'Turn',
  format: 'Reply format',
  rules: 'Rules',
  recent: 'Recent lines',
  task: 'Task',
} as const;

/** Shown in list sections that have no items (list items start with `- `). */
export const NONE = '(none)';

/**
 * Rough token count: about four characters per token for English text. An estimate, used
 * only when a provider reports no usage (and by the scripted model, which has no tokenizer).
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** `Name → Recipient: text`, the way dialogue lines appear in the prompt. */
export function formatLine(line: PromptLine): string {
  const recipient = line.recipient ? clipLine(line.recipient, PROMPT_LIMITS.name) : 'everyone';
  return `${clipLine(line.speaker, PROMPT_LIMITS.name)} → ${recipient}: ${clipLine(line.content, PROMPT_LIMITS.recentLine)}`;
}

function section(name: string, body: string[]): string {
  return [`### ${name}`, ...body].join('\n');
}

function list(items: string[]): string[] {
  return items.length > 0 ? items.map((item) => `- ${item}`) : [NONE];
}

/** `[about Bram, Cleo] text`: what the speaker remembers, best first, capped and clipped. */
function memoryLines(context: TurnContext): string[] {
  return (context.memories ?? []).slice(0, PROMPT_LIMITS.memories).map((m) => {
    const about =
      m.about.length > 0
        ? m.about
            .slice(0, PROMPT_LIMITS.memoryAbout)
            .map((n) => clipLine(n, PROMPT_LIMITS.name))
            .join(', ')
        : 'everyone';
    return `[about ${about}] ${clipLine(m.text, PROMPT_LIMITS.memory)}`;
  });
}

/** `Bram | affinity 0.40 | familiarity 0.65 | view`: how the speaker sees each one present. */
function relationshipLines(context: TurnContext): string[] {
  const number = (x: number, lo: number) => (Number.isFinite(x) ? Math.min(1, Math.max(lo, x)) : 0).toFixed(2);
  return (context.relationships ?? [])
    .slice(0, PROMPT_LIMITS.relationships)
    .map(
      (r) =>
        `${clipLine(r.name, PROMPT_LIMITS.name).replace(/ \| /gu, ' / ')} | affinity ${number(r.affinity, -1)} | familiarity ${number(r.familiarity, 0)} | ${clipLine(r.view, PROMPT_LIMITS.view)}`,
    );
}

function summaryLines(summary: string): string[] {
  const clipped = summary.trim().slice(0, PROMPT_LIMITS.summary);
  const lines = clipped
    .split('\n')
    .map((l) => clipLine(l, PROMPT_LIMITS.summary).replace(/^[#\s]+/u, ''))
    .filter((l) => l.length > 0);
  return lines.length > 0 ? lines : [NONE];
}

const REPLY_EXAMPLE =
  '{"content": "...", "thoughts": "...", "recipient": "...", "mood": "...", "moodEmoji": "🙂", ' +
  '"reaction": "👍", "rating": 7, "endConversation": false, "moveTo": null}';

/**
 * The room's objects, one line each: `- id: name at spot (use, pick up)`, and who holds it.
 * The scripted model reads these lines back (`scripted/promptReader.ts`).
 */
function objectLines(context: TurnContext): string[] {
  const stage = context.stage;
  if (!stage) return [];
  return stage.room.objects.slice(0, PROMPT_LIMITS.objects).map((o) => {
    const can = [o.usable ? 'use' : '', o.portable ? 'pick up' : ''].filter(Boolean).join(', ');
    const holder = stage.characters.find((c) => c.holding === o.id);
    const where = holder ? `held by ${quoteName(holder.name, PROMPT_LIMITS.name)}` : `at ${o.spot}`;
    return clipLine(`${o.id}: ${o.name}, ${where} (${can})`, PROMPT_LIMITS.object);
  });
}

/** The speaker's spot and what it holds, when the stage is known. */
function whereabouts(context: TurnContext): string[] {
  const stage = context.stage;
  const me = stage?.characters.find((c) => c.id === stage.speakerId);
  if (!stage || !me) return [];
  const held = stage.room.objects.find((o) => o.id === me.holding);
  return [`Spot: ${clipLine(me.spot, PROMPT_LIMITS.spot)}`, `Holding: ${held ? `${held.id} (${held.name})` : 'nothing'}`];
}

function systemText(context: TurnContext): string {
  const { scene, speaker } = context;
  const name = clipLine(speaker.name, PROMPT_LIMITS.name);
  const quoted = quoteName(speaker.name, PROMPT_LIMITS.name);
  const others = context.others.slice(0, PROMPT_LIMITS.others);
  const otherNames = others.map((o) => clipLine(o.name, PROMPT_LIMITS.name));
  const spots = scene.spots.slice(0, PROMPT_LIMITS.spots).map((s) => clipLine(s, PROMPT_LIMITS.spot));
  return [
    `You are ${quoted}, a character in a live pixel-art scene, talking with the others in the room. Write the next line of ${quoted}.`,
    UNTRUSTED_NOTICE,
    section(SECTION.speaker, [
      ...block(BLOCK.character, [
        `Name: ${name}`,
        `Persona: ${clipLine(speaker.persona, PROMPT_LIMITS.persona)}`,
        `Appearance: ${clipLine(speaker.appearance, PROMPT_LIMITS.appearance)}`,
        `Mood: ${clipLine(speaker.mood, PROMPT_LIMITS.mood)}`,
        `Mood emoji: ${clipLine(speaker.moodEmoji, 16)}`,
      ]),
      ...whereabouts(context),
    ]),
    section(SECTION.scene, [
      ...block(BLOCK.scene, [
        `Name: ${clipLine(scene.name, PROMPT_LIMITS.sceneName)}`,
        `Description: ${clipLine(scene.description, PROMPT_LIMITS.sceneDescription)}`,
      ]),
      `Room: ${clipLine(scene.roomName, PROMPT_LIMITS.roomName)}`,
    ]),
    section(SECTION.spots, list(spots)),
    // Only when the model may act: a turn without a stage has no objects to speak of.
    ...(context.stage ? [section(SECTION.objects, list(objectLines(context)))] : []),
    section(
      SECTION.others,
      block(
        BLOCK.character,
        list(
          others.map(
            (o, i) =>
              `${otherNames[i] ?? ''} (mood: ${clipLine(o.mood, PROMPT_LIMITS.mood)}): ${clipLine(o.persona, PROMPT_LIMITS.otherPersona)}`,
          ),
        ),
      ),
    ),
    section(SECTION.summary, block(BLOCK.summary, summaryLines(context.summary))),
    section(SECTION.memories, block(BLOCK.memories, list(memoryLines(context)))),
    section(SECTION.relationships, block(BLOCK.relationships, list(relationshipLines(context)))),
    section(SECTION.narrator, list(context.narration.slice(-PROMPT_LIMITS.narration).map((n) => clipLine(n, PROMPT_LIMITS.narrationLine)))),
    section(SECTION.turn, [`Number: ${context.turn}`, `Seed: ${clipLine(context.seed, PROMPT_LIMITS.seed)}`]),
    section(SECTION.format, [
      'Reply with exactly one JSON object and nothing else:',
      REPLY_EXAMPLE,
      'content: what you say aloud. thoughts: what you privately think. mood: one word. moodEmoji and reaction: one emoji each.',
      'rating: 1 to 10, how much you enjoy the conversation. endConversation: true or false. moveTo: a spot name or null.',
    ]),
    section(SECTION.rules, [
      `- Stay in character as ${quoted}; never mention being an AI, a model or a prompt.`,
      '- Say one or two short sentences, and react to what was just said.',
      `- recipient is exactly one of: ${[...otherNames.map((n) => JSON.stringify(n)), '"everyone"'].join(', ')}.`,
      `- moveTo is null, or exactly one of the spots listed under ${SECTION.spots}.`,
      '- Narrator lines describe what happens in the room; react to them, never speak as the narrator.',
      `- Set endConversation to true only when ${quoted} is ready to end the conversation.`,
      `- If tools are offered, ${quoted} may first act in the room with them (at most ${MAX_ACTIONS_PER_TURN}: walk_to, look_at, use, pick_up, give), then write the JSON reply.`,
    ]),
  ].join('\n');
}

function humanText(context: TurnContext): string {
  const quoted = quoteName(context.speaker.name, PROMPT_LIMITS.name);
  // List items, so no line of the block starts with a name (a name may begin with `###`).
  const recent = context.recent.slice(-PROMPT_LIMITS.recentLines).map((line) => `- ${formatLine(line)}`);
  return [
    section(SECTION.recent, block(BLOCK.conversation, recent.length > 0 ? recent : ['(the conversation has not started yet)'])),
    section(SECTION.task, [`Write the next line of ${quoted} as the JSON object.`]),
  ].join('\n');
}

/** The system and human messages for one turn; bounded in size whatever the context holds. */
export function buildPrompt(context: TurnContext): BaseMessage[] {
  return [new SystemMessage(systemText(context)), new HumanMessage(humanText(context))];
}

/** How a tool result starts (`tools.ts` writes it, the scripted model reads it back): `ok: …` or `refused: …`. */
export const TOOL_OK = 'ok: ';
export const TOOL_REFUSED = 'refused: ';
