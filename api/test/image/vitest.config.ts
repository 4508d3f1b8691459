import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:image`: the app image and the compose stack, built and run on a Docker engine.
 * Separate from `npm test` (a build takes minutes and the box's two cores); `.ci/run` runs both.
 */
export default defineConfig({
  test: {
    name: 'image',
    root: resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..'),
    include: ['api/test/image/**/*.test.ts'],
    globalSetup: ['api/test/image/globalSetup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
