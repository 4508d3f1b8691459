import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inCi } from './support/services.js';

/**
 * Suites gated on PostgreSQL, Redis or Chromium skip locally when the part is missing and
 * fail in CI. These run the real gates in a child process with the part pointed somewhere
 * empty (a closed port, a missing file), once as CI and once not.
 */
const ROOT = resolve(import.meta.dirname, '../..');

async function closedPort(): Promise<number> {
  return new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

/** Import `file` in a fresh Node (through tsx) and run `call` on it; exit code and output. */
function runGate(file: string, call: string, env: Record<string, string>) {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(join(ROOT, file)).href)}); const r = await m.${call}; console.log(JSON.stringify(r));`;
  const { CI: _ci, ...rest } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...rest, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}` };
}

describe('CI gating', () => {
  it('counts any non-empty CI as CI', () => {
    for (const value of ['true', '1', 'yes', 'false', 'buildkite']) expect(inCi({ CI: value })).toBe(true);
    expect(inCi({ CI: '' })).toBe(false);
    expect(inCi({})).toBe(false);
  });

  it('a service suite fails in CI when PostgreSQL is not there, and skips outside CI', async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    const call = `requireServices('postgres', 'gated suite')`;
    for (const ci of ['true', '1']) {
      const r = runGate('api/test/support/services.ts', call, { CI: ci, TEST_POSTGRES_URL: url });
      expect(r.status, r.out).not.toBe(0);
      expect(r.out).toContain('[gated suite] needs postgres in CI');
    }
    const local = runGate('api/test/support/services.ts', call, { TEST_POSTGRES_URL: url });
    expect(local.status, local.out).toBe(0);
    expect(local.out).toContain('"ok":false');
  });

  it('the browser suites fail in CI when Chromium is not there, and skip outside CI', () => {
    const env = { CHROMIUM_PATH: '/nonexistent/chromium' };
    for (const ci of ['true', '1']) {
      const r = runGate('web/test/e2e/support.ts', 'chromiumAvailable()', { ...env, CI: ci });
      expect(r.status, r.out).not.toBe(0);
      expect(r.out).toContain('CI must not skip the e2e suite');
    }
    const local = runGate('web/test/e2e/support.ts', 'chromiumAvailable()', env);
    expect(local.status, local.out).toBe(0);
    expect(local.stdout.trim()).toBe('false');
  });
});
