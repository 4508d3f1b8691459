#!/usr/bin/env node
/**
 * Run one of the API's command-line entry points: `node scripts/api.mjs <entry> [args…]`.
 * With NODE_ENV=production the compiled api/dist/<entry>.js (from `npm run build`), else
 * api/src/<entry>.ts through tsx. Exit code and signals pass through.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry || !/^\w+$/.test(entry)) {
  console.error('usage: node scripts/api.mjs <entry> [args…]');
  process.exit(64);
}
const compiled = join(root, 'api', 'dist', `${entry}.js`);
let command;
if (process.env.NODE_ENV === 'production') {
  if (!existsSync(compiled)) {
    console.error(`[api] NODE_ENV=production runs the compiled ${entry}, but api/dist/${entry}.js is missing: run \`npm run build\` first`);
    process.exit(78);
  }
  command = [compiled, ...args];
} else {
  command = [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'api', 'src', `${entry}.ts`), ...args];
}
const child = spawn(process.execPath, command, { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
