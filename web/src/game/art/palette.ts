/** Colour helpers for the pixel painters: parse, shade, mix and hash-pick. */

export type Rgb = [number, number, number];

export function hexToRgb(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const n = m ? parseInt(m[1]!, 16) : 0x888888;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function rgbToHex([r, g, b]: Rgb): string {
  return `#${[r, g, b]
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Mix two colours; t = 0 gives a, 1 gives b. */
export function mix(a: string, b: string, t: number): string {
  const x = hexToRgb(a);
  const y = hexToRgb(b);
  return rgbToHex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}

/** Lighter (amount > 0) or darker (amount < 0), -1..1. */
export function shade(hex: string, amount: number): string {
  return amount >= 0 ? mix(hex, '#ffffff', amount) : mix(hex, '#10101c', -amount);
}

/** Perceived brightness, 0..1. */
export function luminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex);
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}

export function hexToNumber(hex: string): number {
  const [r, g, b] = hexToRgb(hex);
  return (r << 16) | (g << 8) | b;
}

/** A stable 32-bit hash of a string (FNV-1a). */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic pseudo-random sequence (mulberry32) for speckles and stars. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Named colours the appearance text may mention. */
export const COLOUR_WORDS: Record<string, string> = {
  red: '#c9423b',
  green: '#3f9a55',
  blue: '#3f6fc9',
  navy: '#2b3a67',
  yellow: '#f0c23b',
  purple: '#8a54c9',
  pink: '#e87aa8',
  orange: '#e8873b',
  brown: '#8a5a36',
  black: '#2a2630',
  white: '#f2efe8',
  grey: '#9a9aa6',
  gray: '#9a9aa6',
  silver: '#c8ccd6',
  straw: '#e8c96a',
  gold: '#d9a93b',
  brass: '#c99a3b',
};

/** WCAG relative luminance, 0..1. */
export function relativeLuminance(hex: string): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = hexToRgb(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (1..21). */
export function contrast(a: string, b: string): number {
  const x = relativeLuminance(a);
  const y = relativeLuminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/**
 * The character's colour darkened (or lightened) just enough to read as text on `background`
 * at `ratio` (WCAG AA for normal text is 4.5): names keep their hue and stay legible.
 */
export function readableOn(colour: string, background: string, ratio = 4.5): string {
  const darker = relativeLuminance(background) > 0.4;
  for (let step = 0; step <= 20; step++) {
    const candidate = shade(colour, (darker ? -1 : 1) * step * 0.05);
    if (contrast(candidate, background) >= ratio) return candidate;
  }
  return darker ? '#10101c' : '#ffffff';
}
