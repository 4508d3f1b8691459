import type { Logger } from 'pino';
import { metrics } from '../adapters/metrics.js';
import { SCREEN_UNAVAILABLE, type Screen } from '../ports/screen.js';

/** What the screen decided about one model line. */
export interface LineVerdict {
  /** True: the line is held for a moderator and no viewer gets it. */
  held: boolean;
  /** The screen's reasons (`term:tomato`, `profanity`, `openai:…`, `screen-unavailable`); empty when clean. */
  reasons: string[];
}

/**
 * Screen a model line (its content and thoughts, one unit) before anything is committed or
 * published, outside any transaction. Fails closed: a screen that throws, or has not answered
 * within `timeoutMs`, holds the line with `screen-unavailable`, counts
 * `pixeltales_screen_failures_total{screen="line"}` and warns (without the text). Every held
 * line counts `pixeltales_lines_held_total`.
 */
export async function screenLine(
  deps: { screen: Screen; logger: Logger; timeoutMs: number },
  texts: readonly string[],
): Promise<LineVerdict> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deps.timeoutMs);
  });
  let reasons: string[];
  try {
    const verdict = await Promise.race([deps.screen.check(texts), timedOut]);
    if (verdict === 'timeout') reasons = unavailable(deps, 'timeout', { timeoutMs: deps.timeoutMs });
    else reasons = verdict.reasons;
  } catch (err) {
    reasons = unavailable(deps, 'error', { error: err instanceof Error ? err.message : String(err) });
  } finally {
    clearTimeout(timer);
  }
  if (reasons.length === 0) return { held: false, reasons };
  metrics.lineHeld(reasons.includes(SCREEN_UNAVAILABLE) ? 'unavailable' : 'flagged');
  return { held: true, reasons };
}

function unavailable(deps: { logger: Logger }, reason: 'timeout' | 'error', detail: Record<string, unknown>): string[] {
  metrics.screenFailed('line', reason);
  deps.logger.warn({ screen: 'line', reason, ...detail }, 'line screen unavailable: line held');
  return [SCREEN_UNAVAILABLE];
}
