/**
 * The web app's JavaScript, split by page and compressed like the server sends it (brotli,
 * quality 11). The viewer's page is the entry chunk and every chunk it loads, Phaser included;
 * the stats page's own JS is what its lazily loaded chunk (`stats-*.js`, with uPlot) adds on top.
 * Each has a budget of its own, so the dashboard can never grow the viewer's page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

/** Brotli bytes the viewer's page may load (BENCHMARKS.md, "Web"). */
export const VIEWER_BUDGET_BYTES = 400_000;
/** Brotli bytes the stats page may add to what it shares with the viewer's page. */
export const STATS_BUDGET_BYTES = 40_000;

export interface JsFile {
  name: string;
  raw: number;
  brotli: number;
}
export interface JsPart {
  files: JsFile[];
  total: number;
}

/** Chunk files a built chunk imports, statically or dynamically (Vite writes them as `./x.js` or `assets/x.js`). */
function references(code: string): string[] {
  return [...code.matchAll(/(?:\.\/|assets\/)([A-Za-z0-9_.-]+\.js)\b/g)].map((m) => m[1]!);
}

function reach(dir: string, roots: string[], stop: (name: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const next of references(readFileSync(join(dir, 'assets', name), 'utf8'))) if (!seen.has(next) && !stop(next)) queue.push(next);
  }
  return seen;
}

function part(dir: string, names: Iterable<string>): JsPart {
  const files = [...names].sort().map((name) => {
    const raw = readFileSync(join(dir, 'assets', name));
    return { name, raw: raw.length, brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
  });
  return { files, total: files.reduce((s, f) => s + f.brotli, 0) };
}

/** The viewer's and the stats page's JS in a build directory (web/dist or web/dist-test). */
export function jsBudget(dir: string): { viewer: JsPart; stats: JsPart; unaccounted: string[] } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const isStats = (name: string) => /^stats-[\w-]+\.js$/.test(name);
  const viewer = reach(dir, entries, isStats);
  const statsRoots = readdirSync(join(dir, 'assets')).filter(isStats);
  const stats = [...reach(dir, statsRoots, (n) => viewer.has(n))].filter((n) => !viewer.has(n));
  const all = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js'));
  return { viewer: part(dir, viewer), stats: part(dir, stats), unaccounted: all.filter((f) => !viewer.has(f) && !stats.includes(f)) };
}

// `npx tsx web/scripts/jsBudget.ts [dir]`: print both parts against their budgets (no browser, no server).
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? join(import.meta.dirname, '..', 'dist-test');
  const r = jsBudget(dir);
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  for (const [label, p, budget] of [
    ['viewer page', r.viewer, VIEWER_BUDGET_BYTES],
    ['stats page (its own chunks)', r.stats, STATS_BUDGET_BYTES],
  ] as const) {
    console.log(`${label}: ${kib(p.total)} brotli (${p.total} B; budget ${budget} B)${p.total > budget ? '  OVER BUDGET' : ''}`);
    for (const f of p.files) console.log(`  ${f.name}: ${kib(f.raw)} raw, ${kib(f.brotli)} brotli`);
  }
  if (r.unaccounted.length) console.log(`other chunks: ${r.unaccounted.join(', ')}`);
  if (r.viewer.total > VIEWER_BUDGET_BYTES || r.stats.total > STATS_BUDGET_BYTES) process.exitCode = 1;
}
