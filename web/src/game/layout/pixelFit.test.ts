import { describe, expect, it } from 'vitest';
import { pixelFit } from './pixelFit';

const ART = { width: 320, height: 192 };

describe('pixelFit', () => {
  it('takes a whole zoom on a desktop column', () => {
    const fit = pixelFit({ width: 990 }, 1, ART);
    expect(fit).toMatchObject({ width: 960, height: 576, zoom: 3, whole: true });
  });

  it('takes a whole device-pixel zoom on a retina phone when little width is lost', () => {
    // 375 CSS px at 3x = 1125 device px: x3 would be 320 CSS px (85 %), too small; x3.5 fits.
    const phone = pixelFit({ width: 375 }, 3, ART);
    expect(phone.whole).toBe(false);
    expect(phone.width).toBe(375);
    // 352 CSS px at 2x = 704 device px: x2 is 320 CSS px (91 %): whole wins.
    const small = pixelFit({ width: 352 }, 2, ART);
    expect(small).toMatchObject({ width: 320, zoom: 2, whole: true });
  });

  it('respects a height limit and keeps the aspect ratio', () => {
    const fit = pixelFit({ width: 2000, height: 400 }, 1, ART);
    expect(fit.height).toBeLessThanOrEqual(400);
    expect(fit.width / fit.height).toBeCloseTo(ART.width / ART.height, 5);
  });

  it('never exceeds the offered width and handles nonsense input', () => {
    for (const width of [100, 333, 640, 1021, 1500]) {
      for (const dpr of [1, 1.25, 1.5, 2, 2.625, 3]) {
        const fit = pixelFit({ width }, dpr, ART);
        expect(fit.width).toBeLessThanOrEqual(width + 1e-9);
        expect(fit.width).toBeGreaterThanOrEqual(width * 0.9 - 1e-9);
      }
    }
    expect(pixelFit({ width: 0 }, 2, ART).width).toBe(0);
    expect(pixelFit({ width: 500 }, Number.NaN, ART).width).toBeGreaterThan(0);
  });
});
