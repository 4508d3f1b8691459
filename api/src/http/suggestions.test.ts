import { buildSchema, coerceInputValue, parse, validate, type GraphQLInputType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { stripSuggestion } from './suggestions.js';

const schema = buildSchema(`
  enum Status { PAUSED PLAYING PROPOSED }
  input Vote { proposalId: ID! value: Int! }
  type Query { scene(sceneId: ID, sceneIds: [ID], sceneIdx: ID): String status(s: Status): String one: String onf: String ont: String }
`);

/** graphql-js's own messages for a document, without hideSuggestions. */
const errors = (query: string) => validate(schema, parse(query)).map((e) => e.message);

describe('stripSuggestion', () => {
  it('removes graphql-js suggestions of one, two and many names, and of enum values', () => {
    const messages = [
      ...errors('{ on }'),
      ...errors('{ scene(sceneI: "x") }'),
      ...errors('{ status(s: PROPOSD) }'),
      ...errors('query($v: Stat) { one }'),
    ];
    coerceInputValue({ proposalI: 'p', value: 1 }, schema.getType('Vote') as GraphQLInputType, (_path, _value, error) =>
      messages.push(error.message),
    );
    expect(messages.join('\n')).toMatch(/Did you mean "one", "onf", or "ont"\?/);
    expect(messages.join('\n')).toMatch(/Did you mean the enum value "PROPOSED"\?/);
    const stripped = messages.map(stripSuggestion);
    expect(stripped.join('\n')).not.toMatch(/did you mean/i);
    expect(stripped).toContain('Cannot query field "on" on type "Query".');
    expect(stripped).toContain('Value "PROPOSD" does not exist in "Status" enum.');
  });

  it('leaves other messages alone', () => {
    for (const m of ['Unknown type "Stat".', 'Did you mean nothing in particular', 'Field "x" is required.'])
      expect(stripSuggestion(m)).toBe(m);
  });
});
