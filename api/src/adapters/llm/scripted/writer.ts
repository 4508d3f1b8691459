import type { TurnReply } from '../../../domain/reply.js';
import { hashString, pick, seededRng } from '../../../domain/random.js';
import type { Rng } from '../../../domain/types.js';
import { clipLine, PROMPT_LIMITS } from '../prompt.js';
import { Chooser, fill, slotOf } from './choice.js';
import { hear, sentences, type Heard } from './hearing.js';
import { BRIDGES, LINGER, SHARED_THOUGHTS } from './links.js';
import { recall } from './recall.js';
import { speakerVoice } from './voice.js';
import {
  acknowledged,
  answer,
  answers,
  beat,
  farewell,
  greetings,
  joined,
  opening,
  quietFirst,
  saidGoodbye,
  say,
  type Turn,
  type WriterPrompt,
} from './turn.js';

export type { WriterPrompt } from './turn.js';
import * as V from './vocabulary.js';
import type { Voice } from './voices/voice.js';

/** How the scripted model behaves; see `ScriptedChatModel`. */
export interface ScriptOptions {
  /** Mixed into every random choice; a different seed gives a different conversation. */
  seed: string;
  /** Each character wants to end from a turn in [min, max], fixed per scene and character. */
  endAfter: { min: number; max: number };
  /** Chance per turn of walking to one of the room's spots. */
  moveChance: number;
}

type Phase = 'opening' | 'talking' | 'ending' | 'gone';

/**
 * Which conversation of the scene this is: the epoch of a `<scene>-<epoch>-<turn>` seed (a
 * reset or the next conversation bumps it), else a number from the seed's conversation part.
 */
function conversationOf(seed: string): number {
  const epoch = /[-:](\d{1,6})[-:]\d+$/u.exec(seed)?.[1];
  return epoch !== undefined ? Number(epoch) : hashString(seed.replace(/[-:]\d+$/u, '')) % 1000;
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

/** Whether the speaker wants to end: from a turn in [min, max], fixed per scene and character. */
function wantsToEnd(p: WriterPrompt, options: ScriptOptions): boolean {
  const span = Math.max(0, options.endAfter.max - options.endAfter.min) + 1;
  return p.turn >= options.endAfter.min + (hashString(`${options.seed}|${p.sceneName}|${p.speaker}`) % span);
}

/**
 * A character's first line opens (even one that already wants to end), then it talks, takes
 * leave, and once it has said goodbye it is gone: it only says it is leaving.
 */
function phaseOf(p: WriterPrompt, voice: Voice, ending: boolean): Phase {
  const own = p.recent.filter((l) => l.speaker === p.speaker);
  if (own.length === 0 && p.recent.length < PROMPT_LIMITS.recentLines) return 'opening';
  if (ending && saidGoodbye(own, voice)) return 'gone';
  return ending ? 'ending' : 'talking';
}

/** Leads before a beat: nothing, a reaction to what was said, or a bridge. */
function leadsOf(voice: Voice): string[] {
  return ['', ...voice.reactions, ...BRIDGES];
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
    const [category, leads] =
      heard.kind === 'question' && toMe
        ? ['answer', [answer(t, heard.tag, to) ?? '']]
        : p.narration.length > 0
          ? ['narration', voice.narration]
          : heard.kind === 'greeting'
            ? ['greetBack', voice.greetBack]
            : ['greeting', greetings(t, to)];
    return { content: joined(...opening(t, category, leads, to)), recipient: to };
  }
  if (phase === 'gone') {
    // Said goodbye already: a last word, and nothing new, to whoever has been quiet longest
    // (who may not have said goodbye yet), so two leavers do not keep bidding each other farewell.
    const to = quietFirst(t, names)[0] ?? casual;
    const [last, leaving] = t.choose.pair('farewellBack', voice.farewellBack, 'linger', LINGER, (l) => l);
    return { content: joined(last === null ? null : fill(last, { to }), leaving), recipient: to };
  }

  let lead: string | null = null;
  let leadTo: string | null = null;
  let passing = false;
  const answering = heard.kind === 'question' && toMe && prev !== undefined;
  const acted = p.acted ?? [];
  const farewellBack = heard.kind === 'farewell' && prev !== undefined;
  // In the talk an answer is chosen together with the beat after it (below), like a reaction.
  if (answering) leadTo = prev.speaker;
  else if (p.narration.length > 0) lead = say(t, 'narration', voice.narration, casual, undefined, true);
  else if (farewellBack) [lead, leadTo] = [say(t, 'farewellBack', voice.farewellBack, prev.speaker), prev.speaker];
  else if (acted.length > 0 && !acknowledged(own.at(-1), voice)) {
    [lead, passing] = [say(t, 'acted', acted.some((a) => a.ok) ? voice.acted : voice.actFailed, casual, undefined, true), true];
  }
  // A statement gets a reaction chosen together with the beat after it (below); a greeting
  // heard after the speaker's own first line gets none: greetings belong to first lines.
  const reacting = lead === null && heard.kind === 'statement' && prev !== undefined;
  // Walking off is said instead of a passing remark, never instead of an answer or a goodbye.
  if (moveTo && !answering && (lead === null || passing)) [lead, passing] = [say(t, 'move', V.MOVES, casual, moveTo, true) ?? lead, true];

  if (phase === 'ending') {
    const to = leadTo ?? casual;
    const reaction = answering
      ? answer(t, heard.tag, to)
      : lead === null && reacting
        ? say(t, 'reaction', leadsOf(voice), prev.speaker, undefined, true)
        : null;
    return { content: joined(lead ?? reaction, farewell(t, to)), recipient: to };
  }
  const whole = p.recent.length < PROMPT_LIMITS.recentLines;
  if (phase === 'talking' && whole && (own.length === 1 || own.length === 2) && !answering && p.narration.length === 0) {
    const memory = recall(p, voice, t.choose);
    if (memory) return { content: memory.text, recipient: memory.to ?? leadTo ?? casual };
  }
  // After answering or reacting in a group, what the speaker brings up next is for anyone.
  // After saying goodbye back, the talk goes on with someone who is staying.
  const staying =
    farewellBack && names.length > 1
      ? (quietFirst(
          t,
          names.filter((n) => n !== prev.speaker),
        )[0] ?? 'everyone')
      : null;
  const onward = staying ?? single ?? (leadTo !== null && t.rng() < 0.5 ? leadTo : casual);
  const withReaction = reacting && !passing;
  const [category, answerPool] = answering ? answers(t, heard.tag) : ['lead', []];
  const next = answering
    ? beat(t, onward, answerPool, { category, to: prev.speaker, byName: t.choose.byName(voice.beats.length, 2) })
    : beat(t, withReaction ? (prev?.speaker ?? onward) : onward, withReaction ? leadsOf(voice) : []);
  const recipient = next?.question ? next.to : next ? (withReaction ? (prev?.speaker ?? onward) : onward) : (leadTo ?? casual);
  return { content: joined(lead ?? next?.lead ?? null, next?.text ?? null), recipient };
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

/**
 * A private thought. The view of someone from the relationship comes once, with the first
 * line; after that the speaker's own thoughts and the shared ones, one slot per turn like its
 * lines, so a conversation does not think the same thing twice.
 */
function thought(t: Turn, recipient: string, first: boolean): string {
  const rel = t.p.relationships.find((r) => r.name === recipient);
  if (rel?.view && first) return clipLine(rel.view, 400);
  const about = recipient === 'everyone' ? (t.names[0] ?? 'everyone') : recipient;
  return clipLine(say(t, 'thought', [...t.voice.thoughts, ...SHARED_THOUGHTS], about) ?? '', 400);
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
  const said = p.recent.flatMap((l) => sentences(l.content));
  const choose = new Chooser(`${options.seed}|${p.sceneName}|${p.speaker}`, slotOf(conversationOf(p.seed), p.turn), said);
  const last = p.recent.at(-1);
  const prev = last && last.speaker !== p.speaker ? last : undefined;
  const heard = hear(prev?.content);
  const t: Turn = { p, voice, rng, choose, names: p.others.map((o) => o.name), prev, heard };

  const ending = wantsToEnd(p, options);
  const phase = phaseOf(p, voice, ending);
  const moveTo = p.spots.length > 0 && rng() < options.moveChance ? pick(rng, p.spots) : null;
  const [mood, moodEmoji] = driftMood(rng, voice, p.mood, p.moodEmoji);
  const { content, recipient } = compose(t, phase, moveTo);
  const base = 5 + (hashString(`${p.sceneName}|${p.speaker}`) % 4);
  const rating = Math.min(10, Math.max(1, base + Math.round((rng() - 0.5) * 3) - (ending ? 1 : 0)));
  return {
    content: clipLine(content, 600) || fill(voice.anyAnswer[0] ?? 'Hm.', { to: recipient }),
    thoughts: thought(t, recipient, phase === 'opening'),
    recipient,
    mood,
    moodEmoji,
    reaction: reactionTo(rng, heard, p.narration.length > 0),
    rating,
    endConversation: ending,
    moveTo,
  };
}
