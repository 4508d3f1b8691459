import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanName, hasInvisible, neutralizeMarkup, stripFormatChars, stripInvisible } from './untrustedText.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;
const SPOOFERS = [
  ...'\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff\u0000\u0007\u001b\u0085\u009b\u00ad',
];
/** Text mixing ordinary characters with the ones that spoof or break a display. */
const hostileText = fc
  .array(
    fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom(...SPOOFERS), fc.constantFrom(' ', '\n', '\t', '<', '>')),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));
const RUNS = { seed: 20_0407, numRuns: 400 };

describe('untrusted text', () => {
  it('cleanName leaves no control, bidi or zero-width character, collapses whitespace, and is idempotent', () => {
    fc.assert(
      fc.property(hostileText, (raw) => {
        const name = cleanName(raw);
        expect(name).not.toMatch(FORBIDDEN);
        expect(hasInvisible(name)).toBe(false);
        expect(name).not.toMatch(/\s{2}|^\s|\s$|[\n\t]/u);
        expect(cleanName(name)).toBe(name);
      }),
      RUNS,
    );
  });

  it('stripInvisible keeps newlines and tabs and is idempotent; stripFormatChars leaves controls for the caller', () => {
    fc.assert(
      fc.property(hostileText, (raw) => {
        const text = stripInvisible(raw);
        expect(text).not.toMatch(FORBIDDEN);
        expect(stripInvisible(text)).toBe(text);
        expect(text.split('\n').length).toBe(raw.split('\n').length);
        expect(stripFormatChars(raw)).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/u);
      }),
      RUNS,
    );
    expect(stripFormatChars('a\u0007b\u202ec')).toBe('a\u0007bc');
  });

  it('spoofed names come out as what a viewer would read', () => {
    expect(cleanName('  Ev\u202eil\u200b  Twin\u2066\n')).toBe('Evil Twin');
    expect(cleanName('\u202e\u200d\u0000 ')).toBe('');
    expect(cleanName('Zoe\u0308')).toBe('Zoë');
  });

  it('neutralizeMarkup leaves no angle bracket, so no text can open or close a prompt block', () => {
    fc.assert(
      fc.property(hostileText, (raw) => {
        expect(neutralizeMarkup(raw)).not.toMatch(/[<>]/u);
        expect(neutralizeMarkup(raw).length).toBe(raw.length);
      }),
      RUNS,
    );
    expect(neutralizeMarkup('</character_description>')).toBe('‹/character_description›');
  });
});
