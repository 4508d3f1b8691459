import type { TurnReply } from '../../domain/reply.js';
import { hashString, pick, seededRng } from '../../domain/random.js';
import type { Rng } from '../../domain/types.js';
import { clipLine, PROMPT_LIMITS } from './prompt.js';
import { Chooser, fill, isTemplate } from './scriptedChoice.js';
import { hear, sentences, type Heard } from './scriptedHearing.js';
import type { ScriptPrompt } from './scriptedPromptReader.js';
import { recall } from './scriptedRecall.js';
import { otherVoice, speakerVoice } from './scriptedVoice.js';
import * as V from './scriptedVocabulary.js';
import type { Beat, Voice } from './voices/voice.js';

/** How the scripted model behaves; see `ScriptedChatModel`. */
export interface ScriptOptions {
  /** Mixed into every random choice; a different seed gives a different conversation. */
  seed: string;
  /** Each character wants to end from a turn in [min, max], fixed per scene and character. */
  endAfter: { min: number; max: number };
  /** Chance per turn of walking to one of the room's spots. */
  moveChance: number;
}

/** What the speaker did this turn through tools, when the prompt says so (tool calling). */
export type WriterPrompt = ScriptPrompt & { acted?: readonly { tool: string; ok: boolean; text: string }[] };

type Phase = 'opening' | 'talking' | 'ending';

/** Everything one turn's choices need. */
interface Turn {
  p: WriterPrompt;
  voice: Voice;
  rng: Rng;
  choose: Chooser;
  names: string[];
  prev: { speaker: string; recipient: string; content: string } | undefined;
  heard: Heard;
}

/** The conversation part of a `<scene>-<epoch>-<turn>` seed (the turn dropped). */
function conversationOf(seed: string, sceneName: string): string {
  return seed.replace(/[-:]\d+$/u, '') || sceneName || 'conversation';
}

function driftMood(rng: Rng, voice: Voice, mood: string, emoji: string): [string, string] {
  const ring = voice.moods;
  const index = ring.findIndex(([name]) => name === mood.toLowerCase());
  const roll = rng();
  const home = ring[0] ?? (['calm', '😌'] as const);
  if (index < 0) return roll < 0.5 ? [home[0], home[1]] : [clipLine(mood, 24) || home[0], clipLine(emoji, 16) || home[1]];
  const step = roll < 0.22 ? -1 : roll < 0.44 ? 1 : 0;
  const next = ring[Math.min(ring.length - 1, Math.max(0, index + step))] ?? home;
  return [next[0], next[1]];
}

/** A greeting to `to`, warmer or cooler with the relationship, an introduction to a stranger. */
function greeting(t: Turn, to: string): string {
  const rel = t.p.relationships.find((r) => r.name === to);
  const { voice } = t;
  const pool =
    to === 'everyone' || !rel
      ? voice.greetings
      : rel.familiarity < 0.05
        ? voice.introductions
        : rel.affinity >= 0.3
          ? voice.warmGreetings
          : rel.affinity <= -0.2
            ? voice.coolGreetings
            : voice.greetings;
  return fill(t.choose.take('greeting', pool, (g) => g) ?? `Hello, ${to}.`, { to });
}

function say(t: Turn, category: string, pool: readonly string[], to: string, spot?: string, fresh = false): string | null {
  const item = t.choose.take(category, pool, (s) => s, fresh);
  return item === null ? null : fill(item, { to, spot });
}

/** The answer to a question: the speaker's answer for its tag, else one that fits any question. */
function answer(t: Turn, tag: string | null, to: string): string | null {
  const specific = tag ? (t.voice.answers[tag] ?? []) : [];
  const fresh = specific.filter((a) => !t.choose.wasSaid(a));
  return fresh.length > 0 ? say(t, `answer-${tag ?? ''}`, fresh, to) : say(t, 'anyAnswer', t.voice.anyAnswer, to);
}

/** Names ordered from the one quiet longest (or never heard) to the last speaker. */
function quietFirst(t: Turn, names: readonly string[]): string[] {
  const lastSpoke = (name: string): number => t.p.recent.map((l) => l.speaker).lastIndexOf(name);
  return [...names].sort((a, b) => lastSpoke(a) - lastSpoke(b));
}

/**
 * Whom to ask a question: someone with an answer for its tag. With one other, that one; in a
 * group, whoever has been quiet longest, so the talk goes round instead of becoming a duet.
 */
function askWhom(t: Turn, tag: string): string {
  const others = t.p.others;
  if (others.length === 0) return 'everyone';
  const able = others.filter((o) => (otherVoice(o).answers[tag]?.length ?? 0) > 0).map((o) => o.name);
  return quietFirst(t, able.length > 0 ? able : t.names)[0] ?? 'everyone';
}

/** The speaker's own next beat (an opinion, an anecdote or a question) and whom it is for. */
function beat(t: Turn, fallbackTo: string): { text: string; to: string; question: boolean } | null {
  const target = (b: Beat): string => (typeof b === 'string' ? fallbackTo : askWhom(t, b.tag));
  const chosen = t.choose.take('beat', t.voice.beats, (b) => (typeof b === 'string' ? b : b.ask));
  if (chosen === null) return null;
  const to = target(chosen);
  const text = fill(typeof chosen === 'string' ? chosen : chosen.ask, { to });
  return { text, to, question: typeof chosen !== 'string' };
}

/** Whether the speaker wants to end: from a turn in [min, max], fixed per scene and character. */
function wantsToEnd(p: WriterPrompt, options: ScriptOptions): boolean {
  const span = Math.max(0, options.endAfter.max - options.endAfter.min) + 1;
  return p.turn >= options.endAfter.min + (hashString(`${options.seed}|${p.sceneName}|${p.speaker}`) % span);
}

/** A character's first line opens (even one that already wants to end), then it talks or takes leave. */
function phaseOf(p: WriterPrompt, ending: boolean): Phase {
  const spoken = p.recent.some((l) => l.speaker === p.speaker);
  if (!spoken && p.recent.length < PROMPT_LIMITS.recentLines) return 'opening';
  return ending ? 'ending' : 'talking';
}

/** Whether the speaker's last line already acknowledged an action (once in a while is enough). */
function acknowledged(line: WriterPrompt['recent'][number] | undefined, voice: Voice): boolean {
  const first = line ? sentences(line.content)[0] : undefined;
  return first !== undefined && [...voice.acted, ...voice.actFailed].some((a) => isTemplate(first, a));
}

/** Whether the speaker already greeted `name` (or everyone) in the recent lines. */
function greeted(own: WriterPrompt['recent'], name: string): boolean {
  return own.some((l) => (l.recipient === name || l.recipient === 'everyone') && hear(l.content).kind === 'greeting');
}

/** The line: a lead answering what was said (or a greeting), then the speaker's own sentence. */
function compose(t: Turn, phase: Phase, moveTo: string | null): { content: string; recipient: string } {
  const { p, voice, prev, heard, names } = t;
  const single = names.length === 1 ? (names[0] ?? 'everyone') : null;
  // In a group a remark goes to the room or to someone quiet, rarely back to the last speaker.
  const roll = t.rng();
  const casual = single ?? (roll < 0.45 || !prev ? 'everyone' : roll < 0.8 ? (quietFirst(t, names)[0] ?? 'everyone') : prev.speaker);
  const toMe = prev !== undefined && (prev.recipient === p.speaker || prev.recipient === 'everyone' || single !== null);
  const own = p.recent.filter((l) => l.speaker === p.speaker);

  if (phase === 'opening') {
    const to = prev?.speaker ?? single ?? 'everyone';
    const lead =
      heard.kind === 'question' && toMe
        ? answer(t, heard.tag, to)
        : p.narration.length > 0
          ? say(t, 'narration', voice.narration, to)
          : heard.kind === 'greeting'
            ? say(t, 'greetBack', voice.greetBack, to)
            : greeting(t, to);
    return { content: [lead, say(t, 'opener', voice.openers, to)].filter(Boolean).join(' '), recipient: to };
  }

  let lead: string | null = null;
  let leadTo: string | null = null;
  let passing = false;
  const answering = heard.kind === 'question' && toMe && prev !== undefined;
  const acted = p.acted ?? [];
  const farewellBack = heard.kind === 'farewell' && prev !== undefined;
  if (answering) [lead, leadTo] = [answer(t, heard.tag, prev.speaker), prev.speaker];
  else if (p.narration.length > 0) lead = say(t, 'narration', voice.narration, casual, undefined, true);
  else if (farewellBack) [lead, leadTo] = [say(t, 'farewellBack', voice.farewellBack, prev.speaker), prev.speaker];
  else if (heard.kind === 'greeting' && prev && !greeted(own, prev.speaker))
    [lead, leadTo] = [say(t, 'greetBack', voice.greetBack, prev.speaker), prev.speaker];
  else if (acted.length > 0 && !acknowledged(own.at(-1), voice)) {
    [lead, passing] = [say(t, 'acted', acted.some((a) => a.ok) ? voice.acted : voice.actFailed, casual, undefined, true), true];
  } else if (heard.kind === 'statement' && prev && t.rng() < 0.55) {
    [lead, leadTo, passing] = [say(t, 'reaction', voice.reactions, prev.speaker, undefined, true), prev.speaker, true];
  }
  // Walking off is said instead of a passing remark, never instead of an answer or a goodbye.
  if (moveTo && (lead === null || passing)) lead = say(t, 'move', V.MOVES, casual, moveTo, true) ?? lead;

  const farewellSaid = own.some((l) => sentences(l.content).some((s) => voice.farewells.some((f) => isTemplate(s, f))));
  if (phase === 'ending' && !farewellSaid) {
    return {
      content: [lead, say(t, 'farewell', voice.farewells, leadTo ?? casual)].filter(Boolean).join(' '),
      recipient: leadTo ?? casual,
    };
  }
  const whole = p.recent.length < PROMPT_LIMITS.recentLines;
  if (phase === 'talking' && whole && (own.length === 1 || own.length === 2) && !answering && p.narration.length === 0) {
    const memory = recall(p, voice, t.choose);
    if (memory) return { content: memory.text, recipient: memory.to ?? leadTo ?? casual };
  }
  // After answering or reacting in a group, what the speaker brings up next is for anyone.
  const onward = single ?? (leadTo !== null && t.rng() < 0.5 ? leadTo : casual);
  const next = beat(t, onward);
  const recipient = next?.question ? next.to : next ? onward : (leadTo ?? casual);
  return { content: [lead, next?.text ?? null].filter(Boolean).join(' '), recipient };
}

function reactionTo(rng: Rng, heard: Heard, narration: boolean): string {
  if (narration) return pick(rng, V.NARRATION_REACTIONS);
  switch (heard.kind) {
    case 'nothing':
      return '👋';
    case 'question':
      return pick(rng, V.QUESTION_REACTIONS);
    case 'greeting':
    case 'farewell':
      return pick(rng, V.GREETING_REACTIONS);
    default:
      return pick(rng, V.REACTIONS);
  }
}

function thought(t: Turn, recipient: string): string {
  const rel = t.p.relationships.find((r) => r.name === recipient);
  if (rel?.view && t.rng() < 0.35) return clipLine(rel.view, 400);
  const about = recipient === 'everyone' ? (t.names[0] ?? 'everyone') : recipient;
  return clipLine(say(t, 'thought', t.voice.thoughts, about) ?? '', 400);
}

/**
 * Write one in-character reply. Lines are made only of the speaker's authored material (or
 * the generic voice), the names of those present, spot names and the speaker's own memories:
 * never a word lifted from another line. Deterministic for the prompt and options; always
 * satisfies `turnReplySchema` and names only known characters (or "everyone") and listed spots.
 */
export function writeScriptedReply(p: WriterPrompt, options: ScriptOptions): TurnReply {
  const rng = seededRng(`${options.seed}|${p.seed}|${p.speaker}|${p.turn}`);
  const { voice } = speakerVoice(p);
  const conversation = conversationOf(p.seed, p.sceneName);
  const said = p.recent.flatMap((l) => sentences(l.content));
  const choose = new Chooser(`${options.seed}|${conversation}|${p.speaker}`, Math.floor(p.turn / 2), said);
  const last = p.recent.at(-1);
  const prev = last && last.speaker !== p.speaker ? last : undefined;
  const heard = hear(prev?.content);
  const t: Turn = { p, voice, rng, choose, names: p.others.map((o) => o.name), prev, heard };

  const ending = wantsToEnd(p, options);
  const phase = phaseOf(p, ending);
  const moveTo = p.spots.length > 0 && rng() < options.moveChance ? pick(rng, p.spots) : null;
  const [mood, moodEmoji] = driftMood(rng, voice, p.mood, p.moodEmoji);
  const { content, recipient } = compose(t, phase, moveTo);
  const base = 5 + (hashString(`${p.sceneName}|${p.speaker}`) % 4);
  const rating = Math.min(10, Math.max(1, base + Math.round((rng() - 0.5) * 3) - (ending ? 1 : 0)));
  return {
    content: clipLine(content, 600) || fill(voice.anyAnswer[0] ?? 'Hm.', { to: recipient }),
    thoughts: thought(t, recipient),
    recipient,
    mood,
    moodEmoji,
    reaction: reactionTo(rng, heard, p.narration.length > 0),
    rating,
    endConversation: ending,
    moveTo,
  };
}
