/**
 * What one wide `usage` read allocates, and where: an in-process API (production settings, SQLite)
 * answers `usage(bucket: MINUTE)` reads of 10,000 buckets while V8's sampling heap profiler counts
 * every allocation (collected ones included). Prints the total and the top functions by bytes.
 *   node --expose-gc --import tsx bench/wideReadProbe.ts [cache=true|false] [fields="start turns"]
 */
import { Session } from 'node:inspector/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../api/src/config.js';
import { createContainer } from '../api/src/container.js';
import { buildServer } from '../api/src/http/server.js';

const cache = process.argv[2] ?? 'false';
const fields = process.argv[3] ?? 'start turns';
const dir = mkdtempSync(join(tmpdir(), 'pixeltales-probe-'));
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  SERVE_WEB: 'false',
  READ_RATE_MAX: '100000000',
  RESPONSE_CACHE: cache,
  DATABASE_URL: `sqlite:${join(dir, 'p.db')}`,
});
const container = await createContainer(config, { logger: pino({ level: 'warn' }) });
const server = buildServer(container);
const port = await server.start(0, '127.0.0.1');
const url = `http://127.0.0.1:${port}/graphql`;
const MINUTE = 60_000;
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const query = `query W($since: Timestamp!, $until: Timestamp!) { usage(bucket: MINUTE, since: $since, until: $until) { buckets { ${fields} } } }`;
let n = 0;
async function read(): Promise<number> {
  const until = now - ++n * MINUTE;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { since: until - 10_000 * MINUTE, until } }),
  });
  return (await res.text()).length;
}
const gc = (globalThis as { gc?: () => void }).gc!;
for (let i = 0; i < 5; i++) await read();
gc();

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const reads = 10;
let bodyChars = 0;
for (let i = 0; i < reads; i++) bodyChars += await read();
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: Node } };
interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}
const byFn = new Map<string, number>();
let total = 0;
const frame = (f: Node['callFrame']) =>
  `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*\/wt\/rss\//, '')}:${f.lineNumber + 1}`;
const depth = Number(process.env.PROBE_DEPTH ?? 1);
const walk = (node: Node, stack: string[]) => {
  const here = [frame(node.callFrame), ...stack];
  const name = here.slice(0, depth).join(' < ');
  byFn.set(name, (byFn.get(name) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const c of node.children) walk(c, here);
};
walk(profile.head, []);
const mb = (b: number) => (b / 1e6).toFixed(2);
console.log(
  `cache=${cache} fields="${fields}": ${reads} reads, body ${mb(bodyChars / reads)} MB each; allocated ${mb(total / reads)} MB per read`,
);
for (const [name, bytes] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${mb(bytes / reads).padStart(8)} MB  ${name}`);
await server.stop();
await container.stop();
process.exit(0);
