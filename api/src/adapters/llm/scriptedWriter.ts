import type { TurnReply } from '../../domain/reply.js';
import { extractKeywords } from '../../domain/summary.js';
import type { Rng } from '../../domain/types.js';
import { clipLine } from './prompt.js';
import { hashString, pick, seededRng } from '../../domain/random.js';
import type { ScriptPrompt } from './scriptedPromptReader.js';
import * as V from './scriptedVocabulary.js';

/** How the scripted model behaves; see `ScriptedChatModel`. */
export interface ScriptOptions {
  /** Mixed into every random choice; a different seed gives a different conversation. */
  seed: string;
  /** Each character wants to end from a turn in [min, max], fixed per scene and character. */
  endAfter: { min: number; max: number };
  /** Chance per turn of walking to one of the room's spots. */
  moveChance: number;
}

interface Slots {
  to: string;
  me: string;
  word: string;
  topic: string;
  spot: string;
  scene: string;
  event: string;
  mood: string;
}

function fill(template: string, slots: Slots): string {
  return template.replace(/\{(\w+)\}/gu, (whole, key: string) => {
    const lower = key.toLowerCase() as keyof Slots;
    const value = slots[lower];
    if (value === undefined) return whole;
    return key === lower ? value : value.charAt(0).toUpperCase() + value.slice(1);
  });
}

function driftMood(rng: Rng, mood: string, emoji: string): [string, string] {
  const index = V.MOODS.findIndex(([name]) => name === mood.toLowerCase());
  const roll = rng();
  if (index < 0) {
    return roll < 0.25 ? [...pick(rng, V.MOODS)] : [clipLine(mood, 24) || 'calm', clipLine(emoji, 16) || '🙂'];
  }
  const step = roll < 0.2 ? -1 : roll < 0.4 ? 1 : 0;
  const next = V.MOODS[(index + step + V.MOODS.length) % V.MOODS.length] ?? V.MOODS[0];
  return [next[0], next[1]];
}

/** Every word used by the templates: echoing those back would sound like a loop. */
const TEMPLATE_WORDS = new Set(
  [V.GREETINGS, V.OPENERS, V.ECHOES, V.ANSWERS, V.REMARKS, V.QUESTIONS, V.MOOD_REMARKS, V.NARRATION, V.MOVES, V.FAREWELLS, V.THOUGHTS]
    .flat()
    .flatMap((t) => extractKeywords(t, 50))
    .concat(
      V.MOODS.map(([mood]) => mood),
      ['friends'],
    ),
);

/**
 * Words worth talking about: no names, no template words and, when something else is left,
 * nothing that looks like an adverb, a participle or a past tense (a crude stand-in for nouns).
 */
function topicWords(text: string, exclude: ReadonlySet<string>, max: number): string[] {
  const words = extractKeywords(text, 40).filter((w) => !exclude.has(w) && !TEMPLATE_WORDS.has(w));
  const nouny = words.filter((w) => !/(?:ly|ed|ing)$/u.test(w));
  return (nouny.length > 0 ? nouny : words).slice(0, max);
}

function chooseRecipient(rng: Rng, p: ScriptPrompt, lastSpeaker: string | undefined, ending: boolean): string {
  const names = p.others.map((o) => o.name);
  if (names.length === 0) return 'everyone';
  if (ending && rng() < 0.4) return 'everyone';
  // In a group, answering the last speaker every time would turn it into a duet.
  const answerLast = names.length > 1 ? 0.35 : 0.65;
  if (lastSpeaker && names.includes(lastSpeaker) && rng() < answerLast) return lastSpeaker;
  return names.length > 1 && rng() < 0.3 ? 'everyone' : pick(rng, names);
}

function reactionTo(rng: Rng, content: string | undefined): string {
  if (content === undefined) return '👋';
  if (content.trimEnd().endsWith('?')) return pick(rng, V.QUESTION_REACTIONS);
  if (content.includes('!')) return pick(rng, V.EXCLAIM_REACTIONS);
  return pick(rng, V.REACTIONS);
}

/** Two sentence templates for this turn, chosen by phase and by what was last said. */
function templates(
  rng: Rng,
  phase: 'opening' | 'talking' | 'ending',
  lastContent: string | undefined,
  words: number,
  p: ScriptPrompt,
  moving: boolean,
): string[] {
  const hasWords = words > 0;
  const first = (): string => {
    if (lastContent?.trimEnd().endsWith('?') && rng() < 0.6) return pick(rng, V.ANSWERS);
    if (hasWords && rng() < 0.7) return pick(rng, V.ECHOES);
    if (p.narration.length > 0 && rng() < 0.5) return pick(rng, V.NARRATION);
    return rng() < 0.25 ? pick(rng, V.MOOD_REMARKS) : pick(rng, V.REMARKS);
  };
  if (phase === 'opening') return [pick(rng, V.GREETINGS), moving ? pick(rng, V.MOVES) : pick(rng, V.OPENERS)];
  if (phase === 'ending') return [first(), pick(rng, V.FAREWELLS)];
  if (moving) return [first(), pick(rng, V.MOVES)];
  const roll = rng();
  const second =
    roll < 0.4
      ? pick(rng, V.QUESTIONS)
      : roll < 0.8
        ? pick(rng, V.REMARKS)
        : p.narration.length > 0
          ? pick(rng, V.NARRATION)
          : pick(rng, V.MOOD_REMARKS);
  return [first(), second];
}

/**
 * Write one in-character reply from what the prompt says. Deterministic: the same prompt
 * and options always give the same reply. The result always satisfies `turnReplySchema`,
 * names only known characters (or "everyone") and only listed spots.
 */
export function writeScriptedReply(p: ScriptPrompt, options: ScriptOptions): TurnReply {
  const rng = seededRng(`${options.seed}|${p.seed}|${p.speaker}|${p.turn}`);
  const lastOther = [...p.recent].reverse().find((l) => l.speaker !== p.speaker);
  const spoken = p.recent.some((l) => l.speaker === p.speaker);
  const span = Math.max(0, options.endAfter.max - options.endAfter.min) + 1;
  const endTurn = options.endAfter.min + (hashString(`${options.seed}|${p.sceneName}|${p.speaker}`) % span);
  const phase = p.turn >= endTurn ? 'ending' : !spoken && p.recent.length <= p.others.length ? 'opening' : 'talking';

  const names = new Set([p.speaker, ...p.others.map((o) => o.name)].flatMap((n) => extractKeywords(n, 5)));
  const topics = topicWords(p.persona, names, 12);
  // Pick up the other's words, but not ones this speaker already used: echoes of echoes loop.
  const own = new Set(p.recent.filter((l) => l.speaker === p.speaker).flatMap((l) => extractKeywords(l.content, 40)));
  const words = lastOther ? topicWords(lastOther.content, new Set([...names, ...own]), 8) : [];
  const events = p.narration.flatMap((n) => topicWords(n, names, 3));
  const recipient = chooseRecipient(rng, p, lastOther?.speaker, phase === 'ending');
  const [mood, moodEmoji] = driftMood(rng, p.mood, p.moodEmoji);
  const moveTo = p.spots.length > 0 && rng() < options.moveChance ? pick(rng, p.spots) : null;

  const used = new Set(p.recent.map((l) => l.content));
  let content = '';
  let slots: Slots | null = null;
  for (let attempt = 0; attempt < 8 && (content === '' || used.has(content)); attempt++) {
    const topic = topics.length > 0 ? pick(rng, topics) : pick(rng, V.FALLBACK_TOPICS);
    slots = {
      to: recipient === 'everyone' ? pick(rng, ['everyone', 'friends', 'all of you']) : recipient,
      me: p.speaker,
      word: words.length > 0 ? pick(rng, words) : topic,
      topic,
      spot: moveTo ?? 'window',
      scene: p.sceneName || 'this place',
      event: events.length > 0 ? pick(rng, events) : 'noise',
      mood,
    };
    const filled = slots;
    content = clipLine(
      templates(rng, phase, lastOther?.content, words.length, p, moveTo !== null)
        .map((t) => fill(t, filled))
        .join(' '),
      600,
    );
  }

  const base = 5 + (hashString(`${p.sceneName}|${p.speaker}`) % 4);
  const rating = Math.min(10, Math.max(1, base + Math.round((rng() - 0.5) * 3) - (phase === 'ending' ? 1 : 0)));
  return {
    content,
    thoughts: slots ? clipLine(fill(pick(rng, V.THOUGHTS), { ...slots, to: recipient === 'everyone' ? 'everyone' : recipient }), 400) : '',
    recipient,
    mood,
    moodEmoji,
    reaction: reactionTo(rng, lastOther?.content),
    rating,
    endConversation: phase === 'ending',
    moveTo,
  };
}
