import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { openDatabase } from '../../src/adapters/db/orm.js';
import { builtInScenes } from '../../src/domain/content.js';
import { seedBuiltInScenes } from '../../src/services/seed.js';
import { createTestDatabase, requireServices } from '../support/services.js';
import { sceneSeqContract } from './sceneSeq.contract.js';

async function openSeeded(url: string) {
  const orm = await openDatabase({ url, poolMax: 10 });
  await seedBuiltInScenes(orm.em.fork(), builtInScenes, Date.now());
  return orm;
}

sceneSeqContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pt-seq-'));
  const orm = await openSeeded(`sqlite:${join(dir, 'seq.db')}`);
  return {
    orm,
    async close() {
      await orm.close(true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const pgUp = await requireServices('postgres', 'Scene seq contract on PostgreSQL');

describe.skipIf(!pgUp.ok)('PostgreSQL', () => {
  sceneSeqContract('postgresql', async () => {
    const db = await createTestDatabase();
    const orm = await openSeeded(db.url);
    return {
      orm,
      async close() {
        await orm.close(true);
        await db.drop();
      },
    };
  });
});
