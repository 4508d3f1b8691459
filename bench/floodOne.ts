/** One cache-flood row, for experiments: `npx tsx bench/floodOne.ts [reads] [KEY=VALUE ...]` (BENCH_NODE_FLAGS apply). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheFloodRow, formatFloodRow, FULL_FLOOD } from './cacheFlood.js';

const [readsArg, ...pairs] = process.argv.slice(2);
const env = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
const plan = { ...FULL_FLOOD, reads: Number(readsArg ?? FULL_FLOOD.reads) };
const row = await cacheFloodRow(plan, pairs.join(' ') || 'default', env, join(mkdtempSync(join(tmpdir(), 'flood-')), 'f.db'));
console.log(formatFloodRow(row));
