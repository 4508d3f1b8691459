import type { Rng } from '../../domain/types.js';
import { fill, isTemplate, type Chooser } from './scriptedChoice.js';
import { hear, sentences, type Heard } from './scriptedHearing.js';
import { otherVoice } from './scriptedVoice.js';
import type { ScriptPrompt } from './scriptedPromptReader.js';
import type { Beat, Voice } from './voices/voice.js';

/**
 * The pieces one scripted line is made of: greetings by relationship, answers by question
 * tag, whom to ask, the speaker's next beat. Every text comes from the speaker's voice.
 */

/** What the speaker did this turn through tools, when the prompt says so (tool calling). */
export type WriterPrompt = ScriptPrompt & { acted?: readonly { tool: string; ok: boolean; text: string }[] };

/** Everything one turn's choices need. */
export interface Turn {
  p: WriterPrompt;
  voice: Voice;
  rng: Rng;
  choose: Chooser;
  names: string[];
  prev: { speaker: string; recipient: string; content: string } | undefined;
  heard: Heard;
}

/** A greeting to `to`, warmer or cooler with the relationship, an introduction to a stranger. */
export function greeting(t: Turn, to: string): string {
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

export function say(t: Turn, category: string, pool: readonly string[], to: string, spot?: string, fresh = false): string | null {
  const item = t.choose.take(category, pool, (s) => s, fresh);
  return item === null ? null : fill(item, { to, spot });
}

/** The answer to a question: the speaker's answer for its tag, else one that fits any question. */
export function answer(t: Turn, tag: string | null, to: string): string | null {
  const specific = tag ? (t.voice.answers[tag] ?? []) : [];
  const fresh = specific.filter((a) => !t.choose.wasSaid(a));
  return fresh.length > 0 ? say(t, `answer-${tag ?? ''}`, fresh, to) : say(t, 'anyAnswer', t.voice.anyAnswer, to);
}

/** Names ordered from the one quiet longest (or never heard) to the last speaker. */
export function quietFirst(t: Turn, names: readonly string[]): string[] {
  const lastSpoke = (name: string): number => t.p.recent.map((l) => l.speaker).lastIndexOf(name);
  return [...names].sort((a, b) => lastSpoke(a) - lastSpoke(b));
}

/**
 * Whom to ask a question: someone with an answer for its tag. With one other, that one; in a
 * group, whoever has been quiet longest, so the talk goes round instead of becoming a duet.
 */
export function askWhom(t: Turn, tag: string): string {
  const others = t.p.others;
  if (others.length === 0) return 'everyone';
  const able = others.filter((o) => (otherVoice(o).answers[tag]?.length ?? 0) > 0).map((o) => o.name);
  return quietFirst(t, able.length > 0 ? able : t.names)[0] ?? 'everyone';
}

/** The speaker's own next beat (an opinion, an anecdote or a question) and whom it is for. */
export function beat(t: Turn, fallbackTo: string): { text: string; to: string; question: boolean } | null {
  const target = (b: Beat): string => (typeof b === 'string' ? fallbackTo : askWhom(t, b.tag));
  const chosen = t.choose.take('beat', t.voice.beats, (b) => (typeof b === 'string' ? b : b.ask));
  if (chosen === null) return null;
  const to = target(chosen);
  const text = fill(typeof chosen === 'string' ? chosen : chosen.ask, { to });
  return { text, to, question: typeof chosen !== 'string' };
}

/** Whether the speaker's last line already acknowledged an action (once in a while is enough). */
export function acknowledged(line: WriterPrompt['recent'][number] | undefined, voice: Voice): boolean {
  const first = line ? sentences(line.content)[0] : undefined;
  return first !== undefined && [...voice.acted, ...voice.actFailed].some((a) => isTemplate(first, a));
}

/** Whether the speaker already greeted `name` (or everyone) in the recent lines. */
export function greeted(own: WriterPrompt['recent'], name: string): boolean {
  return own.some((l) => (l.recipient === name || l.recipient === 'everyone') && hear(l.content).kind === 'greeting');
}
