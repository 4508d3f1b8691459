/**
 * What a screen found in one batch of texts. `byText[i]` holds the reasons for `texts[i]`
 * (empty: clean), so a caller can say which field was flagged without echoing the text;
 * `reasons` is their union and `flagged` is true when any text has a reason.
 *
 * Reasons are short stable words: `profanity` (the offline word list), `term:<operator term>`
 * (MODERATION_TERMS), `openai:<category>` (OpenAI's moderation), and `screen-unavailable`
 * when the screen could not answer (an error or a timeout): a screen fails closed.
 */
export interface ScreenVerdict {
  flagged: boolean;
  reasons: string[];
  byText: string[][];
}

/** The reason every text gets when a screen could not answer: callers hold the text and may retry. */
export const SCREEN_UNAVAILABLE = 'screen-unavailable';

/**
 * Screens text before anyone else reads it: proposal fields and comments now, model lines
 * (content and thoughts) and audience writing later. One call covers one unit of input (a
 * line's content and thoughts, a proposal's fields), so a remote screen costs one request per
 * unit. Never rejects: a screen that cannot answer flags every text `screen-unavailable`.
 */
export interface Screen {
  /** Which adapters answer, for the start-up log (`wordlist`, `wordlist+openai`). */
  readonly kind: string;
  check(texts: readonly string[]): Promise<ScreenVerdict>;
}

/** A verdict from per-text reasons (deduplicated). */
export function verdictOf(byText: string[][]): ScreenVerdict {
  const clean = byText.map((reasons) => [...new Set(reasons)]);
  const reasons = [...new Set(clean.flat())];
  return { flagged: reasons.length > 0, reasons, byText: clean };
}
