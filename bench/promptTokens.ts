/**
 * Prompt tokens per turn at turns 10, 100, 1,000 with the real turn loop (real prompt
 * building, running summary and database), in-process and fast. The scripted model is
 * wrapped so nobody ever asks to end, letting one conversation reach turn 1,000.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { SceneEntity } from '../api/src/adapters/db/entities.js';
import { createLlm } from '../api/src/adapters/llm/index.js';
import { loadConfig } from '../api/src/config.js';
import { createContainer } from '../api/src/container.js';
import type { Llm } from '../api/src/ports/llm.js';
import { pauseScene } from '../api/src/services/sceneControl.js';
import { createWorker } from '../api/src/services/worker.js';

export async function promptTokensAt(turns: number[], dir: string): Promise<Record<number, number>> {
  const last = Math.max(...turns);
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'prompt.db')}`,
    TIME_SCALE: '0.00001',
    RUN_WITHOUT_VIEWERS: 'true',
    MAX_MESSAGES: String(last + 10),
    LOG_LEVEL: 'silent',
    SWEEP_INTERVAL_MS: '100',
    BUDGET_SCENE_TOKENS: '2000000000',
    BUDGET_GLOBAL_TOKENS: '2000000000',
  });
  const logger = pino({ level: 'silent' });
  const inner = createLlm(config.llm, logger);
  const seen = new Map<number, number>();
  let done: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const llm: Llm = {
    defaultModel: inner.defaultModel,
    async generateTurn(context, signal) {
      const result = await inner.generateTurn(context, signal);
      if (context.scene.name === 'The Ice-Cream Shop') {
        seen.set(context.turn, result.promptTokens);
        if (context.turn >= last) done();
      }
      return { ...result, reply: { ...result.reply, endConversation: false } };
    },
  };
  const container = await createContainer(config, { logger, llm });
  const em = container.orm.em.fork();
  for (const scene of await em.find(SceneEntity, { slug: { $ne: 'ice-cream-shop' } })) await pauseScene(container, scene.id, 'bench');
  const worker = createWorker(container);
  await worker.start();
  await finished;
  await worker.stop();
  await container.stop();
  return Object.fromEntries(turns.map((t) => [t, seen.get(t) ?? Number.NaN]));
}
