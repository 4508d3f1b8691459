import { builtInScenes } from '../../src/domain/content.js';
import { turnReplySchema, type TurnReply } from '../../src/domain/reply.js';
import { roomById } from '../../src/domain/rooms.js';
import { createConversation, type SimCharacter, type SimScene } from './conversation.js';
import { buildPrompt } from '../../src/adapters/llm/prompt.js';
import { readScriptPrompt, type ScriptPrompt } from '../../src/adapters/llm/scripted/promptReader.js';
import { writeScriptedReply, type ScriptOptions, type WriterPrompt } from '../../src/adapters/llm/scripted/writer.js';
import { speakerVoice } from '../../src/adapters/llm/scripted/voice.js';
import { BRIDGES, LINGER } from '../../src/adapters/llm/scripted/links.js';
import { MOVES, RECALL_FRAMES } from '../../src/adapters/llm/scripted/vocabulary.js';
import type { Voice } from '../../src/adapters/llm/scripted/voices/voice.js';

/** Default options, as ScriptedChatModel uses them. */
export const OPTIONS: ScriptOptions = { seed: 'pixeltales', endAfter: { min: 8, max: 14 }, moveChance: 0.12 };

/** A built-in scene as a test conversation: its cast, room and spots. */
export function builtIn(index: number): { cast: SimCharacter[]; scene: SimScene } {
  const seed = builtInScenes[index % builtInScenes.length]!;
  const room = roomById(seed.room);
  return {
    cast: seed.characters.map((c) => ({
      name: c.name,
      persona: c.persona,
      appearance: c.appearance,
      mood: c.mood,
      moodEmoji: c.moodEmoji,
    })),
    scene: { name: seed.name, description: seed.description, roomName: room.name, spots: room.spots.map((s) => s.name) },
  };
}

/** One played turn: what the writer read and what it wrote. */
export interface Played {
  prompt: ScriptPrompt;
  reply: TurnReply;
}

/** Play `turns` turns through the real prompt and reader; `edit` may add what the prompt cannot carry yet. */
export function play(
  cast: SimCharacter[],
  scene: SimScene,
  turns: number,
  opts: { seedPrefix?: string; options?: ScriptOptions; narrationAt?: number[]; edit?: (p: WriterPrompt) => void } = {},
): Played[] {
  const conversation = createConversation({ cast, scene, seedPrefix: opts.seedPrefix });
  const played: Played[] = [];
  for (let i = 0; i < turns; i++) {
    const narration = opts.narrationAt?.includes(conversation.turn) ? ['A crate tumbles over and a zebrafish flops out'] : [];
    const prompt: WriterPrompt = readScriptPrompt(buildPrompt(conversation.context(narration)));
    opts.edit?.(prompt);
    const reply = turnReplySchema.parse(writeScriptedReply(prompt, opts.options ?? OPTIONS));
    played.push({ prompt, reply });
    conversation.apply(reply);
  }
  return played;
}

/** Every sentence a voice can say, slots unfilled. */
export function voiceTexts(voice: Voice): string[] {
  return [
    ...voice.greetings,
    ...voice.warmGreetings,
    ...voice.coolGreetings,
    ...voice.introductions,
    ...voice.greetBack,
    ...voice.openers,
    ...voice.beats.map((b) => (typeof b === 'string' ? b : b.ask)),
    ...Object.values(voice.answers).flat(),
    ...voice.anyAnswer,
    ...voice.reactions,
    ...voice.narration,
    ...voice.acted,
    ...voice.actFailed,
    ...voice.farewells,
    ...voice.farewellBack,
    ...voice.recallFollowUps,
  ];
}

/** Lower-case words of a text (letters, inner apostrophes and hyphens). */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}[\p{L}'’-]*/gu) ?? []).map((w) => w.replace(/['’-]+$/u, ''));
}

/** The words a speaker may use: its material, the shared lines (moves, recall frames, bridges, leave-taking), names present, spots, its own memories. */
export function allowedWords(p: ScriptPrompt): Set<string> {
  const { voice } = speakerVoice(p);
  return new Set(
    [
      ...voiceTexts(voice),
      ...MOVES,
      ...RECALL_FRAMES,
      ...BRIDGES,
      ...LINGER,
      p.speaker,
      'everyone',
      ...p.others.map((o) => o.name),
      ...p.spots,
      ...p.memories.map((m) => m.text),
    ].flatMap(words),
  );
}
