import { createPubSub } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SceneEntity } from '../../src/adapters/db/entities.js';
import { openDatabase, type Orm } from '../../src/adapters/db/orm.js';
import { builtInScenes } from '../../src/domain/content.js';
import type { SceneEventBody } from '../../src/domain/events.js';
import type { Topics } from '../../src/graphql/topics.js';
import { commitSceneChange } from '../../src/services/sceneCommit.js';
import { seedBuiltInScenes } from '../../src/services/seed.js';
import { createTestDatabase, requireServices } from '../support/services.js';
import { startStallingProxy, type StallingProxy } from '../support/stallingProxy.js';

const services = await requireServices('postgres', 'PostgreSQL session timeouts against a stalling connection');

/** Small limits keep the test fast; production defaults are 15 s / 5 s / 15 s. */
const TIMEOUTS = { statementMs: 1_000, lockMs: 300, idleInTransactionMs: 1_000 };
/** What the client waits for an answer before dropping a connection: statement timeout + slack. */
const CLIENT_GIVES_UP_MS = 2_000;

const narration = (text: string): SceneEventBody => ({ type: 'STATUS_CHANGED', status: 'RUNNING', reason: text });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!services.ok)('a connection that stalls inside a scene commit', { timeout: 30_000 }, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: StallingProxy;
  let direct: Orm;
  let viaProxy: Orm;
  let scene: { id: string; epoch: number };
  const pubsub = createPubSub<Topics>();

  beforeAll(async () => {
    db = await createTestDatabase();
    direct = await openDatabase({ url: db.url, timeouts: TIMEOUTS, poolMax: 4 });
    await seedBuiltInScenes(direct.em.fork(), builtInScenes, Date.now());
    const target = new URL(db.url);
    proxy = await startStallingProxy({ host: target.hostname, port: Number(target.port) || 5432 });
    const proxied = new URL(db.url);
    proxied.port = String(proxy.port);
    viaProxy = await openDatabase({ url: proxied.toString(), timeouts: TIMEOUTS, poolMax: 2 });
    const row = (await direct.em.fork().find(SceneEntity, {}, { orderBy: { slug: 'asc' }, limit: 1 }))[0]!;
    scene = { id: row.id, epoch: row.epoch };
  });
  afterAll(async () => {
    await proxy?.close();
    await viaProxy?.close(true);
    await direct?.close(true);
    await db?.drop();
  });

  it('every pooled connection carries the session limits', async () => {
    const em = direct.em.fork();
    const connection = em.getConnection();
    const show = async (name: string) => ((await connection.execute(`show ${name}`)) as Record<string, string>[])[0]![name];
    expect(await show('statement_timeout')).toBe('1s');
    expect(await show('lock_timeout')).toBe('300ms');
    expect(await show('idle_in_transaction_session_timeout')).toBe('1s');
  });

  it('freezes the scene no longer than the idle-in-transaction timeout; the stalled client gives up and its pool recovers', async () => {
    let frozenAt = 0;
    // Worker A locks the scene row (`update scene … returning`), then its network stalls.
    const stalled = commitSceneChange({ orm: viaProxy, pubsub }, scene.id, {}, scene.epoch, Date.now(), async (tx) => {
      proxy.freeze();
      frozenAt = Date.now();
      await tx.nativeUpdate(SceneEntity, { id: scene.id }, { summary: 'written by the stalled worker' });
      return [narration('from the stalled worker')];
    }).then(
      () => ({ ok: true as const, at: Date.now() }),
      (err: Error) => ({ ok: false as const, at: Date.now(), err }),
    );
    while (!frozenAt) await sleep(5);
    expect(proxy.frozen()).toBeGreaterThan(0);

    // Worker B commits on the same scene as soon as PostgreSQL lets it; a lock wait fails after
    // lock_timeout and is retried, as the job queue would.
    let attempts = 0;
    let committedAt = 0;
    while (!committedAt && Date.now() - frozenAt < 10_000) {
      attempts++;
      try {
        await commitSceneChange({ orm: direct, pubsub }, scene.id, {}, scene.epoch, Date.now(), async () => [narration('from worker B')]);
        committedAt = Date.now();
      } catch (err) {
        expect(String((err as Error).message)).toMatch(/lock timeout|canceling statement/);
        await sleep(20);
      }
    }
    const frozenFor = committedAt - frozenAt;
    console.info(
      `[stall] scene frozen for ${frozenFor} ms (idle-in-transaction timeout ${TIMEOUTS.idleInTransactionMs} ms, ${attempts} attempts)`,
    );
    expect(committedAt, 'worker B never committed: the stalled transaction kept the row lock').toBeGreaterThan(0);
    // The lock really was held (B had to wait) and was released by the server's timeout.
    expect(attempts).toBeGreaterThan(1);
    expect(frozenFor).toBeGreaterThanOrEqual(TIMEOUTS.idleInTransactionMs - 100);
    expect(frozenFor).toBeLessThan(TIMEOUTS.idleInTransactionMs + TIMEOUTS.lockMs + 1_000);

    // Worker A's commit fails (its job would retry) instead of hanging for as long as the stall.
    const a = await stalled;
    expect(a.ok).toBe(false);
    expect(a.at - frozenAt).toBeLessThan(CLIENT_GIVES_UP_MS + 1_000);
    console.info(`[stall] the stalled client gave up after ${a.at - frozenAt} ms`);

    // The dead connection left A's pool: A commits again through fresh connections.
    const again = await commitSceneChange({ orm: viaProxy, pubsub }, scene.id, {}, scene.epoch, Date.now(), async () => [
      narration('A again'),
    ]);
    expect(again).not.toBeNull();
    const row = await direct.em.fork().findOneOrFail(SceneEntity, { id: scene.id });
    expect(row.summary).not.toBe('written by the stalled worker');
  });
});
