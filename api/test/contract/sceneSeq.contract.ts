import { createPubSub } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SceneEntity } from '../../src/adapters/db/entities.js';
import type { Orm } from '../../src/adapters/db/orm.js';
import type { SceneEventBody, SceneEventRecord } from '../../src/domain/events.js';
import type { Topics } from '../../src/graphql/topics.js';
import { readEvents } from '../../src/services/eventLog.js';
import { commitSceneChange } from '../../src/services/sceneCommit.js';

/** A migrated, seeded database of one dialect. */
export interface DatabaseHandle {
  orm: Orm;
  close(): Promise<void>;
}

const narration = (text: string): SceneEventBody => ({ type: 'STATUS_CHANGED', status: 'RUNNING', reason: text });

/**
 * The database's part of the turn loop's safety: `seq` allocation and guarded commits
 * under concurrent writers (many workers on PostgreSQL). Run on every dialect.
 */
export function sceneSeqContract(dialect: string, open: () => Promise<DatabaseHandle>): void {
  describe(`Scene seq + guarded commit contract: ${dialect}`, () => {
    let db: DatabaseHandle;
    let scenes: { id: string; epoch: number; nextTurn: number; lastSeq: number }[];
    const published: SceneEventRecord[] = [];
    const pubsub = createPubSub<Topics>();
    const deps = () => ({ orm: db.orm, pubsub });

    beforeAll(async () => {
      db = await open();
      const { id } = (await db.orm.em.fork().find(SceneEntity, {}, { limit: 1 }))[0]!;
      void (async () => {
        for await (const e of pubsub.subscribe('scene:committed', id)) published.push(e);
      })();
      scenes = (await db.orm.em.fork().find(SceneEntity, {}, { orderBy: { slug: 'asc' } })).map((s) => ({
        id: s.id,
        epoch: s.epoch,
        nextTurn: s.nextTurn,
        lastSeq: s.lastSeq,
      }));
    });
    afterAll(() => db?.close());

    it('hands out every seq exactly once, contiguously, to parallel transactions', async () => {
      const scene = scenes[0]!;
      const writers = 40;
      const results = await Promise.all(
        Array.from({ length: writers }, (_, w) =>
          commitSceneChange(deps(), scene.id, {}, scene.epoch, Date.now(), async () =>
            Array.from({ length: 1 + (w % 3) }, (_, k) => narration(`w${w}-${k}`)),
          ),
        ),
      );
      const seqs = results.flatMap((r) => r!.map((e) => e.seq)).sort((a, b) => a - b);
      const total = Array.from({ length: writers }, (_, w) => 1 + (w % 3)).reduce((a, b) => a + b, 0);
      expect(seqs).toEqual(Array.from({ length: total }, (_, i) => scene.lastSeq + i + 1));
      // Each transaction's events are contiguous: nobody interleaves inside another's block.
      for (const r of results) r!.forEach((e, i) => expect(e.seq).toBe(r![0]!.seq + i));
      const stored = await readEvents(db.orm.em.fork(), scene.id, scene.lastSeq, 10_000);
      expect(stored.map((e) => e.seq)).toEqual(seqs);
      expect(stored.map((e) => (e as { reason: string }).reason).sort()).toEqual(
        results.flatMap((r) => r!.map((e) => (e as { reason: string }).reason)).sort(),
      );
      const row = await db.orm.em.fork().findOneOrFail(SceneEntity, { id: scene.id });
      expect(row.lastSeq).toBe(scene.lastSeq + total);
      expect(published.filter((e) => e.seq > scene.lastSeq).length).toBe(total);
    });

    it('lets exactly one of many racing commits for the same turn through (no lost update)', async () => {
      const scene = scenes[1]!;
      const before = await db.orm.em.fork().findOneOrFail(SceneEntity, { id: scene.id });
      const turn = before.nextTurn;
      const racers = 12;
      const results = await Promise.all(
        Array.from({ length: racers }, (_, r) =>
          commitSceneChange(deps(), scene.id, { epoch: before.epoch, nextTurn: turn }, before.epoch, Date.now(), async (tx) => {
            await tx.nativeUpdate(SceneEntity, { id: scene.id }, { nextTurn: turn + 1, summary: `winner ${r}` });
            return [narration(`racer ${r}`)];
          }),
        ),
      );
      const winners = results.flatMap((r, i) => (r ? [i] : []));
      expect(winners).toHaveLength(1);
      const after = await db.orm.em.fork().findOneOrFail(SceneEntity, { id: scene.id });
      expect(after.nextTurn).toBe(turn + 1);
      expect(after.summary).toBe(`winner ${winners[0]}`);
      expect(after.lastSeq).toBe(before.lastSeq + 1);
      const stored = await readEvents(db.orm.em.fork(), scene.id, before.lastSeq, 100);
      expect(stored.map((e) => (e as { reason: string }).reason)).toEqual([`racer ${winners[0]}`]);
    });

    it('keeps scenes independent while they are written at the same time', async () => {
      const [x, y] = [scenes[2]!, scenes[3]!];
      const start = await Promise.all([x, y].map((s) => db.orm.em.fork().findOneOrFail(SceneEntity, { id: s.id })));
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => {
          const s = i % 2 ? x : y;
          return commitSceneChange(deps(), s.id, {}, s.epoch, Date.now(), async () => [narration(`${i}`)]);
        }),
      );
      for (const [k, s] of [x, y].entries()) {
        const stored = await readEvents(db.orm.em.fork(), s.id, start[k]!.lastSeq, 100);
        expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 15 }, (_, i) => start[k]!.lastSeq + i + 1));
      }
    });
  });
}
