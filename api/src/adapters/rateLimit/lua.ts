import { readFileSync } from 'node:fs';

/**
 * A Redis script of `lua/` (one script, one file, named for what it does), read when the
 * module that runs it loads, so a missing file stops the process at start, not at its first
 * use. `npm run build` copies `lua/` beside the compiled code (scripts/copyApiAssets.mjs).
 */
export function luaScript(name: string): string {
  return readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');
}
