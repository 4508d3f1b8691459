/**
 * `npm run bench -- --worker-boot [--runs=3] [--compiled]` (issue 24 part 2): how long a worker
 * process takes from spawn to `worker started` (ready) and to its first model request (first
 * turn), on PostgreSQL + BullMQ with the fake chat-completions model and a scene already due
 * (RUN_WITHOUT_VIEWERS). `--compiled` runs api/dist/main.js (after `npm run build`), else the
 * sources through tsx. Each run gets a fresh database and Redis prefix.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { openDatabase } from '../api/src/adapters/db/orm.js';
import { builtInScenes } from '../api/src/domain/content.js';
import { seedBuiltInScenes } from '../api/src/services/seed.js';
import { chatCompletion, startFakeOpenAi } from '../api/test/support/fakeOpenAi.js';
import { createRedisPrefix, createTestDatabase, REDIS_URL } from '../api/test/support/services.js';
import { percentile, round } from './ops.js';
import { freePort } from './server.js';

const ROOT = resolve(import.meta.dirname, '..');

const REPLY = JSON.stringify({
  content: 'A first line, said at once.',
  thoughts: 'go',
  recipient: 'everyone',
  mood: 'curious',
  moodEmoji: '🤔',
  reaction: '🙂',
  rating: 7,
  endConversation: false,
});

export interface BootRun {
  readyMs: number;
  firstTurnMs: number;
}

async function bootOnce(compiled: boolean): Promise<BootRun> {
  const db = await createTestDatabase();
  const redis = createRedisPrefix('pt_boot');
  const orm = await openDatabase({ url: db.url });
  await seedBuiltInScenes(orm.em.fork(), builtInScenes, Date.now());
  await orm.close(true);
  let firstRequestAt = 0;
  const fake = await startFakeOpenAi(() => {
    firstRequestAt ||= performance.now();
    return chatCompletion(REPLY);
  });
  const entry = compiled ? [resolve(ROOT, 'api/dist/main.js')] : ['--import', 'tsx', resolve(ROOT, 'api/src/main.ts')];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      ROLES: 'worker',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      QUEUE: 'bullmq',
      PUBSUB: 'redis',
      REDIS_URL,
      REDIS_PREFIX: redis.prefix,
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'boot-key',
      OPENAI_BASE_URL: fake.url,
      LLM_MODEL: 'fake-model',
      RUN_WITHOUT_VIEWERS: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let readyAt = 0;
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    if (!readyAt && buffer.includes('"msg":"worker started"')) readyAt = performance.now();
  });
  try {
    const until = Date.now() + 120_000;
    while (!(readyAt && firstRequestAt)) {
      if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode}) before its first turn`);
      if (Date.now() > until) throw new Error('no first turn within 120 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    return { readyMs: round(readyAt - spawnedAt), firstTurnMs: round(firstRequestAt - spawnedAt) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await fake.close();
    await db.drop();
    await redis.clean();
  }
}

export async function workerBoot(runs: number, compiled: boolean) {
  const results: BootRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await bootOnce(compiled);
    console.log(`worker boot ${i + 1}/${runs} (${compiled ? 'compiled' : 'tsx'}): ready ${r.readyMs} ms, first turn ${r.firstTurnMs} ms`);
    results.push(r);
  }
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const summary = {
    entry: compiled ? 'api/dist/main.js' : 'tsx api/src/main.ts',
    runs: results,
    readyMedianMs: median(results.map((r) => r.readyMs)),
    firstTurnMedianMs: median(results.map((r) => r.firstTurnMs)),
  };
  console.log(`worker boot: median ready ${summary.readyMedianMs} ms, median first turn ${summary.firstTurnMedianMs} ms`);
  return summary;
}
