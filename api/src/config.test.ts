import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envNames, loadConfig } from './config.js';

describe('config', () => {
  it('boots the embedded setup with no settings at all', () => {
    const c = loadConfig({});
    expect(c.port).toBe(4000);
    expect(c.roles).toEqual({ api: true, worker: true });
    expect(c.database).toEqual({
      url: 'sqlite:./data/pixeltales.db',
      dialect: 'sqlite',
      timeouts: { statementMs: 15_000, lockMs: 5_000, idleInTransactionMs: 15_000 },
      connectTimeoutMs: 5_000,
    });
    expect(c.jobs.lockMs).toBe(5_000);
    expect(c.queue).toBe('memory');
    expect(c.llm.provider).toBe('scripted');
    expect(Object.isFrozen(c.timing)).toBe(true);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', TIME_SCALE: '-1', LLM_PROVIDER: 'magic', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'TIME_SCALE', 'LLM_PROVIDER', 'DATABASE_URL']) expect(problems).toContain(key);
    }
  });

  it('refuses split roles with in-process adapters, with a clear message', () => {
    expect(() => loadConfig({ ROLES: 'worker' })).toThrow(/QUEUE=bullmq[\s\S]*PUBSUB=redis[\s\S]*postgres/);
    const scaled = loadConfig({ ROLES: 'api', QUEUE: 'bullmq', PUBSUB: 'redis', DATABASE_URL: 'postgres://u@h/db' });
    expect(scaled.roles).toEqual({ api: true, worker: false });
    expect(scaled.database.dialect).toBe('postgresql');
  });

  it('needs a key or a base URL for the openai provider', () => {
    expect(() => loadConfig({ LLM_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
    expect(loadConfig({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).llm.baseUrl).toBe(
      'http://127.0.0.1:11434/v1',
    );
  });

  it('reads TRUST_PROXY as a number of hops; true keeps meaning one', () => {
    const hops = (v?: string) => loadConfig(v === undefined ? {} : { TRUST_PROXY: v }).http.trustProxy;
    expect([hops(), hops('false'), hops('0'), hops('no')]).toEqual([0, 0, 0, 0]);
    expect([hops('true'), hops('1'), hops('yes'), hops('TRUE')]).toEqual([1, 1, 1, 1]);
    expect([hops('2'), hops('10')]).toEqual([2, 10]);
    for (const bad of ['-1', '11', '1.5', 'maybe'])
      expect(() => hops(bad), bad).toThrow(/TRUST_PROXY: must be the number of trusted proxy hops/);
  });

  it('takes PostgreSQL session timeouts, 0 turning one off', () => {
    const c = loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0', DB_LOCK_TIMEOUT_MS: '250', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '900' });
    expect(c.database.timeouts).toEqual({ statementMs: 0, lockMs: 250, idleInTransactionMs: 900 });
    expect(() => loadConfig({ DB_LOCK_TIMEOUT_MS: '-5', DB_CONNECT_TIMEOUT_MS: '10' })).toThrow(
      /DB_LOCK_TIMEOUT_MS[\s\S]*DB_CONNECT_TIMEOUT_MS/,
    );
  });

  it('proposal model rules: none by default, a list, a temperature range, all problems at once', () => {
    expect(loadConfig({}).llm.policy).toEqual({ defaultModel: 'gpt-4o-mini', allowed: [], temperature: { min: 0, max: 1.2 } });
    const c = loadConfig({ PROPOSAL_MODELS: 'gpt-4o-mini, llama3:8b,gpt-4o-mini', PROPOSAL_TEMPERATURE_MAX: '0.8' });
    expect(c.llm.policy.allowed).toEqual(['gpt-4o-mini', 'llama3:8b']);
    expect(c.llm.policy.temperature).toEqual({ min: 0, max: 0.8 });
    expect(() => loadConfig({ PROPOSAL_MODELS: 'ok,not a model', PROPOSAL_TEMPERATURE_MIN: '3' })).toThrow(
      /PROPOSAL_MODELS[\s\S]*PROPOSAL_TEMPERATURE_MIN/,
    );
    expect(() => loadConfig({ PROPOSAL_TEMPERATURE_MIN: '1', PROPOSAL_TEMPERATURE_MAX: '0.5' })).toThrow(/must not be above/);
  });

  it('reads PUBLIC_ORIGINS as origins and turns HSTS on when they are all https', () => {
    const c = (env: Record<string, string>) => loadConfig(env).http;
    expect(c({})).toMatchObject({ publicOrigins: [], hsts: false });
    expect(c({ PUBLIC_ORIGINS: 'https://Stage.Example:443, https://stage.example' })).toMatchObject({
      publicOrigins: ['https://stage.example'],
      hsts: true,
    });
    expect(c({ PUBLIC_ORIGINS: 'https://stage.example,http://localhost:4000' }).hsts).toBe(false);
    expect(c({ PUBLIC_ORIGINS: 'https://stage.example', HSTS: 'false' }).hsts).toBe(false);
    expect(c({ HSTS: 'true' }).hsts).toBe(true);
    expect(() => c({ PUBLIC_ORIGINS: 'https://stage.example/app' })).toThrow(/PUBLIC_ORIGINS: entry 1 must be an origin only/);
    expect(() => c({ PUBLIC_ORIGINS: 'ftp://stage.example' })).toThrow(/PUBLIC_ORIGINS/);
  });

  it('.env.example lists every setting', () => {
    const example = readFileSync(resolve(import.meta.dirname, '../../.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    expect(envNames.filter((n) => !listed.has(n))).toEqual([]);
  });
});
