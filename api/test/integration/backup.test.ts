import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MessageEntity, SceneEntity, SceneEventEntity } from '../../src/adapters/db/entities.js';
import { openDatabase } from '../../src/adapters/db/orm.js';
import { collect, waitFor } from '../support/collect.js';
import { createTestDatabase, requireServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * `npm run backup` against a running server, `npm run restore` into a fresh database, and a
 * server on the restored database: same scenes, messages and event log, and every scene resumes.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const pg = await requireServices('postgres', 'backup and restore on PostgreSQL');
const dir = mkdtempSync(join(tmpdir(), 'pixeltales-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run <script> -- <file>` with DATABASE_URL, without blocking this process (the server under test lives here). */
function npmRun(script: 'backup' | 'restore', file: string, databaseUrl: string): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    const child = spawn('npm', ['run', '--silent', script, '--', file], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => done({ code: code ?? 1, out }));
  });
}

interface Snapshot {
  scenes: { id: string; slug: string; status: string; epoch: number; nextTurn: number; lastSeq: number }[];
  messages: { id: number; sceneId: string; epoch: number; turn: number; content: string }[];
  events: { sceneId: string; seq: number; type: string }[];
}

/** Every scene, message and event of a database, read without a server. */
async function snapshot(url: string): Promise<Snapshot> {
  const orm = await openDatabase({ url });
  try {
    const em = orm.em.fork();
    const scenes = (await em.find(SceneEntity, {}, { orderBy: { id: 'asc' } })).map((s) => ({
      id: s.id,
      slug: s.slug,
      status: s.status,
      epoch: s.epoch,
      nextTurn: s.nextTurn,
      lastSeq: s.lastSeq,
    }));
    const messages = (await em.find(MessageEntity, {}, { orderBy: { id: 'asc' } })).map((m) => ({
      id: m.id,
      sceneId: m.sceneId,
      epoch: m.epoch,
      turn: m.turn,
      content: m.content,
    }));
    const events = (await em.find(SceneEventEntity, {}, { orderBy: { sceneId: 'asc', seq: 'asc' } })).map((e) => ({
      sceneId: e.sceneId,
      seq: e.seq,
      type: e.type,
    }));
    return { scenes, messages, events };
  } finally {
    await orm.close(true);
  }
}

type EventItem = { sceneEvents: { seq: number; __typename: string } };

async function roundTrip(sourceUrl: string, targetUrl: string, backupFile: string, dropOthers: () => Promise<void> = async () => {}) {
  let a: TestServer | null = null;
  let b: TestServer | null = null;
  try {
    // A running server whose scenes are talking while the backup is taken.
    a = await startTestServer({ DATABASE_URL: sourceUrl, RUN_WITHOUT_VIEWERS: 'true' });
    const sceneCount = await a.container.orm.em.fork().count(SceneEntity, {});
    await waitFor(async () => {
      const rows = (await a!.container.orm.em
        .fork()
        .getConnection()
        .execute('select scene_id, count(*) as n from message group by scene_id')) as unknown[];
      return rows.length === sceneCount;
    }, 30_000);
    const backup = await npmRun('backup', backupFile, sourceUrl);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/backup written/);
    // The server went on writing meanwhile; the backup is one moment of it.
    const before = a.container.loop.stats.turns;
    await waitFor(() => a!.container.loop.stats.turns > before, 10_000);
    await a.stop();
    a = null;
    const later = await snapshot(sourceUrl);

    // A second backup to the same name is refused; a restore only goes into an empty database.
    expect((await npmRun('backup', backupFile, sourceUrl)).code).toBe(73);
    const restore = await npmRun('restore', backupFile, targetUrl);
    expect(restore.code, restore.out).toBe(0);
    const again = await npmRun('restore', backupFile, targetUrl);
    expect([again.code, /not empty/.test(again.out)], again.out).toEqual([73, true]);
    const restored = await snapshot(targetUrl);

    // Consistent: every scene's log ends at its lastSeq, and it is a prefix of what the source went on to write.
    expect(restored.scenes.map((s) => s.id)).toEqual(later.scenes.map((s) => s.id));
    for (const scene of restored.scenes) {
      const events = restored.events.filter((e) => e.sceneId === scene.id);
      expect(
        events.map((e) => e.seq),
        scene.slug,
      ).toEqual(Array.from({ length: scene.lastSeq }, (_, i) => i + 1));
      expect(events, scene.slug).toEqual(later.events.filter((e) => e.sceneId === scene.id && e.seq <= scene.lastSeq));
    }
    expect(restored.messages.length).toBeGreaterThanOrEqual(sceneCount);
    expect(restored.messages).toEqual(later.messages.filter((m) => m.id <= restored.messages.at(-1)!.id));
    expect(later.events.length).toBeGreaterThan(restored.events.length);

    // A server on the restored database serves the same scenes, messages and event log…
    b = await startTestServer({ DATABASE_URL: targetUrl, RUN_WITHOUT_VIEWERS: 'true' });
    const scenes = (await b.gql<{ scenes: { id: string; slug: string }[] }>('{ scenes { id slug } }')).data!.scenes;
    expect(scenes.map((s) => s.id).sort()).toEqual(restored.scenes.map((s) => s.id).sort());
    for (const scene of restored.scenes) {
      const ours = restored.messages.filter((m) => m.sceneId === scene.id && m.epoch === scene.epoch);
      const page = await b.gql<{ messages: { nodes: { turn: number; content: string }[] } }>(
        'query ($id: ID!, $epoch: Int) { messages(sceneId: $id, epoch: $epoch, first: 100) { nodes { turn content } } }',
        { id: scene.id, epoch: scene.epoch },
      );
      expect(page.data!.messages.nodes.slice(0, ours.length), scene.slug).toEqual(ours.map((m) => ({ turn: m.turn, content: m.content })));
      const { items, errors } = await collect<EventItem>(
        b.wsClient(),
        'subscription ($id: ID!) { sceneEvents(sceneId: $id, afterSeq: 0) { seq __typename } }',
        { id: scene.id },
        (got) => (got.at(-1)?.sceneEvents.seq ?? 0) >= scene.lastSeq,
      );
      expect(errors, scene.slug).toEqual([]);
      expect(
        items.slice(0, scene.lastSeq).map((i) => i.sceneEvents.seq),
        scene.slug,
      ).toEqual(Array.from({ length: scene.lastSeq }, (_, i) => i + 1));
    }
    // …and resumes every scene: each one writes past the backup.
    await waitFor(async () => {
      const now = await b!.container.orm.em.fork().find(SceneEntity, {});
      return now.every((s) => s.lastSeq > restored.scenes.find((r) => r.id === s.id)!.lastSeq);
    }, 30_000);
  } finally {
    await a?.stop();
    await b?.stop();
    await dropOthers();
  }
}

describe('backup and restore', () => {
  it('SQLite: VACUUM INTO while running, restore into a new file, a server resumes on it', { timeout: 120_000 }, async () => {
    await roundTrip(`sqlite:${join(dir, 'source.db')}`, `sqlite:${join(dir, 'restored.db')}`, join(dir, 'backups', 'pixeltales.sqlite'));
  });

  it.skipIf(!pg.ok)(
    'PostgreSQL: pg_dump while running, pg_restore into a new database, a server resumes on it',
    { timeout: 120_000 },
    async () => {
      const source = await createTestDatabase();
      const target = await createTestDatabase();
      await roundTrip(source.url, target.url, join(dir, 'pixeltales.pgdump'), async () => {
        await source.drop();
        await target.drop();
      });
    },
  );

  it('refuses what it cannot do, with a message and an exit code', { timeout: 60_000 }, async () => {
    const url = `sqlite:${join(dir, 'x.db')}`;
    const notBackup = join(dir, 'notes.txt');
    writeFileSync(notBackup, 'hello, not a database');
    expect(await npmRun('restore', join(dir, 'missing.db'), url)).toMatchObject({ code: 66 });
    const wrong = await npmRun('restore', notBackup, url);
    expect([wrong.code, /not a SQLite backup/.test(wrong.out)], wrong.out).toEqual([65, true]);
    const missing = await npmRun('backup', join(dir, 'out.db'), `sqlite:${join(dir, 'nothing-here.db')}`);
    expect([missing.code, /does not exist/.test(missing.out)], missing.out).toEqual([66, true]);
  });

  it('PostgreSQL without pg_dump installed says so and what to install', { timeout: 60_000 }, async () => {
    // A PATH holding node alone: no PostgreSQL client tools.
    const bin = join(dir, 'bin-without-pg');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = await new Promise<{ code: number; out: string }>((done) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'api/src/backupCli.ts'), 'backup', join(dir, 'pg.dump')],
        {
          cwd: ROOT,
          env: { ...process.env, PATH: bin, DATABASE_URL: 'postgres://someone:secret@127.0.0.1:5432/pixeltales' },
        },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (out += String(d)));
      child.on('exit', (code) => done({ code: code ?? 1, out }));
    });
    expect(result.code, result.out).toBe(69);
    expect(result.out).toMatch(/pg_dump is not installed: install the PostgreSQL client tools/);
    expect(result.out).not.toContain('secret');
  });
});
