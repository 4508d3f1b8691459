/**
 * Moods, reactions and action labels are emoji, and many systems have no colour-emoji font
 * (they draw empty boxes). The app ships Noto Color Emoji and loads it after the page; its
 * @font-face rules are split by unicode-range, so a browser fetches only the pieces the page's
 * emoji need. The font's colour glyphs are COLRv1 (with an OpenType-SVG copy): a browser that
 * can paint neither would draw nothing at all, so when a test glyph comes out without colour
 * the font is switched off again and the system's own emoji (or its boxes) stay.
 */
export async function loadEmojiFont(): Promise<'web' | 'system'> {
  await import('@fontsource/noto-color-emoji/index.css');
  const faces = await document.fonts.load('32px "Noto Color Emoji"', '🙂');
  const result = faces.length > 0 && paintsColour() ? 'web' : 'system';
  if (result === 'system') for (const sheet of document.styleSheets) if (declaresEmojiFont(sheet)) sheet.disabled = true;
  document.documentElement.dataset.emojiFont = result;
  return result;
}

/** Whether the web font paints 🙂 in colour (some pixel clearly not grey). */
function paintsColour(): boolean {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 40;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return true;
  ctx.font = '32px "Noto Color Emoji"';
  ctx.textBaseline = 'top';
  ctx.fillText('🙂', 2, 2);
  const px = ctx.getImageData(0, 0, 40, 40).data;
  for (let i = 0; i < px.length; i += 4) {
    const [r, g, b, a] = [px[i]!, px[i + 1]!, px[i + 2]!, px[i + 3]!];
    if (a > 128 && (Math.abs(r - g) > 40 || Math.abs(g - b) > 40)) return true;
  }
  return false;
}

function declaresEmojiFont(sheet: CSSStyleSheet): boolean {
  try {
    return [...sheet.cssRules].some(
      (r) => r instanceof CSSFontFaceRule && r.style.getPropertyValue('font-family').includes('Noto Color Emoji'),
    );
  } catch {
    return false;
  }
}
