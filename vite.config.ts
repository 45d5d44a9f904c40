import { readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

/**
 * The terminals: one multi-page Vite build, served by the hall server from dist/renderer.
 * Every `renderer/*.html` is a page (index, kiosk, clerk, display, eval, admin, ticket).
 */
const rendererDir = resolve(import.meta.dirname, 'renderer');
// YICHUANG_PAGES=kiosk,clerk builds only those pages (the e2e tests build the pages they drive).
const only = process.env.YICHUANG_PAGES?.split(',').map((p) => p.trim()).filter(Boolean);
const pages = readdirSync(rendererDir).filter((f) => f.endsWith('.html') && (!only || only.includes(f.replace(/\.html$/, ''))));

/**
 * Noto Sans SC's stylesheets name a .woff beside each .woff2; every browser a terminal runs supports
 * woff2, so drop the fallback and ship half the bytes.
 */
function woff2Only(): Plugin {
  return {
    name: 'yichuang-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\(['"]woff['"]\)/g, ''), map: null };
    },
  };
}

/**
 * A brotli (`.br`) and a gzip (`.gz`) copy beside every text file of the build, made once here at the
 * highest levels, so the hall server sends compressed bytes without compressing per request
 * (server/http/static-files.ts). Fonts (woff2) and audio are compressed already and are left alone.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'yichuang-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      for (const [fileName, out] of Object.entries(bundle)) {
        if (!/\.(?:js|css|html|svg|json)$/.test(fileName)) continue;
        const bytes = Buffer.from(out.type === 'chunk' ? out.code : out.source);
        if (bytes.length < 512) continue;
        const br = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
        const gz = gzipSync(bytes, { level: 9 });
        const file = resolve(outDir, fileName);
        writeFileSync(`${file}.br`, br);
        writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

export default defineConfig({
  root: rendererDir,
  base: '/',
  plugins: [vue(), woff2Only(), precompress()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    // One chunk per page is fine on a LAN (budget: 150 KB gzip of JavaScript per terminal, npm run bench).
    chunkSizeWarningLimit: 1500,
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
