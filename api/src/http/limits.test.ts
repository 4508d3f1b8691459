import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useQueryLimits } from './limits.js';

const LIMITS = { depth: 10, aliases: 10, tokens: 20, directives: 5, cost: 1000, documentChars: 10_000 };

/** The parse function the plugin installs over graphql's own `parse`. */
function limitedParse(): (source: string) => DocumentNode {
  let installed: ((source: string) => DocumentNode) | null = null;
  const onParse = useQueryLimits(LIMITS).onParse as (payload: unknown) => void;
  onParse({ parseFn: parse, setParseFn: (fn: (source: string) => DocumentNode) => (installed = fn) });
  return installed!;
}

/** A selection of `n` fields: `{` + n names + `}` is n + 2 tokens. */
const fields = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `f${i}`).join(' ')} }`;

describe('the token limit', () => {
  const limited = limitedParse();

  it('takes a document of exactly the limit and refuses one token more with BAD_INPUT and extensions.limit', () => {
    expect(limited(fields(18)).definitions).toHaveLength(1);
    let error: unknown;
    try {
      limited(fields(19));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_INPUT', limit: 'tokens', max: 20 });
    expect((error as GraphQLError).message).toBe('Token limit of 20 exceeded.');
  });

  it('does not count comments', () => {
    expect(limited(`# ${'word '.repeat(50)}\n${fields(18)}\n# more`).definitions).toHaveLength(1);
  });

  it('leaves syntax errors to the parser', () => {
    expect(() => limited('{ a ')).toThrow(/Syntax Error: Expected Name, found <EOF>/);
  });
});
