import { describe, expect, it } from 'vitest';
import { boundedJson } from './cacheKey.js';

describe('boundedJson', () => {
  it('writes plain JSON values as JSON.stringify does', () => {
    const value = { a: 1, b: 'x"y', c: [true, null, { d: 2.5 }], e: undefined };
    expect(boundedJson(value)).toBe(JSON.stringify(value));
  });

  it('gives up past the depth bound without walking further (no stack overflow at 100,000 levels)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(boundedJson({ deep })).toBeNull();
    expect(boundedJson([[[[[1]]]]], 100, 4)).toBeNull();
    expect(boundedJson([[[[1]]]], 100, 4)).toBe('[[[[1]]]]');
  });

  it('gives up past the length bound, and on values JSON would change', () => {
    expect(boundedJson({ s: 'x'.repeat(50) }, 40)).toBeNull();
    expect(
      boundedJson(
        Array.from({ length: 100_000 }, () => 0),
        100,
      ),
    ).toBeNull();
    expect(boundedJson({ n: Number.NaN })).toBeNull();
    expect(boundedJson({ d: new Date(0) })).toBeNull();
    expect(boundedJson({ b: 1n })).toBeNull();
  });
});
