import type { TurnReply } from '../../domain/reply.js';
import { hashString, pick, seededRng } from '../../domain/random.js';
import type { Rng } from '../../domain/types.js';
import { clipLine, PROMPT_LIMITS } from './prompt.js';
import { Chooser, fill, isTemplate } from './scriptedChoice.js';
import { hear, sentences, type Heard } from './scriptedHearing.js';
import { recall } from './scriptedRecall.js';
import { speakerVoice } from './scriptedVoice.js';
import { acknowledged, answer, beat, greeted, greeting, quietFirst, say, type Turn, type WriterPrompt } from './scriptedTurn.js';

export type { WriterPrompt } from './scriptedTurn.js';
import * as V from './scriptedVocabulary.js';
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

type Phase = 'opening' | 'talking' | 'ending';

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
