import type { Chooser } from './choice.js';
import { sentences } from './hearing.js';
import type { ScriptPrompt } from './promptReader.js';
import { RECALL_FRAMES, SECOND_PERSON_VERBS } from './vocabulary.js';
import type { Voice } from './voices/voice.js';

/** A line recalling one of the speaker's own memories, and whom it is said to. */
export interface Recall {
  text: string;
  to: string | null;
}

/** Longest memory worth saying aloud. */
const MAX_MEMORY_CHARS = 200;

/** The memory's first sentence, ending with punctuation. */
function firstSentence(text: string): string {
  const first = sentences(text)[0] ?? '';
  const capital = first.charAt(0).toUpperCase() + first.slice(1);
  return /[.!?…]$/u.test(capital) ? capital : `${capital}.`;
}

/**
 * Recall a memory about someone present (else one about everyone) from the speaker's own
 * memory texts, which are already in its voice. "Bram told me X." said to Bram becomes
 * "Bram, last time you told me X." and a follow-up; any other memory is said as it is with a
 * frame after it. Null when there is none, or the chosen one was already said.
 */
export function recall(p: ScriptPrompt, voice: Voice, choose: Chooser): Recall | null {
  const present = new Set(p.others.map((o) => o.name));
  // A memory that quotes a line would bring someone else's words back (and quotes in quotes).
  const sayable = p.memories.filter((m) => !/["“”«»]/u.test(m.text) && m.text.length <= MAX_MEMORY_CHARS);
  const aboutPresent = sayable.filter((m) => m.about.some((a) => present.has(a)));
  const general = sayable.filter((m) => m.about.length === 0 || m.about.includes('everyone'));
  const pool = aboutPresent.length > 0 ? aboutPresent : general;
  // The prompt lists memories best first; the first about someone here is the one to bring up.
  const memory = pool[0];
  if (!memory) return null;
  const sentence = firstSentence(memory.text);
  const to = memory.about.find((a) => present.has(a)) ?? null;
  const said = p.recent.filter((l) => l.speaker === p.speaker).map((l) => l.content);
  const core = to && sentence.startsWith(`${to} `) ? sentence.slice(to.length + 1) : sentence;
  if (said.some((line) => line.includes(core.replace(/[.!?…]$/u, '')))) return null;
  const verb = core.split(' ')[0] ?? '';
  if (to && core !== sentence && SECOND_PERSON_VERBS.has(verb)) {
    const rest = verb === 'was' ? `were${core.slice(3)}` : core;
    const followUp = choose.take('recallFollowUps', voice.recallFollowUps, (t) => t) ?? '';
    return { text: `${to}, last time you ${rest.replace(/[.!?…]$/u, '.')} ${followUp}`.trim(), to };
  }
  const frame = choose.take('recallFrames', RECALL_FRAMES, (t) => t) ?? '';
  return { text: `${sentence} ${frame}`.trim(), to };
}
