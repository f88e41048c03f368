import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './precompress';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Web app build. Run from the repository root:
 *   npx vite build --config web/vite.config.ts   (output: web/dist, served by the API server at /)
 *   npx vite --config web/vite.config.ts         (dev server; /api is proxied to the API on :3000)
 * Builds write .br/.gz copies of the assets (precompress.ts). Source maps only with PASSAGE_WEB_SOURCEMAP=on:
 * they double the output and show the source to anyone, so a production build leaves them out.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), precompress()],
  resolve: {
    // The server's contract (src/contract): types only (erased), plus the shared constants as values.
    alias: {
      '@passage/contract/constants': fileURLToPath(new URL('../src/contract/constants.ts', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: ['1', 'on', 'true', 'yes'].includes(process.env.PASSAGE_WEB_SOURCEMAP ?? ''),
    // MapLibre GL is ~1 MB minified; it sits in its own lazily loaded chunk, so the limit is raised for it.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: process.env.PASSAGE_API_URL ?? 'http://localhost:3000', changeOrigin: false },
    },
  },
});
