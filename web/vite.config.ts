import { svelte } from '@sveltejs/vite-plugin-svelte';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * Write `.br` and `.gz` twins of the built JS/CSS/HTML: the API's static handler sends them
 * when the browser accepts them, so a viewer downloads the compressed bytes (no new package).
 */
function precompress(): Plugin {
  return {
    name: 'pixeltales-precompress',
    apply: 'build',
    // After Vite's own passes: before them, chunks still hold the dynamic-import preload
    // placeholder (`__VITE_PRELOAD__`) and the compressed twins would ship it.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (!/\.(js|css|html|svg)$/.test(file.fileName)) continue;
          const source = file.type === 'chunk' ? file.code : file.source;
          const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
          if (bytes.length < 1024) continue;
          const br = brotliCompressSync(bytes, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
          });
          this.emitFile({
            type: 'asset',
            fileName: `${file.fileName}.br`,
            source: br,
          });
          this.emitFile({
            type: 'asset',
            fileName: `${file.fileName}.gz`,
            source: gzipSync(bytes, { level: 9 }),
          });
        }
      },
    },
  };
}

export default defineConfig({
  plugins: [svelte(), precompress()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } },
  },
});
