import { turnReplySchema, type TurnReply } from '../../domain/reply.js';
import type { TurnContext } from '../../ports/llm.js';
import { clipLine, PROMPT_LIMITS } from './prompt.js';
import { hashString } from '../../domain/random.js';

/** The outcome of reading a model's text as a turn reply. */
export type ParsedReply = { ok: true; reply: TurnReply } | { ok: false; error: string };

/** The JSON object in a model's text: bare, inside ```json fences, or amid chatter. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/iu.exec(text)?.[1];
  const candidate = (fenced ?? text).trim();
  try {
    return JSON.parse(candidate) as unknown;
  } catch {
    const start = candidate.indexOf('{');
    const end = candidate.lastIndexOf('}');
    if (start < 0 || end <= start) throw new Error('no JSON object found');
    return JSON.parse(candidate.slice(start, end + 1)) as unknown;
  }
}

/** Forgive the slips small models make that have one obvious meaning (`"7"`, `"null"`, a missing `thoughts`). */
function coerce(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const value: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (value.thoughts === undefined || value.thoughts === null) value.thoughts = '';
  if (typeof value.rating === 'string' && value.rating.trim() !== '') value.rating = Number(value.rating);
  if (typeof value.rating === 'number' && Number.isFinite(value.rating)) value.rating = Math.min(10, Math.max(1, Math.round(value.rating)));
  if (value.endConversation === 'true' || value.endConversation === 'false') value.endConversation = value.endConversation === 'true';
  if (typeof value.moveTo === 'string' && ['', 'null', 'none'].includes(value.moveTo.trim().toLowerCase())) value.moveTo = null;
  return value;
}

function fold(text: string): string {
  return text.trim().toLowerCase();
}

/** The entry of `known` that `said` names, as written or as the prompt clipped it. */
function match(known: readonly string[], said: string, clippedTo: number): string | undefined {
  const wanted = fold(said);
  return known.find((k) => fold(k) === wanted || fold(clipLine(k, clippedTo)) === wanted);
}

/** Recipient → a known character name (as spelled in the context) or `everyone`; moveTo → a listed spot or null. */
export function normalizeReply(reply: TurnReply, context: TurnContext): TurnReply {
  const names = context.others.map((o) => o.name);
  const recipient = match(names, reply.recipient, PROMPT_LIMITS.name) ?? 'everyone';
  const moveTo = reply.moveTo ? (match(context.scene.spots, reply.moveTo, PROMPT_LIMITS.spot) ?? null) : null;
  return { ...reply, recipient, moveTo };
}

/** Parse, validate against `turnReplySchema` and normalize; on failure, a short error for the repair prompt. */
export function parseReply(text: string, context: TurnContext): ParsedReply {
  let raw: unknown;
  try {
    raw = extractJson(text);
  } catch (error) {
    return { ok: false, error: `The reply was not a JSON object (${error instanceof Error ? error.message : 'unreadable'}).` };
  }
  const result = turnReplySchema.safeParse(coerce(raw));
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: `The JSON did not match the format: ${issues.join('; ')}`.slice(0, 600) };
  }
  return { ok: true, reply: normalizeReply(result.data, context) };
}

const FALLBACK_LINES = [
  'Hmm, give me a moment to think about that.',
  'Let me gather my thoughts for a second.',
  'Sorry, I lost my train of thought there.',
  'Hold that thought, I am still thinking.',
  'Well, that is something to think about.',
] as const;

/**
 * A safe, neutral line for when the model gave nothing usable: it keeps the speaker's mood,
 * answers whoever spoke last, and never ends the conversation or moves anyone.
 */
export function fallbackReply(context: TurnContext): TurnReply {
  const last = context.recent.at(-1);
  const recipient =
    last && last.speaker !== context.speaker.name && context.others.some((o) => o.name === last.speaker) ? last.speaker : 'everyone';
  const candidate: TurnReply = {
    content: FALLBACK_LINES[hashString(context.seed) % FALLBACK_LINES.length] ?? FALLBACK_LINES[0],
    thoughts: '',
    recipient,
    mood: context.speaker.mood.trim().slice(0, 24) || 'calm',
    moodEmoji: context.speaker.moodEmoji.trim().slice(0, 16) || '🙂',
    reaction: '🤔',
    rating: 5,
    endConversation: false,
    moveTo: null,
  };
  const checked = turnReplySchema.safeParse(candidate);
  return checked.success ? checked.data : { ...candidate, recipient: 'everyone', mood: 'calm', moodEmoji: '🙂' };
}
