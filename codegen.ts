import type { CodegenConfig } from '@graphql-codegen/cli';

const clientConfig = {
  useTypeImports: true,
  enumsAsTypes: true,
  scalars: { Timestamp: 'number' },
  avoidOptionals: false,
};

/**
 * `persistedDocuments`: each target also writes `persisted-documents.json` (sha256 hash -> document),
 * and every generated document carries its hash (`__meta__.hash`), which the web client sends as
 * `extensions.persistedQuery`. The API trusts exactly these documents (TRUSTED_DOCUMENTS_ONLY).
 */
const presetConfig = { fragmentMasking: false, persistedDocuments: true };

/**
 * Typed documents for the web client, generated from the committed API contract. The stats
 * page (a lazily loaded chunk) has a target of its own: the client preset's document map keeps
 * every operation of its target, so the viewer's bundle would otherwise carry the page's queries.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'web/src/lib/graphql/generated/': {
      documents: ['web/src/**/*.ts', '!web/src/lib/graphql/generated/**', '!web/src/lib/graphql/stats.ts'],
      preset: 'client',
      presetConfig,
      config: clientConfig,
    },
    'web/src/lib/graphql/generated/stats/': {
      documents: ['web/src/lib/graphql/stats.ts'],
      preset: 'client',
      presetConfig,
      config: clientConfig,
    },
  },
};

export default config;
