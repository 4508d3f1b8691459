import { describe, expect, it } from 'vitest';
import { contrast, readableOn } from './palette';

describe('readableOn', () => {
  it('darkens light colours until they pass 4.5:1 on white, and keeps dark ones', () => {
    for (const colour of ['#f5e663', '#8fd3e8', '#e8873b', '#ff7aa8', '#ffffff', '#3f6fc9', '#222222']) {
      const ink = readableOn(colour, '#ffffff');
      expect(contrast(ink, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
    expect(readableOn('#222222', '#ffffff')).toBe('#222222');
  });

  it('lightens on a dark background', () => {
    expect(contrast(readableOn('#3f2a8a', '#1d1626'), '#1d1626')).toBeGreaterThanOrEqual(4.5);
  });
});
