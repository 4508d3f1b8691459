/**
 * What the offline screen (adapters/screen/wordList.ts) costs per model line: 10,000 lines
 * shaped like the turn loop's (content of one or two sentences plus thoughts, built from the
 * built-in personas and everyday phrases, about 2% with a flagged word), each screened as one
 * batch `[content, thoughts]` the way the turn commit will call it. Prints p50/p99/max per
 * line, with no operator terms and with 200 of them, and once more through `screenLine` (the
 * turn's call: the same check raced against MODERATION_TIMEOUT_MS, fail closed). The target
 * (issue 22): at most 5 ms p99. With `--json <path>` it also writes the rows as JSON (the file
 * BENCHMARKS.md's screening table is checked against).
 *
 *   npx tsx bench/screenCost.ts [lines] [--json <path>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createWordListScreen } from '../api/src/adapters/screen/wordList.js';
import { builtInScenes } from '../api/src/domain/content.js';
import type { Screen } from '../api/src/ports/screen.js';
import { screenLine } from '../api/src/services/lineScreen.js';

const OPENERS = [
  'Honestly, I think you are overthinking this.',
  'Did you hear the bell ring twice this morning?',
  'We should ask the others before deciding anything.',
  'That reminds me of the winter the harbour froze over.',
  "I can't agree with that, not after what happened last week.",
  'Look at the light on the water, it changes every minute.',
  'You always say that when you are nervous.',
  'Let me finish the sentence before you laugh at it.',
  'Fine, but the tea is getting cold while we argue.',
  'If the clock is wrong again, someone will miss the train.',
];
const THOUGHTS = [
  'They are hiding something, I can tell.',
  'Stay calm and keep smiling.',
  'Maybe I was too harsh just now.',
  'I wonder if anyone noticed the letter.',
  'This is going better than I expected.',
  'Why does this always happen to me?',
];
const FLAGGED = ['What the fuck was that noise?', 'This shit again, every single day.', 'Another marmalade jar on the floor.'];

/** A small deterministic generator, so every run screens the same lines. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` lines as [content, thoughts] pairs. */
export function realisticLines(count: number, seed = 22): [string, string][] {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const personas = builtInScenes.flatMap((s) => s.characters.map((c) => c.persona.split(/(?<=\.)\s+/)[0]!));
  const names = builtInScenes.flatMap((s) => s.characters.map((c) => c.name));
  return Array.from({ length: count }, () => {
    const first = random() < 0.02 ? pick(FLAGGED) : pick(OPENERS);
    const second = random() < 0.5 ? ` ${pick(names)}, ${pick(personas).toLowerCase()}` : '';
    return [`${first}${second}`, `${pick(THOUGHTS)} ${random() < 0.3 ? pick(OPENERS) : ''}`.trim()];
  });
}

/**
 * Per-line wall time of `screen.check([content, thoughts])` in microseconds, sorted: `once` is
 * the first measurement, `best` the fastest of three (what the line costs when the machine is
 * not busy with other work: on a shared, loaded host `once` measures the neighbours too).
 */
export async function screenCostUs(screen: Screen, lines: readonly [string, string][]): Promise<{ once: number[]; best: number[] }> {
  for (const line of lines.slice(0, 500)) await screen.check(line); // warm up the JIT
  const once: number[] = [];
  const best: number[] = [];
  for (const line of lines) {
    let fastest = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      await screen.check(line);
      const us = (performance.now() - start) * 1000;
      if (run === 0) once.push(us);
      fastest = Math.min(fastest, us);
    }
    best.push(fastest);
  }
  return { once: once.sort((a, b) => a - b), best: best.sort((a, b) => a - b) };
}

const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** One row of the JSON: a screen setup and its per-line times in microseconds. */
interface Row {
  setup: string;
  lines: number;
  flagged: number;
  onceP50Us: number;
  onceP99Us: number;
  onceMaxUs: number;
  bestP50Us: number;
  bestP99Us: number;
  bestMaxUs: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonPath = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const count = Number(args.find((a, i) => /^\d+$/.test(a) && i !== jsonAt + 1) ?? 10_000);
  const rows: Row[] = [];
  const logger = pino({ level: 'silent' });
  const lines = realisticLines(count);
  const chars = lines.reduce((n, [a, b]) => n + a.length + b.length, 0) / lines.length;
  const operatorTerms = Array.from({ length: 200 }, (_, i) => `term${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}x`);
  console.log(`${count} lines, ${chars.toFixed(0)} characters per line (content + thoughts)`);
  for (const [label, terms, throughTurn] of [
    ['word list', ['marmalade'], false],
    ['word list + 200 operator terms', ['marmalade', ...operatorTerms], false],
    ['screenLine (the turn: word list + 200 terms, timeout race)', ['marmalade', ...operatorTerms], true],
  ] as const) {
    const list = createWordListScreen({ terms });
    // The turn's path: the same screen behind screenLine's timeout race (verdict mapped back to a ScreenVerdict).
    const screen: Screen = throughTurn
      ? {
          kind: 'line',
          check: async (texts) => {
            const v = await screenLine({ screen: list, logger, timeoutMs: 3_000 }, texts);
            return { flagged: v.held, reasons: v.reasons, byText: texts.map(() => v.reasons) };
          },
        }
      : list;
    const times = await screenCostUs(screen, lines);
    let flagged = 0;
    for (const line of lines) if ((await screen.check(line)).flagged) flagged++;
    const show = (sorted: number[]) =>
      `p50 ${at(sorted, 0.5).toFixed(0)} µs, p99 ${at(sorted, 0.99).toFixed(0)} µs, max ${at(sorted, 1).toFixed(0)} µs`;
    console.log(`${label} (${flagged} lines flagged)\n  first run:   ${show(times.once)}\n  best of 3:   ${show(times.best)}`);
    const r = (n: number) => Math.round(n);
    rows.push({
      setup: label,
      lines: count,
      flagged,
      onceP50Us: r(at(times.once, 0.5)),
      onceP99Us: r(at(times.once, 0.99)),
      onceMaxUs: r(at(times.once, 1)),
      bestP50Us: r(at(times.best, 0.5)),
      bestP99Us: r(at(times.best, 0.99)),
      bestMaxUs: r(at(times.best, 1)),
    });
  }
  if (jsonPath) {
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`);
    console.log(`wrote ${jsonPath}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
