import { describe, expect, it } from 'vitest';
import type { PromptLine } from './types.js';
import { extractKeywords, foldSummary, SUMMARY_MAX_CHARS } from './summary.js';

function line(turn: number, speaker: string, content: string, recipient: string | null = null): PromptLine {
  return { turn, speaker, recipient, content };
}

describe('foldSummary', () => {
  it('keeps a line count, the newest topics and the latest gist per speaker', () => {
    const summary = foldSummary(
      '',
      [
        line(1, 'Alice', 'The lantern by the well is broken. Someone should fix it.'),
        line(2, 'Bob', 'I can mend lanterns, but I need copper wire!'),
        line(3, 'Alice', 'Copper wire? The blacksmith sells it.'),
      ],
      400,
    );
    expect(summary).toBe(
      [
        'Earlier: 3 lines.',
        'Topics: copper, wire, blacksmith, mend, lanterns',
        'Bob: I can mend lanterns, but I need copper wire!',
        'Alice: Copper wire?',
      ].join('\n'),
    );
  });

  it('reads its own output back and keeps counting', () => {
    const first = foldSummary('', [line(1, 'Alice', 'Hello there, Bob.')], 400);
    const second = foldSummary(first, [line(2, 'Bob', 'Good morning, Alice.'), line(3, 'Cy', 'Tea anyone?')], 400);
    expect(second.split('\n')[0]).toBe('Earlier: 3 lines.');
    expect(second).toContain('Alice: Hello there, Bob.');
    expect(second).toContain('Cy: Tea anyone?');
  });

  it('is deterministic', () => {
    const lines = [line(1, 'A', 'One fish swims.'), line(2, 'B', 'Two birds sing loudly.')];
    expect(foldSummary('x', lines, 200)).toBe(foldSummary('x', lines, 200));
  });

  it('never exceeds its budget, whatever the input', () => {
    let summary = '';
    const long = 'word '.repeat(500);
    for (let turn = 1; turn <= 2_000; turn++) {
      summary = foldSummary(
        summary,
        [line(turn, `Speaker number ${turn % 37} ${long.slice(0, turn % 90)}`, `${long} ${turn}.`)],
        SUMMARY_MAX_CHARS,
      );
      expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    }
    expect(summary.startsWith('Earlier: 2000 lines.')).toBe(true);
    for (const max of [0, 1, 5, 18, 40]) {
      expect(foldSummary(summary, [line(1, 'A', 'Short.')], max).length).toBeLessThanOrEqual(max);
    }
  });

  it('drops the least recent speakers first when the budget is tight', () => {
    const lines = ['Ann', 'Ben', 'Cat', 'Dan'].map((name, i) => line(i + 1, name, `${name} talks about gardening and weather forecasts.`));
    const summary = foldSummary('', lines, 130);
    expect(summary).toContain('Dan:');
    expect(summary).not.toContain('Ann:');
    expect(summary.length).toBeLessThanOrEqual(130);
  });

  it('returns the previous summary when there is nothing to fold', () => {
    expect(foldSummary('Earlier: 4 lines.', [], 100)).toBe('Earlier: 4 lines.');
  });
});

describe('extractKeywords', () => {
  it('keeps distinct content words in order, without stopwords', () => {
    expect(extractKeywords('A retired lighthouse keeper who would rather talk about the ocean, the Ocean!', 5)).toEqual([
      'retired',
      'lighthouse',
      'keeper',
      'ocean',
    ]);
    expect(extractKeywords('one two three four five six seven', 2)).toEqual(['three', 'four']);
  });
});
