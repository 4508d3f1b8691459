#!/usr/bin/env node
/**
 * Part of `npm run build -w api`: tsc compiles the TypeScript, this copies the files the
 * compiled code reads beside it (the Redis scripts, `*.lua`), from src/ to dist/ at the same paths.
 */
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const api = join(dirname(fileURLToPath(import.meta.url)), '..', 'api');
const src = join(api, 'src');
const dist = join(api, 'dist');
const ASSETS = /\.lua$/;

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !ASSETS.test(entry.name)) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(dist, relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
  copied++;
}
console.log(`[build] copied ${copied} asset file(s) into dist/`);
