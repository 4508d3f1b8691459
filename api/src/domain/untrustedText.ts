/**
 * Text that people other than the operator wrote (proposals: names, personas, scene
 * descriptions) is shown in the UI and put into model prompts. These rules make it safe to
 * show (no invisible characters that reorder or hide what a viewer reads) and mark it as data
 * in prompts (no character that could forge a prompt block's tags). Pure, no imports.
 */

/**
 * Control characters: C0 except tab and newline, DEL, and C1 (U+0080–U+009F). They break logs
 * and terminals and render as nothing or garbage.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/**
 * Invisible format characters:
 * - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the bidi marks
 *   U+200E, U+200F, U+061C: they reorder what a viewer sees ("evil\u202Etxt.exe");
 * - zero-width and invisible characters (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+180E,
 *   U+00AD): two names that look the same could differ by one of them.
 * Zero-width joiners go too, which splits emoji sequences like 👩‍🔬 into their parts; for a
 * 30-character display name that is a fair price for names that cannot be told apart.
 */
const FORMATS = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** Text with the invisible format characters removed (controls are left for the caller to refuse). */
export function stripFormatChars(text: string): string {
  return text.replace(FORMATS, '');
}

/** Text with control and invisible format characters removed (newlines and tabs kept). */
export function stripInvisible(text: string): string {
  return text.replace(CONTROLS, '').replace(FORMATS, '');
}

/** True when `text` holds a control character other than tab and newline. */
export function hasControlChars(text: string): boolean {
  return new RegExp(CONTROLS.source, 'u').test(text);
}

/**
 * A name as it may be shown and prompted: invisible characters removed, Unicode NFC (so a
 * name typed two ways compares equal), whitespace collapsed to single spaces, trimmed.
 * Idempotent; the empty string means there was no name in it.
 */
export function cleanName(name: string): string {
  return stripInvisible(name).normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** True when `text` holds a character `stripInvisible` removes. */
export function hasInvisible(text: string): boolean {
  return hasControlChars(text) || new RegExp(FORMATS.source, 'u').test(text);
}

/**
 * Untrusted text made unable to forge markup in a prompt: `<` and `>` become the look-alike
 * single guillemets `‹` `›`, so no text can open or close a `<block>`, whatever it spells.
 */
export function neutralizeMarkup(text: string): string {
  return text.replace(/</gu, '‹').replace(/>/gu, '›');
}
