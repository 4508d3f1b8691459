import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MeDocument } from './generated/graphql';
import { persistedQueryExtension } from './client';

const manifest = JSON.parse(readFileSync(new URL('./generated/persisted-documents.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;

describe('persistedQueryExtension', () => {
  it("sends a generated document's hash, which names that document in the committed manifest", () => {
    const extension = persistedQueryExtension(MeDocument);
    expect(extension?.persistedQuery.version).toBe(1);
    const text = manifest[`sha256:${extension?.persistedQuery.sha256Hash}`];
    expect(text).toMatch(/^query Me\b/);
  });

  it('sends nothing for a document without a codegen hash, or with a malformed one', () => {
    expect(persistedQueryExtension({ kind: 'Document', definitions: [] })).toBeNull();
    expect(persistedQueryExtension({ __meta__: { hash: 'sha1:abc' } })).toBeNull();
    expect(persistedQueryExtension(null)).toBeNull();
  });
});
