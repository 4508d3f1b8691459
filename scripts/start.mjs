#!/usr/bin/env node
/**
 * `npm start`.
 * - NODE_ENV=production: run the compiled API (api/dist/main.js, made by `npm run build`) in
 *   this very process: no tsx, no loader, no build at start. A missing build is an error.
 * - otherwise: build the web app when its build is missing or older than its sources, then run
 *   the API from its TypeScript sources with tsx. Signals pass through to the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');
const serveWeb = !/^(false|0|no)$/i.test(process.env.SERVE_WEB ?? 'true');
const roles = process.env.ROLES ?? 'api,worker';

if (process.env.NODE_ENV === 'production') {
  const main = join(root, 'api', 'dist', 'main.js');
  if (!existsSync(main)) {
    console.error('[start] NODE_ENV=production runs the compiled API, but api/dist/main.js is missing: run `npm run build` first');
    process.exit(78);
  }
  if (serveWeb && roles.includes('api') && !existsSync(built)) {
    console.error('[start] web/dist is missing: run `npm run build` (or set SERVE_WEB=false to serve the API only)');
    process.exit(78);
  }
  await import(pathToFileURL(main).href);
} else {
  buildWebIfStale();
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, join(root, 'api', 'src', 'main.ts')], { stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

function buildWebIfStale() {
  if (!serveWeb || !roles.includes('api') || !existsSync(join(web, 'package.json'))) return;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'].map((p) => newest(join(web, p)));
  const stale = !existsSync(built) || Math.max(...sources, newest(join(root, 'schema.graphql'))) > statSync(built).mtimeMs;
  if (!stale) return;
  console.log('[start] building the web app…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: web, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[start] web build failed; serving the API only');
    process.env.SERVE_WEB = 'false';
  }
}
