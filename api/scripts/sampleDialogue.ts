/**
 * Prints three conversations of every built-in scene as viewers would see them, and how many
 * of all the lines were distinct (per scene and overall):
 *   npm run sample:dialogue [-- <seed> [<conversations per scene, default 3>]]
 * This is the real turn loop (createContainer + createWorker) on a fresh SQLite file with the
 * in-process queue and memory pub/sub, the scripted model (SCRIPTED_SEED = the seed, default
 * `pixeltales`), RUN_WITHOUT_VIEWERS so scenes talk unwatched, and a tiny TIME_SCALE so the
 * speaking, pauses and cooldowns pass in milliseconds (about a minute in all). Whatever else the loop does between
 * conversations (memories, relationships) happens too, so the later conversations show it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { MessageEntity, SceneEntity } from '../src/adapters/db/entities.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { builtInScenes } from '../src/domain/content.js';
import { createWorker } from '../src/services/worker.js';

const seed = process.argv[2] ?? 'pixeltales';
const CONVERSATIONS = Math.max(1, Number(process.argv[3] ?? 3) || 3);
const PRINTED = 3;
const TIMEOUT_MS = 60_000 * CONVERSATIONS;
/** "612 of 634 lines distinct (96.5 %)". */
function distinct(lines: readonly string[]): string {
  const n = new Set(lines).size;
  const share = lines.length === 0 ? 100 : (100 * n) / lines.length;
  return `${n} of ${lines.length} lines distinct (${share.toFixed(1)} %)`;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'pixeltales-sample-'));
const config = loadConfig({
  DATABASE_URL: `sqlite:${join(dir, 'sample.db')}`,
  TIME_SCALE: '0.002',
  // A turn here costs CPU time that the scale does not shrink; stretching the end requests'
  // life keeps it about as many turns long as in real time (180 s ≈ 15 turns).
  END_REQUEST_TTL_MS: '3600000',
  LOG_LEVEL: 'silent',
  RUN_WITHOUT_VIEWERS: 'true',
  SERVE_WEB: 'false',
  SWEEP_INTERVAL_MS: '200',
  SCRIPTED_SEED: seed,
});
const container = await createContainer(config, { logger: pino({ level: 'silent' }) });
const worker = createWorker(container);
await worker.start();
const slugs = builtInScenes.map((s) => s.slug);

try {
  const started = Date.now();
  const em = () => container.orm.em.fork();
  const first = new Map((await em().find(SceneEntity, { slug: { $in: slugs } })).map((s) => [s.id, s.epoch]));
  // A scene has played its conversations once its epoch moved that many times past the first.
  for (;;) {
    const scenes = await em().find(SceneEntity, { slug: { $in: slugs } });
    if (scenes.every((s) => s.epoch >= (first.get(s.id) ?? 1) + CONVERSATIONS)) break;
    if (Date.now() - started > TIMEOUT_MS)
      throw new Error(`scenes did not finish ${CONVERSATIONS} conversations in ${TIMEOUT_MS / 1000} s`);
    await sleep(200);
  }
  const ratios: string[] = [];
  const everyLine: string[] = [];
  for (const slug of slugs) {
    const scene = await em().findOneOrFail(SceneEntity, { slug });
    const base = first.get(scene.id) ?? 1;
    const sceneLines: string[] = [];
    for (let n = 0; n < CONVERSATIONS; n++) {
      const lines = await em().find(MessageEntity, { sceneId: scene.id, epoch: base + n }, { orderBy: { turn: 'asc' } });
      sceneLines.push(...lines.map((m) => m.content));
      if (n >= PRINTED) continue;
      console.log(`\n## ${scene.name}, conversation ${n + 1}\n`);
      for (const m of lines) {
        const flags = [m.mood, m.endConversation ? 'wants to end' : null].filter(Boolean).join(', ');
        console.log(`${m.speakerName} → ${m.recipientName ?? 'everyone'} (${flags}): ${m.content}`);
      }
    }
    ratios.push(`${scene.name}: ${distinct(sceneLines)}`);
    everyLine.push(...sceneLines);
  }
  console.log(`\n## Distinct lines over ${CONVERSATIONS} conversations per scene\n`);
  for (const r of ratios) console.log(r);
  console.log(`all scenes: ${distinct(everyLine)}`);
} finally {
  await worker.stop();
  await container.stop();
  rmSync(dir, { recursive: true, force: true });
}
