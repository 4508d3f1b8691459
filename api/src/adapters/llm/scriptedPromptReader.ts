import type { BaseMessage } from '@langchain/core/messages';
import { SECTION } from './prompt.js';

/** What the scripted model understood from a prompt built by `buildPrompt`. */
export interface ScriptPrompt {
  speaker: string;
  persona: string;
  mood: string;
  moodEmoji: string;
  sceneName: string;
  sceneDescription: string;
  spots: string[];
  others: { name: string; mood: string; persona: string }[];
  narration: string[];
  turn: number;
  seed: string;
  recent: { speaker: string; recipient: string; content: string }[];
}

/** Body lines of each `### ` section, from every system and human message (not AI ones). */
function readSections(messages: BaseMessage[]): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  for (const message of messages) {
    const type = message.type;
    if (type !== 'system' && type !== 'human') continue;
    let current: string[] | null = null;
    for (const line of message.text.split('\n')) {
      if (line.startsWith('### ')) {
        const name = line.slice(4).trim();
        // The first occurrence wins: a repair message cannot redefine the speaker.
        current = sections.has(name) ? null : [];
        if (current) sections.set(name, current);
      } else if (current && line.trim().length > 0) {
        current.push(line.trim());
      }
    }
  }
  return sections;
}

function field(lines: string[] | undefined, key: string): string {
  const prefix = `${key}: `;
  return (
    lines
      ?.find((l) => l.startsWith(prefix))
      ?.slice(prefix.length)
      .trim() ?? ''
  );
}

function items(lines: string[] | undefined): string[] {
  return (lines ?? []).filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim());
}

/** Read a `buildPrompt` prompt back into fields. Missing sections read as empty values. */
export function readScriptPrompt(messages: BaseMessage[]): ScriptPrompt {
  const s = readSections(messages);
  const speakerLines = s.get(SECTION.speaker);
  const sceneLines = s.get(SECTION.scene);
  const turnLines = s.get(SECTION.turn);
  const others = items(s.get(SECTION.others)).flatMap((item) => {
    const m = /^(.+?) \(mood: (.*?)\): (.*)$/u.exec(item);
    return m?.[1] ? [{ name: m[1], mood: m[2] ?? '', persona: m[3] ?? '' }] : [];
  });
  const recent = (s.get(SECTION.recent) ?? []).flatMap((line) => {
    const m = /^(.+?) → (.+?): (.*)$/u.exec(line);
    return m?.[1] && m[2] ? [{ speaker: m[1], recipient: m[2], content: m[3] ?? '' }] : [];
  });
  const turn = Number.parseInt(field(turnLines, 'Number'), 10);
  return {
    speaker: field(speakerLines, 'Name') || 'Someone',
    persona: field(speakerLines, 'Persona'),
    mood: field(speakerLines, 'Mood'),
    moodEmoji: field(speakerLines, 'Mood emoji'),
    sceneName: field(sceneLines, 'Name'),
    sceneDescription: field(sceneLines, 'Description'),
    spots: items(s.get(SECTION.spots)),
    others,
    narration: items(s.get(SECTION.narrator)),
    turn: Number.isFinite(turn) ? turn : 0,
    seed: field(turnLines, 'Seed'),
    recent,
  };
}
