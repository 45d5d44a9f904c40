import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The terminals: one multi-page Vite build, served by the hall server from dist/renderer.
 * Every `renderer/*.html` is a page (index, kiosk, clerk, display, eval, admin, ticket).
 */
const rendererDir = resolve(import.meta.dirname, 'renderer');
const pages = readdirSync(rendererDir).filter((f) => f.endsWith('.html'));

export default defineConfig({
  root: rendererDir,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    rollupOptions: {
      input: Object.fromEntries(pages.map((f) => [f.replace(/\.html$/, ''), resolve(rendererDir, f)])),
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
