/**
 * Profile the broadcast server under the heaviest fan-out row (10,000 subscribers over 10
 * scenes, 20 events/s for 8 s) with `node --cpu-prof`, and print where its CPU goes:
 *   npx tsx bench/profile.ts [stock|broadcast]
 * The .cpuprofile is written under bench/results/ (open it in Chrome DevTools).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ask, finalsOf, forkChild, type LoadReport } from './ipc.js';
import { pauseAll, scenesWithSeq } from './ops.js';
import { profileSummary } from './profileSummary.js';
import { cpuMs, startApi } from './server.js';

const mode = process.argv[2] === 'stock' ? 'stock' : 'broadcast';
const out = resolve(import.meta.dirname, 'results');
const dir = mkdtempSync(join(tmpdir(), 'pixeltales-prof-'));
const profDir = join(out, `profile-${mode}-${Date.now()}`);
const api = await startApi(
  { FANOUT: mode, DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, SEED_EXTRA_SCENES: '6', SWEEP_INTERVAL_MS: '600000' },
  ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
);
await pauseAll(api);
const fresh = await scenesWithSeq(api, 10);
const client = forkChild('loadClient.ts');
await ask(client, { cmd: 'connect', url: api.wsUrl, scenes: fresh, count: 10_000 });
await new Promise((r) => setTimeout(r, 3000));
const cpu0 = cpuMs(api.pid);
for (let i = 0; i < 160; i++) {
  await api.gql('mutation($id: ID!, $t: String!) { injectNarration(input: { sceneId: $id, text: $t }) { id } }', {
    id: fresh[i % 10]!.id,
    t: 'The lights flicker twice.',
  });
  await new Promise((r) => setTimeout(r, 50));
}
await new Promise((r) => setTimeout(r, 1000));
const cpu1 = cpuMs(api.pid);
const report = await ask<LoadReport>(client, { cmd: 'report', finals: finalsOf(await scenesWithSeq(api, 10)) });
console.log(JSON.stringify(report));
// Includes the 160 HTTP mutations (the events' source) and the profiler's own overhead.
console.log(
  `server CPU ${cpu1 - cpu0} ms for ${report.received} deliveries: ${(((cpu1 - cpu0) / Math.max(1, report.received)) * 1000).toFixed(1)} ms / 1,000`,
);
client.kill();
await api.stop();

console.log(`profiles in ${profDir}; showing the busiest thread`);
for (const line of profileSummary(profDir)) console.log(line);
