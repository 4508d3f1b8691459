// ESLint for the whole repository (`npm run lint`). Type-aware: typescript-eslint reads the
// api and web tsconfigs through the project service, so rules such as no-floating-promises
// see real types. Import boundaries are dependency-cruiser's job (.dependency-cruiser.cjs);
// formatting is Prettier's (eslint-config-prettier is not needed: no stylistic rules are on).
import js from '@eslint/js';
import { defineConfig, globalIgnores, includeIgnoreFile } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import svelteConfig from './web/svelte.config.js';

export default defineConfig(
  // What git ignores (builds, results, data), plus what tools write and humans never edit.
  includeIgnoreFile(fileURLToPath(new URL('.gitignore', import.meta.url))),
  globalIgnores(['**/dist-*/', 'web/src/lib/graphql/generated/', 'api/src/adapters/db/migrations/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  svelte.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          // bench/ is in api/tsconfig.json's program but has no tsconfig of its own to be found by; api/scripts
          // is outside it. Both are linted with the api's compiler options.
          allowDefaultProject: ['bench/*.ts', 'api/scripts/*.ts'],
          defaultProject: 'api/tsconfig.json',
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 40,
        },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks an argument or binding kept for its position (a callback's signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Type-only imports say so: a reader sees which imports vanish at run time.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Off: in-memory adapters and fakes implement async ports with `async` methods that need no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read GraphQL responses as untyped JSON and assert on their shape; typing every response
    // would restate schema.graphql in each test. Source code stays strict.
    files: ['**/*.test.ts', 'api/test/**', 'web/test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The browser app: DOM globals, and Svelte files parsed with TypeScript inside.
    files: ['web/**/*.ts', 'web/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
  },
  {
    // ESLint's TypeScript program types an imported component's props as any (it has no svelte2tsx),
    // so callbacks passed to components look unsafe here; svelte-check (npm run typecheck) types them.
    files: ['**/*.svelte'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Resolvers reach data through services (see .dependency-cruiser.cjs): no ORM from the context either.
    files: ['api/src/graphql/schema/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='orm']",
          message: 'Resolvers read and write through services (services/*), not the ORM.',
        },
      ],
    },
  },
  {
    // Configuration files outside both tsconfigs: plain JavaScript/TypeScript rules, no type information.
    files: ['*.js', '*.cjs', '*.mjs', '*.ts', 'scripts/**', 'web/svelte.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
