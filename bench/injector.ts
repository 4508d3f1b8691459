/**
 * Bench event injector (a child process of bench/run.ts): commits narration events through
 * the project's own commit path (`commitSceneChange`: a transaction that locks the scene row,
 * allocates seqs, appends to the event log, commits, then publishes each event on the
 * pub/sub) from a process of its own, so the events' source is not the API's CPU and not
 * the bottleneck. A process apart can only reach the API's listeners through a shared bus,
 * so it runs with the API's configuration: PUBSUB=redis (same REDIS_PREFIX) and the same
 * PostgreSQL database, passed in its environment.
 *
 * Events go in batches: one transaction appends `batch` events to one scene (seqs in order),
 * transactions go round-robin over the scenes at `rate / batch` per second. Each event's `at`
 * is the commit's clock reading taken just before its transaction, so latency measured from
 * it includes the transaction itself (a few ms more than commit → receipt, never less).
 * Controlled over IPC: { cmd: 'run', sceneIds, rate, seconds, batch } answers
 * { events, commits, failed, seconds }; { cmd: 'stop' } ends a run early; { cmd: 'close' }.
 */
import { loadConfig } from '../api/src/config.js';
import { createContainer, type Container } from '../api/src/container.js';
import { SceneEntity } from '../api/src/adapters/db/entities.js';
import { commitSceneChange } from '../api/src/services/sceneCommit.js';
import { TEXT } from './ops.js';

interface RunCommand {
  cmd: 'run';
  sceneIds: string[];
  /** Events per second over all scenes. */
  rate: number;
  seconds: number;
  /** Events per transaction. */
  batch: number;
}
type Command = RunCommand | { cmd: 'stop' } | { cmd: 'close' };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let container: Container | null = null;
let stopRequested = false;

async function run({ sceneIds, rate, seconds, batch }: RunCommand) {
  container ??= await createContainer(loadConfig(process.env));
  const c = container;
  const commitsPerSecond = rate / batch;
  const total = Math.round(commitsPerSecond * seconds);
  // Events carry their scene's conversation epoch, as every writer's do.
  const epochs = new Map<string, number>();
  for (const id of sceneIds) epochs.set(id, (await c.orm.em.fork().findOneOrFail(SceneEntity, { id })).epoch);
  const bodies = Array.from({ length: batch }, () => ({ type: 'NARRATION' as const, text: TEXT }));
  // One transaction per scene at a time keeps each scene's commits (and publishes) in seq order
  // without relying on the row lock's queueing; scenes commit concurrently.
  const busy = new Map<string, Promise<void>>();
  let events = 0;
  let commits = 0;
  let failed = 0;
  stopRequested = false;
  const start = performance.now();
  for (let i = 0; i < total && !stopRequested; i++) {
    const due = start + (i * 1000) / commitsPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sceneId = sceneIds[i % sceneIds.length]!;
    const previous = busy.get(sceneId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        const records = await commitSceneChange(c, sceneId, {}, epochs.get(sceneId)!, Date.now(), async () => bodies);
        events += records?.length ?? 0;
        commits++;
      } catch (err) {
        failed++;
        console.warn(`injector commit failed: ${String(err)}`);
      }
    });
    busy.set(sceneId, next);
  }
  await Promise.all(busy.values());
  return { events, commits, failed, seconds: (performance.now() - start) / 1000 };
}

process.on('message', (msg: Command) => {
  switch (msg.cmd) {
    case 'run':
      void run(msg).then(
        (result) => process.send!(result),
        (err: unknown) => process.send!({ error: String(err) }),
      );
      break;
    case 'stop':
      stopRequested = true;
      break;
    case 'close':
      void (container?.stop() ?? Promise.resolve()).then(() => {
        process.send!({ ok: true });
        process.exit(0);
      });
      break;
  }
});
