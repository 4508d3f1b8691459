import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createWordListScreen, readTermsFile } from './wordList.js';

const reasonsOf = async (screen: ReturnType<typeof createWordListScreen>, text: string) => (await screen.check([text])).reasons;

describe('word-list screen', () => {
  const screen = createWordListScreen({ terms: ['Tomato', 'red apple', 'h4x'] });

  it('flags an operator term as a word: any case, plural s/es, leetspeak, confusables, punctuation around it', async () => {
    for (const text of [
      'Tomatoes',
      't0mato',
      'TOMATO!',
      'Tomatoes!',
      'some tomatos.',
      'a T0MAT0 here',
      '"tomato"',
      'tomato-soup',
      'ｔｏｍａｔｏ',
    ]) {
      expect(await reasonsOf(screen, text), text).toEqual(['term:tomato']);
    }
  });

  it('does not flag a term inside another word', async () => {
    for (const text of ['tomatoey', 'xtomato', 'phototomatoes', 'Tom ate a toe']) {
      expect(await reasonsOf(screen, text), text).toEqual([]);
    }
  });

  it('matches phrases and terms written with digits', async () => {
    expect(await reasonsOf(screen, 'Two Red Apples.')).toEqual(['term:red apple']);
    expect(await reasonsOf(screen, 'redapple')).toEqual([]);
    expect(await reasonsOf(screen, 'pure h4x')).toEqual(['term:h4x']);
    expect(await reasonsOf(screen, 'pure hax')).toEqual(['term:h4x']);
  });

  it("flags profanity from obscenity's English list, leetspeak included, without the Scunthorpe problem", async () => {
    expect(await reasonsOf(screen, 'what the fuck')).toEqual(['profanity']);
    expect(await reasonsOf(screen, 'sh1t happens')).toEqual(['profanity']);
    for (const text of ['Scunthorpe', 'I assume the class assessment', 'The clockmaker winds the clock.']) {
      expect(await reasonsOf(screen, text), text).toEqual([]);
    }
  });

  it('gives every reason once per text', async () => {
    expect((await screen.check(['tomato, tomato and fuck', 'fine'])).byText).toEqual([['profanity', 'term:tomato'], []]);
  });

  it('reads MODERATION_TERMS_FILE: lines or commas, # comments; a bad term names its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'terms-'));
    const good = join(dir, 'terms.txt');
    writeFileSync(good, '# operator terms\nTomato\n  red   apple , pear # fruit\n\n');
    expect(readTermsFile(good)).toEqual(['tomato', 'red apple', 'pear']);
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'ok\nno|pipes\n');
    expect(() => readTermsFile(bad)).toThrow(/bad\.txt:2/);
  });

  it('MODERATION_* settings: defaults, terms normalised, bad terms and openai without a server refused', () => {
    expect(loadConfig({}).moderation).toEqual({
      provider: 'wordlist',
      terms: [],
      termsFile: null,
      model: 'omni-moderation-latest',
      timeoutMs: 3000,
    });
    expect(loadConfig({ MODERATION_TERMS: ' Tomato, red  apple ,' }).moderation.terms).toEqual(['tomato', 'red apple']);
    expect(() => loadConfig({ MODERATION_TERMS: 'ok,[bad]' })).toThrow(/MODERATION_TERMS/);
    expect(() => loadConfig({ MODERATION_PROVIDER: 'openai' })).toThrow(/MODERATION_PROVIDER=openai needs OPENAI_API_KEY/);
    expect(loadConfig({ MODERATION_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-x' }).moderation.provider).toBe('openai');
  });
});
