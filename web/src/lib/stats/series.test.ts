import { describe, expect, it } from 'vitest';
import {
  breakdown,
  columns,
  compact,
  mergeBuckets,
  mergeCharacterRows,
  short,
  topAddressee,
  topMoods,
  totals,
  usd,
  type Bucket,
} from './series';

const M = 60_000;
const b = (minute: number, turns: number, extra: Partial<Bucket> = {}): Bucket => ({
  start: minute * M,
  turns,
  promptTokens: turns * 100,
  completionTokens: turns * 20,
  costUsd: turns * 0.001,
  linesPerMinute: turns,
  peakViewers: 0,
  averageViewers: 0,
  ...extra,
});

describe('columns and totals', () => {
  it('turns buckets into uPlot columns (x in seconds) and sums a range', () => {
    const c = columns([b(1, 2), b(2, 0), b(3, 5, { peakViewers: 4, averageViewers: 1.5 })]);
    expect(c.x).toEqual([60, 120, 180]);
    expect(c.turns).toEqual([2, 0, 5]);
    expect(c.promptTokens).toEqual([200, 0, 500]);
    expect(c.peakViewers).toEqual([0, 0, 4]);
    expect(c.averageViewers).toEqual([0, 0, 1.5]);
    const t = totals([b(1, 2), b(3, 5)]);
    expect(t).toMatchObject({ turns: 7, promptTokens: 700, completionTokens: 140 });
    expect(t.costUsd).toBeCloseTo(0.007);
  });
});

describe('mergeBuckets', () => {
  it('replaces the current bucket, appends new ones and drops what slid out of the range', () => {
    const series = [b(10, 1), b(11, 2), b(12, 3)];
    const merged = mergeBuckets(series, [b(12, 7), b(13, 1)], 11 * M, M);
    expect(merged.map((x) => [x.start / M, x.turns])).toEqual([
      [11, 2],
      [12, 7],
      [13, 1],
    ]);
    // Nothing new: the same series back, in order.
    expect(mergeBuckets([b(2, 1), b(1, 1)], [], 0, M).map((x) => x.start / M)).toEqual([1, 2]);
  });
  it('keeps a wide bucket that started before the range but reaches into it', () => {
    const H = 60 * M;
    const merged = mergeBuckets([{ ...b(0, 4), start: 0 }], [], 30 * M, H);
    expect(merged).toHaveLength(1);
  });
});

describe('breakdown', () => {
  it('orders rows by tokens and gives each a share of the largest', () => {
    const rows = breakdown([
      { key: 'a', label: 'A', ...totals([b(1, 1)]) },
      { key: 'b', label: 'B', ...totals([b(1, 4)]) },
      { key: 'c', label: 'C', ...totals([]) },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['b', 'a', 'c']);
    expect(rows.map((r) => r.share)).toEqual([1, 0.25, 0]);
    expect(breakdown([{ key: 'z', label: 'Z', ...totals([]) }])[0]!.share).toBe(0);
  });
});

describe('moods and addressees', () => {
  it('lists the most frequent moods with their share, and the top addressee', () => {
    const moods = [
      { mood: 'calm', emoji: '😌', count: 2 },
      { mood: 'angry', emoji: '😠', count: 5 },
      { mood: 'bored', emoji: '🥱', count: 2 },
      { mood: 'none', emoji: '·', count: 0 },
      { mood: 'glad', emoji: '😀', count: 1 },
    ];
    expect(topMoods(moods, 3).map((m) => [m.mood, m.share])).toEqual([
      ['angry', 0.5],
      ['bored', 0.2],
      ['calm', 0.2],
    ]);
    expect(
      topAddressee([
        { name: 'Ada', count: 1 },
        { name: 'Ben', count: 3 },
        { name: 'Cy', count: 3 },
      ]),
    ).toEqual({ name: 'Ben', count: 3 });
    expect(topAddressee([{ name: 'Ada', count: 0 }])).toBeNull();
  });
});

describe('formatting', () => {
  it('writes short numbers and dollars', () => {
    expect(compact(1234)).toBe('1,234');
    expect(compact(123_456)).toBe('123k');
    expect(compact(1_250_000)).toBe('1.3M');
    expect(usd(0.0042)).toBe('$0.0042');
    expect(usd(0)).toBe('$0.00');
    expect(usd(12.345)).toBe('$12.35');
  });
});

describe('short', () => {
  it('keeps axis ticks short', () => {
    expect([0, 2.5, 12, 1500, 20_000, 3_000_000, 0.125].map(short)).toEqual(['0', '2.5', '12', '1.5k', '20k', '3M', '0.13']);
  });
});

describe('mergeCharacterRows', () => {
  it('adds up the parts of a range: lines, moods, addressees, and a line-weighted average rating', () => {
    const ada = (lines: number, rating: number | null, moods: [string, number][], to: [string, number][]) => ({
      characterId: 'a',
      name: 'Ada',
      sceneId: 's',
      lines,
      averageRating: rating,
      moods: moods.map(([mood, count]) => ({ mood, emoji: mood[0]!, count })),
      addressees: to.map(([name, count]) => ({ name, count })),
    });
    const ben = { ...ada(5, 2, [], []), characterId: 'b', name: 'Ben' };
    const merged = mergeCharacterRows([
      [ada(1, 9, [['calm', 1]], [['Ben', 1]])],
      [
        ada(
          3,
          5,
          [
            ['calm', 1],
            ['sad', 2],
          ],
          [
            ['Ben', 2],
            ['Cy', 1],
          ],
        ),
        ben,
      ],
      [ada(0, null, [], [])],
    ]);
    expect(merged.map((r) => r.name)).toEqual(['Ben', 'Ada']);
    const a = merged[1]!;
    expect(a.lines).toBe(4);
    expect(a.averageRating).toBeCloseTo((9 * 1 + 5 * 3) / 4);
    expect(a.moods).toEqual([
      { mood: 'calm', emoji: 'c', count: 2 },
      { mood: 'sad', emoji: 's', count: 2 },
    ]);
    expect(a.addressees).toEqual([
      { name: 'Ben', count: 3 },
      { name: 'Cy', count: 1 },
    ]);
    expect(merged[0]!.averageRating).toBe(2);
    expect(mergeCharacterRows([[ada(0, null, [], [])]])[0]!.averageRating).toBeNull();
  });
});
