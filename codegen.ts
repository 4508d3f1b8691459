import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the web client, generated from the committed API contract. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/**/*.ts', '!web/src/lib/graphql/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/lib/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Timestamp: 'number' },
        avoidOptionals: false,
      },
    },
  },
};

export default config;
