import type { ScriptPrompt } from './promptReader.js';
import { GENERIC, INTEREST_BEATS, ROLE_BEATS } from './vocabulary.js';
import { builtInVoice, builtInVoiceOfOther } from './voices/index.js';
import type { Beat, Voice } from './voices/voice.js';

/** A speaker's voice for this conversation, with `{me}`, `{role}` and `{interest}` already filled. */
export interface SpeakerVoice {
  voice: Voice;
  /** True for the authored voice of a built-in character. */
  authored: boolean;
}

const PHRASE_WORD = /^[\p{L}][\p{L}'’-]*$/u;
const ROLE_STOP = new Set([
  'who',
  'that',
  'which',
  'with',
  'whose',
  'and',
  'but',
  'from',
  'in',
  'on',
  'at',
  'of',
  'for',
  'to',
  'is',
  'was',
]);

/** Whole noun phrases from a persona, or null: only shapes that read correctly in any slot. */
export function personaPhrases(persona: string): { role: string | null; interest: string | null } {
  const flat = persona.replace(/\s+/gu, ' ').trim();
  // "A retired lighthouse keeper who…", "Marlo is a retired lighthouse keeper…"
  const roleMatch = /^(?:[\p{Lu}][\p{L}.'’-]*(?: [\p{Lu}][\p{L}.'’-]*){0,2} is )?(an?) ([^,;:.!?()"]+)/u.exec(flat);
  let role: string | null = null;
  if (roleMatch?.[1] && roleMatch[2]) {
    const words: string[] = [];
    for (const word of roleMatch[2].split(' ')) {
      if (ROLE_STOP.has(word.toLowerCase()) || (words.length > 0 && /(?:ed|ing)$/u.test(word))) break;
      words.push(word);
    }
    if (words.length >= 1 && words.length <= 4 && words.every((w) => PHRASE_WORD.test(w))) {
      role = `${roleMatch[1].toLowerCase()} ${words.join(' ')}`;
    }
  }
  // "…collects sea glass, …", "…obsessed with mushrooms…"
  const interestMatch = /\b(?:loves|collects|obsessed with|fond of|passionate about|dreams of|interested in) ([^,;:.!?()"]+)/iu.exec(flat);
  let interest: string | null = null;
  if (interestMatch?.[1]) {
    const words = interestMatch[1].split(' ').filter((w) => w.length > 0);
    const cut = words.findIndex((w) => ['and', 'or', 'but', 'who', 'that', 'which'].includes(w.toLowerCase()));
    const kept = cut >= 0 ? words.slice(0, cut) : words;
    const first = kept[0]?.toLowerCase() ?? '';
    if (kept.length >= 1 && kept.length <= 3 && kept.every((w) => PHRASE_WORD.test(w)) && !['to', 'being', 'a', 'an'].includes(first)) {
      interest = kept.join(' ');
    }
  }
  return { role, interest };
}

function fillPersona(text: string, me: string, role: string | null, interest: string | null): string {
  return text
    .replaceAll('{me}', me)
    .replaceAll('{role}', role ?? '')
    .replaceAll('{interest}', interest ?? '');
}

/**
 * Unknown characters share the generic pools; each takes every g-th line of the pools that
 * carry a line (by rank among the unknown characters present), so two of them never say
 * the same opener, beat or farewell.
 */
function genericVoice(p: ScriptPrompt): Voice {
  const unknown = [p.speaker, ...p.others.filter((o) => !builtInVoiceOfOther(o.name, o.persona)).map((o) => o.name)].sort();
  const g = unknown.length;
  const rank = unknown.indexOf(p.speaker);
  const share = <T>(items: readonly T[]): T[] => items.filter((_, i) => i % g === rank);
  const { role, interest } = personaPhrases(p.persona);
  const fill = (t: string): string => fillPersona(t, p.speaker, role, interest);
  const fillBeat = (b: Beat): Beat => (typeof b === 'string' ? fill(b) : { ask: fill(b.ask), tag: b.tag });
  const own = [...(role ? ROLE_BEATS : []), ...(interest ? INTEREST_BEATS : [])].map(fill);
  return {
    ...GENERIC,
    introductions: GENERIC.introductions.map(fill),
    openers: share(GENERIC.openers),
    beats: [...share(GENERIC.beats).map(fillBeat), ...own],
    farewells: share(GENERIC.farewells),
  };
}

/** The voice the speaker talks in: its authored one when it is a built-in character, else generic. */
export function speakerVoice(p: ScriptPrompt): SpeakerVoice {
  const voice = builtInVoice(p.speaker, p.persona);
  return voice ? { voice, authored: true } : { voice: genericVoice(p), authored: false };
}

/** The voice of another character present, to know which questions it has answers for. */
export function otherVoice(other: { name: string; persona: string }): Voice {
  return builtInVoiceOfOther(other.name, other.persona) ?? GENERIC;
}
