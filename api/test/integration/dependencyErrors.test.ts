import { knex } from '@mikro-orm/postgresql';
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Orm } from '../../src/adapters/db/orm.js';
import { createBullmqQueue } from '../../src/adapters/queue/bullmqQueue.js';
import { createLangChainLlm } from '../../src/adapters/llm/langchainLlm.js';
import { createOpenAiChatModel } from '../../src/adapters/llm/openai.js';
import { createRedisConnections } from '../../src/adapters/redis/connections.js';
import { waitFor } from '../support/collect.js';
import { createConversation } from '../support/conversation.js';
import { apiError, startFakeOpenAi, type FakeOpenAi } from '../support/fakeOpenAi.js';
import { captureLogs, watchConsole, type LogLine } from '../support/logCapture.js';
import { createTestDatabase, POSTGRES_ADMIN_URL, requireServices } from '../support/services.js';

/**
 * Errors from PostgreSQL, Redis and the model provider are single pino lines naming the
 * dependency, where it is (host:port or model), a code, and no secrets; nothing goes to the console.
 */

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ROOT = join(import.meta.dirname, '../../..');
const of = (lines: LogLine[], dependency: string) => lines.filter((l) => l.dependency === dependency);

let console_: ReturnType<typeof watchConsole>;
beforeAll(() => {
  console_ = watchConsole();
});
afterAll(() => console_.restore());

describe('Redis', () => {
  it('a refused connection is one structured line per outage, without the password', async () => {
    const port = await closedPort();
    const { logger, lines, text } = captureLogs();
    const connections = createRedisConnections(`redis://:hunter2@127.0.0.1:${port}`, 'pt_test', logger);
    const client = connections.client('probe');
    await waitFor(() => of(lines, 'redis').length > 0, 5_000);
    // Reconnect attempts repeat the error; it is logged once until the client is back.
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.disconnect();
    await connections.close();
    expect(of(lines, 'redis')).toEqual([
      expect.objectContaining({ dependency: 'redis', target: `127.0.0.1:${port}`, code: 'ECONNREFUSED', role: 'probe', level: 40 }),
    ]);
    expect(text()).not.toContain('hunter2');
    expect(console_.printed()).not.toMatch(/ioredis|ECONNREFUSED/);
  });
});

describe('BullMQ', () => {
  it("the queue's Redis errors are redis lines with the server's host:port", async () => {
    const port = await closedPort();
    const { logger, lines } = captureLogs();
    const connection = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: null, retryStrategy: () => 200 });
    connection.on('error', () => {}); // the connections module logs the client's own errors (above)
    const queue = createBullmqQueue({ connection, workerConnection: () => connection, prefix: 'pt_test', logger });
    await waitFor(() => of(lines, 'redis').length > 0, 5_000);
    connection.disconnect();
    await queue.stop();
    expect(of(lines, 'redis')[0]).toMatchObject({ target: `127.0.0.1:${port}`, code: 'ECONNREFUSED', msg: 'queue error' });
    expect(console_.printed()).toBe('');
  });
});

describe('model provider', () => {
  let server: FakeOpenAi | undefined;
  afterEach(() => server?.close());

  const llmAt = (baseUrl: string, logger: ReturnType<typeof captureLogs>['logger']) =>
    createLangChainLlm({
      chatModel: createOpenAiChatModel({
        apiKey: 'sk-test-secret-key-0123',
        baseUrl,
        model: 'fake-model',
        temperature: 0.7,
        timeoutMs: 2_000,
        logger,
      }),
      modelName: 'fake-model',
      timeoutMs: 2_000,
      maxAttempts: 2,
      backoffBaseMs: 10,
      logger,
    });

  it('a 500 is logged per attempt with the model and HTTP_500, without the API key', async () => {
    server = await startFakeOpenAi(() => apiError(500, 'upstream exploded'));
    const { logger, lines, text } = captureLogs();
    const result = await llmAt(server.url, logger).generateTurn(createConversation().context());
    expect(result.fallback).toBe(true);
    expect(of(lines, 'model')).toEqual([
      expect.objectContaining({ target: 'fake-model', code: 'HTTP_500', attempt: 1, msg: 'model call failed; retrying' }),
      expect.objectContaining({ target: 'fake-model', code: 'HTTP_500', attempt: 2, msg: 'model call failed; using a fallback line' }),
    ]);
    expect(String(of(lines, 'model')[0]!.error)).toContain('upstream exploded');
    expect(text()).not.toContain('sk-test-secret-key-0123');
    expect(console_.printed()).toBe('');
  });

  it('an unreachable server is logged with the system code', async () => {
    const { logger, lines } = captureLogs();
    await llmAt(`http://127.0.0.1:${await closedPort()}/v1`, logger).generateTurn(createConversation().context());
    expect(of(lines, 'model').map((l) => l.code)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });
});

const postgresUp = await requireServices('postgres', 'PostgreSQL dependency errors');

describe.skipIf(!postgresUp.ok)('PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: Orm | undefined;
  const logs = captureLogs();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await orm?.close(true);
    await db.drop();
  });

  it('a connection the server ends is one structured line with its SQLSTATE; knex prints nothing', async () => {
    const url = new URL(db.url);
    url.username = url.username || 'postgres';
    url.password = 'pg-secret-pw'; // trust auth ignores it; it must never reach a log line
    orm = await openDatabase({ url: url.toString(), logger: logs.logger });
    await orm.em.getConnection().execute('select 1');
    const admin = knex({ client: 'pg', connection: POSTGRES_ADMIN_URL, pool: { min: 0, max: 1 } });
    try {
      await admin.raw('select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()', [db.name]);
    } finally {
      await admin.destroy();
    }
    await waitFor(() => of(logs.lines, 'postgres').some((l) => l.code === '57P01'), 5_000);
    // The pool notices the dead connection on its next use and opens a new one.
    await expect(orm.em.getConnection().execute('select 1 as ok')).resolves.toEqual([{ ok: 1 }]);
    const line = of(logs.lines, 'postgres').find((l) => l.code === '57P01')!;
    expect(line).toMatchObject({ target: '127.0.0.1:5432', level: 40, msg: 'PostgreSQL connection error' });
    expect(String(line.error)).toMatch(/terminat/);
    expect(logs.text()).not.toContain('pg-secret-pw');
    // knex did see the dead connection (its message went to pino at debug), and printed nothing.
    expect(logs.lines.some((l) => l.msg === 'knex dropped a dead connection')).toBe(true);
    expect(console_.printed()).not.toContain('Connection Error');
  });

  it('a process whose connections the server ends writes pino lines only', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'api/test/support/pgTerminatedChild.ts')],
      {
        env: { ...process.env, PT_DB_URL: db.url, PT_ADMIN_URL: POSTGRES_ADMIN_URL },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(stdout).not.toContain('Connection Error:');
    expect(lines.map((l) => JSON.parse(l) as LogLine).some((l) => l.dependency === 'postgres' && l.code === '57P01')).toBe(true);
  });
});
