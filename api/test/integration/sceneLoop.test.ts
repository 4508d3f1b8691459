import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity, SceneEntity, SceneEventEntity } from '../../src/adapters/db/entities.js';
import { createLlm } from '../../src/adapters/llm/index.js';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import type { Llm } from '../../src/ports/llm.js';
import { pauseScene, restartScene, resumeScene } from '../../src/services/sceneControl.js';
import { createWorker } from '../../src/services/worker.js';
import { waitFor } from '../support/collect.js';
import { watchLoop } from '../support/loopWatch.js';
import { FAST_ENV } from '../support/testServer.js';

/** The configured model, counting calls per scene name. */
function countingLlm(inner: Llm) {
  const calls = new Map<string, number>();
  const llm: Llm = {
    defaultModel: inner.defaultModel,
    generateTurn(context, signal) {
      calls.set(context.scene.name, (calls.get(context.scene.name) ?? 0) + 1);
      return inner.generateTurn(context, signal);
    },
  };
  return { llm, calls: (name: string) => calls.get(name) ?? 0 };
}

describe('the turn loop, embedded', () => {
  let container: Container;
  let worker: ReturnType<typeof createWorker>;
  let dir: string;
  let counter: ReturnType<typeof countingLlm>;
  let watch: ReturnType<typeof watchLoop>;
  const scene = (slug: string) => container.orm.em.fork().findOneOrFail(SceneEntity, { slug });
  /** Two more passes of the sweeper (it wakes `slug`, which is never paused here, on each). */
  const twoSweeps = async (slug: string) => {
    const { id } = await scene(slug);
    const from = watch.wakes(id);
    await waitFor(() => watch.wakes(id) >= from + 2, 10_000);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pixeltales-loop-'));
    const config = loadConfig({
      ...FAST_ENV,
      TIME_SCALE: '0.001',
      SWEEP_INTERVAL_MS: '50',
      DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
    });
    const logger = pino({ level: 'silent' });
    counter = countingLlm(createLlm(config.llm, logger));
    container = await createContainer(config, { logger, llm: counter.llm });
    watch = watchLoop(container);
    worker = createWorker(container);
    await worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await container.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spends nothing while nobody watches', async () => {
    // The sweeper has woken every scene twice more, and no scene has a job left: nothing will call.
    const ids = (await container.orm.em.fork().find(SceneEntity, {})).map((s) => s.id);
    expect(ids.length).toBeGreaterThan(1);
    const from = ids.map((id) => watch.wakes(id));
    await waitFor(() => ids.every((id, i) => watch.wakes(id) >= from[i]! + 2 && watch.settled(id)), 10_000);
    expect(container.loop.stats.modelCalls).toBe(0);
    const all = await container.orm.em.fork().count(MessageEntity, {});
    expect(all).toBe(0);
  });

  it('runs a whole conversation to an agreed end, then starts the next after the cooldown', async () => {
    const shop = await scene('ice-cream-shop');
    await container.presence.join(shop.id);
    await container.loop.wake(shop.id);
    await waitFor(async () => (await scene('ice-cream-shop')).epoch >= 2, 15_000);

    const em = container.orm.em.fork();
    const lines = await em.find(MessageEntity, { sceneId: shop.id, epoch: 1 }, { orderBy: { turn: 'asc' } });
    expect(lines.length).toBeGreaterThanOrEqual(4);
    lines.forEach((m, i) => expect(m.turn).toBe(i + 1));
    lines.slice(1).forEach((m, i) => expect(m.speakerId).not.toBe(lines[i]!.speakerId));
    // The last lines: everyone asked to end.
    const lastTwo = lines.slice(-2);
    expect(lastTwo.every((m) => m.endConversation)).toBe(true);

    const events = await em.find(SceneEventEntity, { sceneId: shop.id }, { orderBy: { seq: 'asc' } });
    events.forEach((e, i) => expect(e.seq).toBe(i + 1));
    const types = events.map((e) => e.type);
    const ended = types.indexOf('CONVERSATION_ENDED');
    expect(ended).toBeGreaterThan(0);
    expect(types.indexOf('CONVERSATION_STARTED')).toBeGreaterThan(ended);
    // THINKING precedes every posted line.
    for (const [i, e] of events.entries()) {
      if (e.type !== 'MESSAGE_POSTED') continue;
      const before = events
        .slice(0, i)
        .reverse()
        .find((x) => x.type === 'CHARACTER_CHANGED');
      expect((before?.payload as { character: { action: string } }).character.action).toBe('THINKING');
    }
    await container.presence.leave(shop.id);
  });

  it('gives every one of 3+ characters a voice', async () => {
    const garden = await scene('rooftop-garden');
    await container.presence.join(garden.id);
    await container.loop.wake(garden.id);
    await waitFor(async () => (await container.orm.em.fork().count(MessageEntity, { sceneId: garden.id })) >= 10, 15_000);
    await container.presence.leave(garden.id);
    const speakers = new Set((await container.orm.em.fork().find(MessageEntity, { sceneId: garden.id })).map((m) => m.speakerName));
    expect(speakers.size).toBeGreaterThanOrEqual(3);
  });

  it('a paused scene makes no model calls at all, and resumes where it was', async () => {
    const obs = await scene('observatory-night');
    await container.presence.join(obs.id);
    await container.loop.wake(obs.id);
    await waitFor(() => counter.calls(obs.name) >= 2, 10_000);
    expect((await pauseScene(container, obs.id, 'test')).changed).toBe(true);
    expect((await pauseScene(container, obs.id, 'test')).changed).toBe(false);
    // A turn already in flight comes back and is dropped: then the scene has no job left.
    await waitFor(() => watch.settled(obs.id), 10_000);
    const atPause = counter.calls(obs.name);
    const turnAtPause = (await scene('observatory-night')).nextTurn;
    // The sweeper comes round twice (it skips paused scenes) and still nothing runs for this one.
    await twoSweeps('ice-cream-shop');
    expect(watch.settled(obs.id)).toBe(true);
    expect(counter.calls(obs.name)).toBe(atPause);
    expect((await scene('observatory-night')).status).toBe('PAUSED');
    expect((await resumeScene(container, obs.id)).changed).toBe(true);
    await waitFor(async () => (await scene('observatory-night')).nextTurn > turnAtPause, 10_000);
    expect(counter.calls(obs.name)).toBeGreaterThan(atPause);
    await container.presence.leave(obs.id);
  });

  it('a reset starts a new epoch with everyone back home', async () => {
    const obs = await scene('observatory-night');
    const result = await restartScene(container, obs.id, 'RESET');
    expect(result).toEqual({ found: true, changed: true });
    const after = await scene('observatory-night');
    expect(after.epoch).toBe(obs.epoch + 1);
    expect(after.nextTurn).toBe(1);
    expect(after.status).toBe('RUNNING');
    expect(await restartScene(container, 'missing', 'RESET')).toEqual({ found: false, changed: false });
  });
});
