/**
 * How big to show the stage so its pixel art stays crisp.
 *
 * An art pixel looks sharp only when it covers a whole number of device pixels. Given the
 * width the page offers (CSS px) and the device pixel ratio, pick the largest whole zoom
 * that still fills most of the space; when a whole zoom would waste too much of a small
 * screen (a phone loses a sixth of its width going from x3.5 to x3), take the fractional
 * fit instead: at 2x or 3x device pixels the blur of a fractional scale is hard to see,
 * while a smaller stage is not.
 */
export interface PixelFit {
  /** CSS size of the stage box. */
  width: number;
  height: number;
  /** Device pixels per art pixel. */
  zoom: number;
  /** True when `zoom` is a whole number. */
  whole: boolean;
}

/** A whole zoom must keep at least this share of the offered width. */
export const MIN_WHOLE_SHARE = 0.9;

export function pixelFit(available: { width: number; height?: number }, dpr: number, art: { width: number; height: number }): PixelFit {
  const ratio = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  const maxW = Math.max(0, available.width);
  const limitH = available.height && available.height > 0 ? available.height : Number.POSITIVE_INFINITY;
  // The widest the box may be: the offered width, or less when the height is the limit.
  const fitW = Math.min(maxW, (limitH * art.width) / art.height);
  if (fitW <= 0) return { width: 0, height: 0, zoom: 0, whole: false };
  const fractional = (fitW * ratio) / art.width;
  const whole = Math.floor(fractional);
  if (whole >= 1 && (whole * art.width) / ratio >= MIN_WHOLE_SHARE * fitW) {
    return { width: (whole * art.width) / ratio, height: (whole * art.height) / ratio, zoom: whole, whole: true };
  }
  return { width: fitW, height: (fitW * art.height) / art.width, zoom: fractional, whole: Number.isInteger(fractional) };
}
