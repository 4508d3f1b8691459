import type { BaseMessage } from '@langchain/core/messages';
import { contentWords, MEMORY_LIMITS } from '../../../domain/memory.js';
import type { MemoryReply, ReflectionReply } from '../../../domain/memoryReply.js';
import { conversationTone, signalsFrom, type SignalLine } from '../../../domain/relationship.js';
import { MEMORY_TASK, REFLECT, WRITE_MEMORIES } from '../memoryPrompt.js';
import { unquoteName } from '../promptText.js';

/**
 * The scripted model's answers to memory prompts (`memoryPrompt.ts`): deterministic,
 * first-person memories built from what was actually said: who asked the character what,
 * what it asked, who agreed with it, and how the conversation went by its own ratings.
 * Views of the others come from the same signals the relationship rules use.
 */

type Sections = Map<string, string[]>;

function readSections(messages: BaseMessage[]): Sections {
  const sections: Sections = new Map();
  for (const message of messages) {
    if (message.type !== 'system' && message.type !== 'human') continue;
    let current: string[] | null = null;
    for (const line of message.text.split('\n')) {
      if (line.startsWith('### ')) {
        const name = line.slice(4).trim();
        current = sections.has(name) ? null : [];
        if (current) sections.set(name, current);
      } else if (current && line.trim()) current.push(line.trim());
    }
  }
  return sections;
}

const items = (lines: string[] | undefined) => (lines ?? []).filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim());
const field = (lines: string[] | undefined, key: string) =>
  lines
    ?.find((l) => l.startsWith(`${key}: `))
    ?.slice(key.length + 2)
    .trim() ?? '';

interface Line extends SignalLine {
  content: string;
}

function readLines(lines: string[] | undefined): Line[] {
  return items(lines).flatMap((item) => {
    const m = /^(.+?) → (.+?): (.*) \| rating (\d+) \| reaction (.*)$/u.exec(item);
    if (!m?.[1] || !m[2]) return [];
    return [
      { speaker: m[1], recipient: m[2] === 'everyone' ? null : m[2], content: m[3] ?? '', rating: Number(m[4]), reaction: m[5] ?? '' },
    ];
  });
}

/** A quotation of at most `max` characters, cut at a word. */
function quote(text: string, max = 110): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[,;:]$/u, '')}…`;
}

const AGREES = /^(yes|yeah|agreed|i agree|exactly|indeed|of course|sure|true|right|absolutely|good idea|fair enough)\b/iu;

/** `A`, `A and B`, `A, B and C`. */
function names(list: string[]): string {
  if (list.length <= 1) return list[0] ?? 'nobody';
  return `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

/** The most frequent content word of some lines (ties: the first seen), or null. */
function topic(lines: Line[]): string | null {
  const counts = new Map<string, number>();
  for (const l of lines) for (const w of contentWords(l.content)) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best: string | null = null;
  let most = 0;
  for (const [w, n] of counts) if (n > most) [best, most] = [w, n];
  return best;
}

function writeMemories(s: Sections): MemoryReply {
  const me = field(s.get('Speaker'), 'Name') || 'Someone';
  const others = items(s.get('Others'))
    .map((o) => o.split(':')[0]?.trim() ?? '')
    .filter(Boolean);
  const lines = readLines(s.get('Conversation'));
  const memories: MemoryReply['memories'] = [];
  const add = (text: string, about: string[], importance: number) => {
    if (memories.length < MEMORY_LIMITS.perConversation && !memories.some((m) => m.text === text))
      memories.push({ text, about, importance });
  };

  // How it went, from the character's own ratings.
  const mine = lines.filter((l) => l.speaker === me);
  const present = others.filter((o) => lines.some((l) => l.speaker === o));
  const talkedWith = present.length > 0 ? present : others;
  if (mine.length > 0) {
    const mean = mine.reduce((a, l) => a + l.rating, 0) / mine.length;
    const about = topic(lines);
    const subject = about ? `; the word "${about}" kept coming up` : '';
    const text =
      mean >= 7.5
        ? `I had a good talk with ${names(talkedWith)} and I enjoyed it${subject}.`
        : mean >= 5
          ? `I talked with ${names(talkedWith)}; it was an ordinary conversation${subject}.`
          : `My talk with ${names(talkedWith)} went badly and I did not enjoy it${subject}.`;
    add(text, [], Math.min(10, 3 + Math.round(Math.abs(mean - 5.5))));
  } else {
    add(`I listened to ${names(talkedWith)} and said nothing myself.`, [], 2);
  }

  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    // Someone agreed with what the character had just said.
    if (line.speaker !== me && previous?.speaker === me && AGREES.test(line.content)) {
      add(`${line.speaker} agreed with me when I said, "${quote(previous.content, 90)}"`, [line.speaker], 6);
    }
    // Someone asked the character something.
    if (line.speaker !== me && line.recipient === me && line.content.trim().endsWith('?')) {
      add(`${line.speaker} asked me, "${quote(line.content)}"`, [line.speaker], 5);
    }
  });
  // What the character asked, and what it was told.
  const asked = mine.find((l) => l.recipient && l.content.trim().endsWith('?'));
  if (asked?.recipient) add(`I asked ${asked.recipient}, "${quote(asked.content)}"`, [asked.recipient], 4);
  const told = lines.find((l) => l.speaker !== me && l.recipient === me && !l.content.trim().endsWith('?'));
  if (told) add(`${told.speaker} told me, "${quote(told.content)}"`, [told.speaker], 4);

  const relationships = others.map((other) => {
    const feeling = Math.round(conversationTone(signalsFrom(lines, me, other, null)) * 100) / 100;
    const theirs = lines.filter((l) => l.speaker === other);
    const subject = topic(theirs);
    const lead =
      theirs.length === 0
        ? 'I hardly heard a word from them'
        : feeling > 0.3
          ? 'Good company'
          : feeling < -0.3
            ? 'Hard to get along with'
            : 'Pleasant enough';
    const view = subject ? `${lead}; they kept mentioning "${subject}".` : `${lead}.`;
    return { name: other, view, feeling };
  });
  return { memories, relationships };
}

function reflect(s: Sections): ReflectionReply {
  const known = items(s.get('Known')).map(unquoteName);
  const memories = items(s.get('Memories')).flatMap((item) => {
    const m = /^\[about ([^\]]*)\] (.*) \(importance (\d+)\)$/u.exec(item);
    return m ? [{ about: (m[1] ?? '').split(', '), text: m[2] ?? '', importance: Number(m[3]) }] : [];
  });
  const counts = new Map<string, number>();
  for (const m of memories) for (const n of m.about) if (known.includes(n)) counts.set(n, (counts.get(n) ?? 0) + 1);
  const people = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([n]) => n);
  const words = new Map<string, number>();
  for (const m of memories)
    for (const w of contentWords(m.text)) if (!known.some((k) => k.toLowerCase() === w)) words.set(w, (words.get(w) ?? 0) + 1);
  const topics = [...words.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([w]) => w);
  const withWhom = people.length > 0 ? ` with ${names(people)}` : '';
  const about = topics.length > 0 ? `, and we kept coming back to ${names(topics.map((t) => `"${t}"`))}` : '';
  const text = `Looking back on ${memories.length} memories, I spent most of my time${withWhom}${about}.`;
  const importance = Math.min(10, Math.max(5, ...memories.map((m) => m.importance)));
  return { text, about: people, importance };
}

/**
 * The scripted answer to a memory prompt, as JSON text, or null when `messages` are not a
 * memory prompt (then the scripted model writes a turn).
 */
export function scriptedMemoryReply(messages: BaseMessage[]): string | null {
  const s = readSections(messages);
  const task = s.get(MEMORY_TASK)?.[0];
  if (task === WRITE_MEMORIES) return JSON.stringify(writeMemories(s));
  if (task === REFLECT) return JSON.stringify(reflect(s));
  return null;
}
