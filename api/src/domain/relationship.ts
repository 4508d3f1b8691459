/**
 * How one character's view of another moves after a conversation, pure. Affinity (-1..1)
 * moves part of the way toward what the conversation says (the ratings the character gave,
 * its reactions to the other's lines, the feeling its memory writer reported); familiarity
 * (0..1) grows with every conversation, faster the more they spoke to each other.
 */

/** One direction of a pair: how the character sees the other. */
export interface RelationshipState {
  affinity: number;
  familiarity: number;
}

/** What one conversation says about how the character sees the other. */
export interface ConversationSignals {
  /** Lines between the two (either one addressing the other). */
  exchanged: number;
  /** Ratings (1..10) the character gave during the conversation. */
  ratings: number[];
  /** The character's reactions to the other's lines: liked and disliked. */
  positiveReactions: number;
  negativeReactions: number;
  /** The memory writer's feeling about the other, -1..1, or null when it said nothing. */
  feeling: number | null;
}

export const NEUTRAL: RelationshipState = { affinity: 0, familiarity: 0 };

const clamp = (x: number, lo: number, hi: number) => (Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : 0);

/** -1..1: what the conversation says, each signal weighted by how much there was of it. */
export function conversationTone(s: ConversationSignals): number {
  const parts: [number, number][] = [];
  const ratings = s.ratings.filter((r) => Number.isFinite(r));
  if (ratings.length > 0) {
    const mean = ratings.reduce((a, b) => a + clamp(b, 1, 10), 0) / ratings.length;
    parts.push([(mean - 5.5) / 4.5, 0.45]);
  }
  const reactions = Math.max(0, s.positiveReactions) + Math.max(0, s.negativeReactions);
  if (reactions > 0) parts.push([(Math.max(0, s.positiveReactions) - Math.max(0, s.negativeReactions)) / reactions, 0.25]);
  if (s.feeling !== null && Number.isFinite(s.feeling)) parts.push([clamp(s.feeling, -1, 1), 0.3]);
  const weight = parts.reduce((a, [, w]) => a + w, 0);
  return weight === 0 ? 0 : clamp(parts.reduce((a, [v, w]) => a + v * w, 0) / weight, -1, 1);
}

/**
 * The state after one conversation. Bounds always hold; affinity moves toward the
 * conversation's tone by a step that grows with how much the two spoke to each other
 * (a conversation where they barely spoke moves it little), and familiarity never falls.
 */
export function nextRelationship(previous: RelationshipState | null, s: ConversationSignals): RelationshipState {
  const before = previous ?? NEUTRAL;
  const affinity = clamp(before.affinity, -1, 1);
  const familiarity = clamp(before.familiarity, 0, 1);
  const exchanged = Math.max(0, Number.isFinite(s.exchanged) ? s.exchanged : 0);
  const step = 0.15 + 0.25 * Math.min(1, exchanged / 8);
  const tone = conversationTone(s);
  const growth = 0.05 + 0.2 * Math.min(1, exchanged / 8);
  return {
    affinity: clamp(affinity + step * (tone - affinity), -1, 1),
    familiarity: clamp(familiarity + growth * (1 - familiarity), 0, 1),
  };
}

const POSITIVE = new Set([
  '😀',
  '😃',
  '😄',
  '😁',
  '😊',
  '🙂',
  '😍',
  '🥰',
  '👍',
  '👏',
  '❤️',
  '❤',
  '💖',
  '😂',
  '🤣',
  '✨',
  '🎉',
  '🙌',
  '🤗',
  '😌',
  '💯',
  '👌',
]);
const NEGATIVE = new Set(['😠', '😡', '🙄', '😒', '😤', '👎', '😞', '😢', '😕', '😬', '🤨', '😑', '💢', '😣', '😖', '😩', '😫', '🤦']);

/** +1 for a liking reaction emoji, -1 for a disliking one, 0 otherwise. */
export function reactionSign(emoji: string): -1 | 0 | 1 {
  const e = emoji.trim();
  if (POSITIVE.has(e)) return 1;
  if (NEGATIVE.has(e)) return -1;
  return 0;
}

/** A line of a finished conversation, as the signals need it. */
export interface SignalLine {
  speaker: string;
  recipient: string | null;
  reaction: string;
  rating: number;
}

/** The signals of one conversation for `me` about `other`, from its lines in order. */
export function signalsFrom(lines: readonly SignalLine[], me: string, other: string, feeling: number | null): ConversationSignals {
  const s: ConversationSignals = { exchanged: 0, ratings: [], positiveReactions: 0, negativeReactions: 0, feeling };
  lines.forEach((line, i) => {
    if ((line.speaker === me && line.recipient === other) || (line.speaker === other && line.recipient === me)) s.exchanged++;
    if (line.speaker !== me) return;
    s.ratings.push(line.rating);
    // A line's reaction is to the line before it.
    if (lines[i - 1]?.speaker === other) {
      const sign = reactionSign(line.reaction);
      if (sign > 0) s.positiveReactions++;
      if (sign < 0) s.negativeReactions++;
    }
  });
  return s;
}
