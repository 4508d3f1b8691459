import { ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { SECTION, TOOL_OK, TOOL_REFUSED } from '../prompt.js';
import { unquoteName } from '../promptText.js';

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
  /** `### Memories` items: `[about A, B] text` (the speaker's own words from earlier conversations). */
  memories: { about: string[]; text: string }[];
  /** `### Relationships` items: `Name | affinity 0.40 | familiarity 0.65 | view`. */
  relationships: { name: string; affinity: number; familiarity: number; view: string }[];
  /** Where the speaker stands and what it holds (an object id), when the prompt says. */
  spot: string;
  holding: string | null;
  /** The room's objects: id, name, where it lies (or who holds it), what can be done with it. */
  objects: ScriptObject[];
  /** What this turn's tool calls did, read from the ToolMessages answering them, in order. */
  acted: { tool: string; ok: boolean; text: string }[];
}

/** A room object as the prompt lists it. */
export interface ScriptObject {
  id: string;
  name: string;
  /** Its spot, or '' while someone holds it. */
  spot: string;
  heldBy: string | null;
  usable: boolean;
  portable: boolean;
}

function readActed(messages: BaseMessage[]): ScriptPrompt['acted'] {
  return messages.flatMap((m) => {
    if (!ToolMessage.isInstance(m)) return [];
    const text = m.text;
    const ok = text.startsWith(TOOL_OK);
    const cut = ok ? TOOL_OK.length : text.startsWith(TOOL_REFUSED) ? TOOL_REFUSED.length : 0;
    return [{ tool: m.name ?? '', ok, text: text.slice(cut) }];
  });
}

function readObjects(lines: string[] | undefined): ScriptObject[] {
  return items(lines).flatMap((item) => {
    const m = /^(.+?): (.+), (?:held by (.+)|at (.+)) \((.*)\)$/u.exec(item);
    if (!m?.[1] || !m[2]) return [];
    const can = m[5] ?? '';
    return [
      {
        id: m[1],
        name: m[2],
        heldBy: m[3] ? unquoteName(m[3]) : null,
        spot: m[4] ?? '',
        usable: can.includes('use'),
        portable: can.includes('pick up'),
      },
    ];
  });
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

/** `- [about Bram, everyone] Bram told me…` items; an item without the tag is about nobody in particular. */
function readMemories(lines: string[] | undefined): ScriptPrompt['memories'] {
  return items(lines).flatMap((item) => {
    const m = /^\[about ([^\]]*)\]\s*(.*)$/u.exec(item);
    const about = (m?.[1] ?? '')
      .split(', ')
      .map((n) => n.trim())
      .filter((n) => n.length > 0);
    const text = (m ? (m[2] ?? '') : item).trim();
    return text.length > 0 ? [{ about, text }] : [];
  });
}

/** `- Bram | affinity 0.40 | familiarity 0.65 | view` items; malformed ones are skipped. */
function readRelationships(lines: string[] | undefined): ScriptPrompt['relationships'] {
  return items(lines).flatMap((item) => {
    const m = /^(.+?) \| affinity (-?\d+(?:\.\d+)?) \| familiarity (-?\d+(?:\.\d+)?) \| ?(.*)$/u.exec(item);
    if (!m?.[1]) return [];
    const affinity = Number(m[2]);
    const familiarity = Number(m[3]);
    if (!Number.isFinite(affinity) || !Number.isFinite(familiarity)) return [];
    return [{ name: m[1].trim(), affinity, familiarity, view: (m[4] ?? '').trim() }];
  });
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
    const m = /^(?:- )?(.+?) → (.+?): (.*)$/u.exec(line);
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
    memories: readMemories(s.get('Memories')),
    relationships: readRelationships(s.get('Relationships')),
    spot: field(speakerLines, 'Spot'),
    holding: /^(\S+)/u.exec(field(speakerLines, 'Holding').replace(/^nothing$/u, ''))?.[1] ?? null,
    objects: readObjects(s.get(SECTION.objects)),
    acted: readActed(messages),
  };
}
