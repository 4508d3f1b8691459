/**
 * What the offline writer may say for one character. Every sentence is authored whole; the
 * only slots are `{to}` (the name of a character present) and `{spot}` (a spot of the room),
 * so a line never carries a word lifted from someone else's line.
 */

/** A question with the subject it asks about; others answer it from `answers[tag]`. */
export interface Question {
  ask: string;
  tag: string;
}

/** A beat is something a character brings up: an opinion, an anecdote, or a question. */
export type Beat = string | Question;

export interface Voice {
  /** Moods this character drifts between, as [word, emoji]; the first is home. */
  moods: readonly (readonly [string, string])[];
  /** Opening greetings (`{to}`), and variants for old friends, for people they dislike, and for strangers. */
  greetings: readonly string[];
  warmGreetings: readonly string[];
  coolGreetings: readonly string[];
  /** "We have not met": a sentence introducing themselves. */
  introductions: readonly string[];
  /** Answering someone's greeting (`{to}`). */
  greetBack: readonly string[];
  /** The first thing they bring up, tied to the room. */
  openers: readonly string[];
  /** What they talk about once the conversation runs: at least 12, about a third questions. */
  beats: readonly Beat[];
  /** Answers by question tag (`Question.tag`), and answers that fit any question. */
  answers: Readonly<Record<string, readonly string[]>>;
  anyAnswer: readonly string[];
  /** Reactions to a statement, a narrator line, and to their own action this turn. */
  reactions: readonly string[];
  narration: readonly string[];
  acted: readonly string[];
  actFailed: readonly string[];
  /** Taking leave, and answering someone else's goodbye (`{to}`). */
  farewells: readonly string[];
  farewellBack: readonly string[];
  /** Private thoughts (`{to}`). */
  thoughts: readonly string[];
  /** Asked after recalling a memory: "did anything come of it?". */
  recallFollowUps: readonly string[];
}
