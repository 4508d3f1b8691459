import type { Rng } from '../../../domain/types.js';
import { addressed, fill, isTemplate, type Chooser } from './choice.js';
import { sentences, type Heard } from './hearing.js';
import { LINGER } from './links.js';
import { otherVoice } from './voice.js';
import type { ScriptPrompt } from './promptReader.js';
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

/** The greetings for `to`: warmer or cooler with the relationship, introductions for a stranger. */
export function greetings(t: Turn, to: string): readonly string[] {
  const rel = t.p.relationships.find((r) => r.name === to);
  const { voice } = t;
  return to === 'everyone' || !rel
    ? voice.greetings
    : rel.familiarity < 0.05
      ? voice.introductions
      : rel.affinity >= 0.3
        ? voice.warmGreetings
        : rel.affinity <= -0.2
          ? voice.coolGreetings
          : voice.greetings;
}

export function say(t: Turn, category: string, pool: readonly string[], to: string, spot?: string, fresh = false): string | null {
  const item = t.choose.take(category, pool, (s) => s, fresh);
  return item === null ? null : fill(item, { to, spot });
}

/** The answers to a question not yet given: the speaker's own for its tag, else those that fit any question. */
export function answers(t: Turn, tag: string | null): [string, readonly string[]] {
  const specific = tag ? (t.voice.answers[tag] ?? []) : [];
  const fresh = specific.filter((a) => !t.choose.wasSaid(a));
  return fresh.length > 0 ? [`answer-${tag ?? ''}`, fresh] : ['anyAnswer', t.voice.anyAnswer];
}

/** The answer to a question: the speaker's answer for its tag, else one that fits any question. */
export function answer(t: Turn, tag: string | null, to: string): string | null {
  const [category, pool] = answers(t, tag);
  const chosen = t.choose.take(category, pool, (a) => a);
  // Said by name every other time the beats come round twice: the beat after it varies first.
  return chosen === null ? null : named(chosen, to, t.choose.byName(t.voice.beats.length, 2));
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

const beatText = (b: Beat): string => (typeof b === 'string' ? b : b.ask);

/** A statement said to someone by name or not, so the same beat need not come back word for word. */
function named(template: string, to: string, byName: boolean): string {
  return fill(byName ? addressed(template, to) : template, { to });
}

/**
 * The speaker's own next beat (an opinion, an anecdote or a question) and whom it is for.
 * With `leads` (reactions and bridges, '' for none; or answers) the lead is chosen with it
 * (`Chooser.pair`), said to `lead.to`.
 */
export function beat(
  t: Turn,
  fallbackTo: string,
  leads: readonly string[] = [],
  lead: { category: string; to: string; byName: boolean } = { category: 'lead', to: fallbackTo, byName: false },
): { lead: string | null; text: string; to: string; question: boolean } | null {
  const [said, chosen] =
    leads.length > 0
      ? t.choose.pair(lead.category, leads, 'beat', t.voice.beats, beatText)
      : [null, t.choose.take('beat', t.voice.beats, beatText)];
  if (chosen === null) return null;
  const to = typeof chosen === 'string' ? fallbackTo : askWhom(t, chosen.tag);
  const text = typeof chosen === 'string' ? named(chosen, to, t.choose.byName(t.voice.beats.length)) : fill(chosen.ask, { to });
  return { lead: said ? named(said, lead.to, lead.byName) : null, text, to, question: typeof chosen !== 'string' };
}

/**
 * What a character brings up in its first line: one of its openers or, as often, one of its
 * statements, paired with the line's lead (a greeting) so each conversation opens differently.
 */
export function opening(t: Turn, leadCategory: string, leads: readonly string[], to: string): [string | null, string | null] {
  const bodies = [...t.voice.openers, ...t.voice.beats.filter((b): b is string => typeof b === 'string')];
  const [lead, body] = t.choose.pair(leadCategory, leads, 'opener', bodies, (b) => b);
  return [lead === null ? null : fill(lead, { to }), body === null ? null : fill(body, { to })];
}

/** The speaker's goodbye, sometimes by name. */
export function farewell(t: Turn, to: string): string | null {
  const chosen = t.choose.take('farewell', t.voice.farewells, (f) => f);
  return chosen === null ? null : named(chosen, to, t.choose.byName(t.voice.farewells.length));
}

/** Whether the speaker already said its goodbye (or that it is leaving) in the recent lines. */
export function saidGoodbye(own: WriterPrompt['recent'], voice: Voice): boolean {
  const leaving = [...voice.farewells, ...LINGER];
  return own.some((l) => sentences(l.content).some((s) => leaving.some((f) => isTemplate(s, f))));
}

/** Whether the speaker's last line already acknowledged an action (once in a while is enough). */
export function acknowledged(line: WriterPrompt['recent'][number] | undefined, voice: Voice): boolean {
  const first = line ? sentences(line.content)[0] : undefined;
  return first !== undefined && [...voice.acted, ...voice.actFailed].some((a) => isTemplate(first, a));
}

/** A lead and a body as one line, the name said once: "…, Rosa." loses its name when the body says it. */
export function joined(lead: string | null, body: string | null): string {
  const name = lead ? /, ([^,]+)\.$/u.exec(lead)?.[1] : undefined;
  const first = name && body?.includes(name) ? `${lead?.slice(0, -(name.length + 3))}.` : lead;
  return [first, body].filter(Boolean).join(' ');
}
