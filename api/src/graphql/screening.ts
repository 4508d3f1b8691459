import type { Logger } from 'pino';
import { SCREEN_UNAVAILABLE, type Screen } from '../ports/screen.js';
import { appError } from './errors.js';

/** One piece of caller input to screen, named by its input path (`characters.0.persona`). */
export interface ScreenedField {
  field: string;
  text: string;
}

/**
 * A reason as clients see it: which operator term matched stays on the server (naming it
 * would teach how to get around the list), so `term:tomato` becomes `term`.
 */
function publicReason(reason: string): string {
  return reason.startsWith('term:') ? 'term' : reason;
}

/**
 * Screen all `fields` in one call and throw `FLAGGED` when any is refused, before anything is
 * stored. `extensions.reasons` lists `{ field, reasons }` per flagged field and never echoes
 * the text; `extensions.retryable` is true when the screen could not answer (fail closed:
 * `screen-unavailable`), so a client may send the same input again later. A refusal is the
 * caller's, logged at info with the fields and reasons, never the text.
 */
export async function requireClean(screen: Screen, logger: Logger, what: string, fields: readonly ScreenedField[]): Promise<void> {
  const verdict = await screen.check(fields.map((f) => f.text));
  if (!verdict.flagged) return;
  const flagged = fields.flatMap((f, i) => {
    const reasons = verdict.byText[i] ?? [];
    return reasons.length > 0 ? [{ field: f.field, reasons: [...new Set(reasons.map(publicReason))] }] : [];
  });
  const retryable = verdict.reasons.includes(SCREEN_UNAVAILABLE);
  logger.info({ what, fields: flagged.map((f) => f.field), reasons: verdict.reasons }, 'input refused by the screen');
  throw appError(
    'FLAGGED',
    retryable
      ? 'The screen could not check this input; nothing was stored, try again later'
      : 'The screen refused this input; nothing was stored',
    { reasons: flagged, retryable },
  );
}
