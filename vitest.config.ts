import { createRequire } from 'node:module';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  test: {
    projects: [
      {
        // Node loads `graphql` through its CommonJS main; Vite would pick the ESM build for
        // our sources, giving two GraphQLError classes. Point both at the same file.
        resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
        test: {
          name: 'api',
          include: ['api/src/**/*.test.ts', 'api/test/**/*.test.ts'],
          // The Docker image and compose stack: `npm run test:image` (api/test/image/vitest.config.ts).
          exclude: ['api/test/image/**', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // Stores are Svelte 5 rune modules (*.svelte.ts): compile them like the app does.
        plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
        test: {
          name: 'web',
          root: 'web',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'web',
          include: ['test/e2e/**/*.test.ts'],
          // Fails any test during which a page reported a Content-Security-Policy violation.
          setupFiles: ['test/e2e/cspGuard.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
