/**
 * Where a `node --cpu-prof` run's CPU went: self time by function, busiest thread.
 *   npx tsx bench/profileSummary.ts <dir of .cpuprofile files> [top]
 * bench/profile.ts prints this after its run; with BENCH_NODE_FLAGS any bench row can be profiled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Profile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
};

/** Lines of `percent  function file:line`, the `top` largest self times of the busiest profile in `dir`. */
export function profileSummary(dir: string, top = 15): string[] {
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile);
  const busy = (p: Profile) => {
    const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    return p.samples.filter((id) => !idle.has(id)).length;
  };
  // One file per thread (tsx's loader runs in a worker thread): the busiest one is the server.
  const profile = profiles.sort((a, b) => busy(b) - busy(a))[0];
  if (!profile) return [`no .cpuprofile in ${dir}`];
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = byNode.get(id)!;
    const where = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/api\/src\//, 'api/src/');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, top] = process.argv.slice(2);
  if (!dir) throw new Error('usage: npx tsx bench/profileSummary.ts <dir> [top]');
  for (const line of profileSummary(dir, Number(top ?? 25))) console.log(line);
}
