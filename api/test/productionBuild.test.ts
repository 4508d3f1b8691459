import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The production path: `npm run build -w api` compiles to api/dist, and `npm start` with
 * NODE_ENV=production runs that JavaScript in its own process (no tsx child, no loader).
 * The web app's test hook is in test builds only.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');
const tmp = mkdtempSync(join(tmpdir(), 'pixeltales-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** Child pids of a process, from /proc (empty when it has none). */
function childrenOf(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/) : [];
}

/** Build the web app in a Vite mode into a scratch directory; the JavaScript it emitted. */
function buildWeb(mode: 'production' | 'test'): string {
  const out = join(tmp, `web-${mode}`);
  const r = spawnSync(process.execPath, [VITE, 'build', '--mode', mode, '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: join(ROOT, 'web'),
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const assets = join(out, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n');
}

describe('production build', () => {
  it('ships without the TypeScript tooling: no production dependency is or brings tsx, esbuild, typescript or vitest', () => {
    // What `npm prune --omit=dev` (the Dockerfile) and `npm ci --omit=dev` keep.
    const r = spawnSync('npm', ['ls', 'tsx', 'esbuild', 'typescript', 'vitest', '--omit=dev', '--all', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const tree = JSON.parse(r.stdout) as { dependencies?: Record<string, unknown> };
    expect(tree.dependencies ?? {}, JSON.stringify(tree)).toEqual({});
    const api = JSON.parse(readFileSync(join(ROOT, 'api/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(api.dependencies)).not.toContain('tsx');
  });

  it('npm start with NODE_ENV=production runs api/dist in one process and serves GraphQL', { timeout: 180_000 }, async () => {
    const build = spawnSync('npm', ['run', 'build', '-w', 'api'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(existsSync(join(ROOT, 'api/dist/main.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'api/dist/config.test.js'))).toBe(false);
    // The Redis scripts the compiled adapters read at load (adapters/rateLimit/lua.ts) are copied beside them.
    const lua = readdirSync(join(ROOT, 'api/src/adapters/rateLimit/lua')).filter((f) => f.endsWith('.lua'));
    expect(lua.length).toBeGreaterThan(0);
    for (const f of lua) expect(existsSync(join(ROOT, 'api/dist/adapters/rateLimit/lua', f)), f).toBe(true);

    const port = await freePort();
    const log: string[] = [];
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        VIEWER_SECRET: 'viewer-secret-for-production-tests-0123',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(tmp, 'prod.db')}`,
        SERVE_WEB: 'false',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => log.push(String(d)));
    child.stderr.on('data', (d) => log.push(String(d)));
    try {
      const deadline = Date.now() + 60_000;
      while (
        !(await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${log.join('')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ scenes { slug } }' }),
      });
      expect(((await res.json()) as { data: { scenes: unknown[] } }).data.scenes.length).toBeGreaterThan(0);
      // The server is this very process: no tsx child, no loader flags.
      expect(childrenOf(child.pid!)).toEqual([]);
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      expect(cmdline).not.toMatch(/tsx|--import|--loader/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('NODE_ENV=production without a build says to run npm run build', () => {
    // A copy of the start script beside an empty api/: nothing compiled there.
    const fake = join(tmp, 'nobuild');
    spawnSync('mkdir', ['-p', join(fake, 'scripts'), join(fake, 'api')]);
    spawnSync('cp', [join(ROOT, 'scripts/start.mjs'), join(fake, 'scripts/start.mjs')]);
    const r = spawnSync(process.execPath, [join(fake, 'scripts/start.mjs')], {
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/npm run build/);
  });

  it('the web test hook is in test builds and not in production builds', { timeout: 120_000 }, () => {
    // The hook assigns window.__pixeltales; production code only ever reads it (optional chaining).
    const assigns = /__pixeltales\s*=(?!=)/;
    expect(buildWeb('test')).toMatch(assigns);
    expect(buildWeb('production')).not.toMatch(assigns);
  });
});
