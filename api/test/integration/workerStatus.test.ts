import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { buildWorkerStatusServer } from '../../src/http/workerStatus.js';
import { createWorker } from '../../src/services/worker.js';
import { waitFor } from '../support/collect.js';
import { FAST_ENV } from '../support/testServer.js';

describe('a worker process without the api role', () => {
  let container: Container;
  let status: ReturnType<typeof buildWorkerStatusServer>;
  let worker: ReturnType<typeof createWorker>;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-worker-'));

  beforeAll(async () => {
    const config = loadConfig({ ...FAST_ENV, RUN_WITHOUT_VIEWERS: 'true', DATABASE_URL: `sqlite:${join(dir, 'w.db')}` });
    container = await createContainer(config, { logger: pino({ level: 'silent' }) });
    worker = createWorker(container);
    await worker.start();
    status = buildWorkerStatusServer(container);
    base = `http://127.0.0.1:${await status.start(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    await status.stop();
    await worker.stop();
    await container.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /healthz and its turn metrics on /metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await waitFor(() => container.loop.stats.turns >= 3);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/pixeltales_turns_total\{model="scripted",outcome="completed"\} \d+/);
    expect(text).toContain('pixeltales_model_tokens_total');
    expect(text).toContain('pixeltales_queue_pickup_seconds');
    expect((await fetch(`${base}/graphql`)).status).toBe(404);
  });
});
