import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The image installs the API's production dependencies (`npm ci --omit=dev -w @pixeltales/api`)
 * and runs them on Node 20: each must declare support for it. @graphql-tools/utils 12.0.3+ and
 * @graphql-tools/executor 2.0.3+ pull in @whatwg-node/promise-helpers 2 and
 * @whatwg-node/disposablestack 0.1, which declare Node >= 22.15; package.json's `overrides`
 * hold graphql-yoga's graphql-tools at the last releases without them (executor 2.0.1,
 * schema 10.1.1, merge 9.2.4, utils 12.0.1). Dev-only packages (codegen, lint) are not shipped.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const NODE_VERSIONS = ['20.19.0', '20.20.2'];

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = '0', b = '0', c = '0'] = v.replace(/^v/, '').split('.');
  return [a, b, c].map((p) => (/^[x*]$/i.test(p) ? 0 : Number.parseInt(p, 10))) as Version;
};
const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** One comparator of an npm range (`>=20.19`, `^20.9.0`, `~1.2`, `20`, `20.x`). */
function meets(comparator: string, v: Version): boolean {
  const m = /^(>=|<=|>|<|=|\^|~)?v?([\dx*]+(?:\.[\dx*]+){0,2})$/i.exec(comparator);
  if (!m) throw new Error(`unsupported range part "${comparator}"`);
  const target = parse(m[2]!);
  const c = compare(v, target);
  switch (m[1]) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '^':
      return c >= 0 && v[0] === target[0];
    case '~':
      return c >= 0 && v[0] === target[0] && v[1] === target[1];
    default:
      return m[2]!.split('.').every((p, i) => /^[x*]$/i.test(p) || Number(p) === v[i]);
  }
}

/** Whether `version` satisfies an engines range: alternatives (`||`) of space-separated comparators. */
export function satisfies(range: string, version: string): boolean {
  const v = parse(version);
  return range.split('||').some((alternative) => {
    const parts = alternative
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return parts.every((p) => p === '*' || meets(p, v));
  });
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: { node?: string } | string[];
}

describe('packages the image runs', () => {
  it('reads npm ranges as npm does', () => {
    expect(satisfies('>=22.15.0', '20.19.0')).toBe(false);
    expect(satisfies('^20.19.0 || ^22.13.0 || >=24', '20.19.0')).toBe(true);
    expect(satisfies('20 || >=22', '20.20.2')).toBe(true);
    expect(satisfies('>= 12', '20.20.2')).toBe(true);
    expect(satisfies('^18.18.0 || ^20.9.0 || >=21.1.0', '20.19.0')).toBe(true);
    expect(satisfies('>=23.5.0 || ^22.13.0 || ^20.17.0', '20.19.0')).toBe(true);
    expect(satisfies('^22', '20.19.0')).toBe(false);
  });

  it('all declare support for Node 20 (the production dependencies in package-lock.json)', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    const unsupported = Object.entries(lock.packages)
      .filter(([path, p]) => path.includes('node_modules/') && !p.dev)
      .flatMap(([path, p]) => {
        const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
        if (!range) return [];
        return NODE_VERSIONS.filter((v) => !satisfies(range, v)).map((v) => `${path}@${p.version} wants node ${range}, not ${v}`);
      });
    expect(unsupported).toEqual([]);
  });
});
