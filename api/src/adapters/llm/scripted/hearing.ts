import { isTemplate } from './choice.js';
import { LINGER } from './links.js';
import { GENERIC } from './vocabulary.js';
import { VOICES } from './voices/index.js';
import type { Voice } from './voices/voice.js';

/** What the previous line was, as far as the writer needs to answer it. */
export type Heard =
  { kind: 'question'; tag: string | null } | { kind: 'greeting' } | { kind: 'farewell' } | { kind: 'statement' } | { kind: 'nothing' };

const ALL_VOICES: Voice[] = [...Object.values(VOICES), GENERIC];
const QUESTIONS = ALL_VOICES.flatMap((v) => v.beats.flatMap((b) => (typeof b === 'string' ? [] : [b])));
const GREETINGS = ALL_VOICES.flatMap((v) => [...v.greetings, ...v.warmGreetings, ...v.coolGreetings, ...v.introductions]);
/** Goodbyes, and what a character says after its own (`LINGER`): both are heard as taking leave. */
const FAREWELLS = [...ALL_VOICES.flatMap((v) => v.farewells), ...LINGER];
/** Every authored sentence: a line made of them is heard by what they are, not by its words. */
const AUTHORED = ALL_VOICES.flatMap((v) => [
  ...GREETINGS,
  ...v.greetBack,
  ...v.farewellBack,
  ...v.openers,
  ...v.beats.map((b) => (typeof b === 'string' ? b : b.ask)),
  ...Object.values(v.answers).flat(),
  ...v.anyAnswer,
  ...v.reactions,
  ...v.narration,
  ...v.farewells,
  ...LINGER,
]);

/** Lines by people and other models: greetings and farewells recognised by their usual words. */
const GREETING_WORDS =
  /^(?:hello|hi|hey|hiya|howdy|ahoy|greetings|welcome|good (?:morning|afternoon|evening|day)|morning|evening|afternoon)\b/iu;
const FAREWELL_WORDS =
  /\b(?:goodbye|good-bye|good night|goodnight|farewell|see you|bye|must go|have to go|should go|i am off|i'm off|take care)\b/iu;

/** Sentences of a line: split after . ! ? … followed by a space. */
export function sentences(text: string): string[] {
  return (
    text
      .replace(/\s+/gu, ' ')
      .trim()
      // Not after a title ("Dr. Hale", "Mr. Pell"): names are not sentence ends.
      .split(/(?<!(?:^|[\s(])(?:Dr|Mr|Mrs|Ms|Mx|St|Prof|Capt|Sgt|Jr|Sr)\.)(?<=[.!?…])\s+/u)
      .filter((s) => s.length > 0)
  );
}

/**
 * Classify the previous line. A question is a line whose last sentence ends with "?"; its tag
 * is known when it is one of the authored questions. A scripted line is a greeting when it
 * opens with an authored greeting and a farewell when it holds an authored farewell (saying
 * hello or goodbye back is neither, so nobody answers it again); a line from another model is
 * judged by its usual words.
 */
export function hear(content: string | undefined): Heard {
  if (content === undefined) return { kind: 'nothing' };
  // The same recent lines are heard again every turn: remember the last few thousand.
  const known = heardCache.get(content);
  if (known) return known;
  if (heardCache.size >= HEARD_CACHE_SIZE) heardCache.clear();
  const heard = classify(content);
  heardCache.set(content, heard);
  return heard;
}

const HEARD_CACHE_SIZE = 4096;
const heardCache = new Map<string, Heard>();

function classify(content: string): Heard {
  const parts = sentences(content);
  const last = parts.at(-1) ?? '';
  if (/\?["'”’)]*$/u.test(last)) return { kind: 'question', tag: QUESTIONS.find((q) => isTemplate(last, q.ask))?.tag ?? null };
  const first = parts[0] ?? '';
  if (parts.some((p) => AUTHORED.some((t) => isTemplate(p, t)))) {
    if (parts.some((p) => FAREWELLS.some((t) => isTemplate(p, t)))) return { kind: 'farewell' };
    if (GREETINGS.some((t) => isTemplate(first, t))) return { kind: 'greeting' };
    return { kind: 'statement' };
  }
  if (FAREWELL_WORDS.test(content)) return { kind: 'farewell' };
  if (GREETING_WORDS.test(first)) return { kind: 'greeting' };
  return { kind: 'statement' };
}
