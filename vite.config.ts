import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/** The terminals: one multi-page Vite build, served by the hall server from dist/renderer. */
const pages = ['index', 'kiosk', 'clerk', 'display', 'eval', 'admin', 'ticket'] as const;

export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: '/',
  plugins: [vue()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    rollupOptions: {
      input: Object.fromEntries(pages.map((p) => [p, resolve(import.meta.dirname, `renderer/${p}.html`)])),
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
