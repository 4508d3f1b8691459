/** Shared sizes and text styles for the stage. */

/** Screen pixels per art pixel. */
export const SCALE = 3;
export const FONT = '"Trebuchet MS", "Segoe UI", system-ui, -apple-system, sans-serif';
export const EMOJI_FONT = '"Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", sans-serif';
export const INK = '#2a2135';
export const INK_NUM = 0x2a2135;
/** Depth for bubbles and pops: above every actor. */
export const UI_DEPTH = 100_000;
