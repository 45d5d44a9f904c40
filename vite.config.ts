import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';
import { facesFor, parseFontFaces } from './main/offline-font.js';

/**
 * The terminals: one multi-page Vite build, served by the hall server from dist/renderer.
 * Every `renderer/*.html` is a page (index, kiosk, clerk, display, eval, admin, ticket).
 */
const rendererDir = resolve(import.meta.dirname, 'renderer');
// YICHUANG_PAGES=kiosk,clerk builds only those pages (the e2e tests build the pages they drive).
const only = process.env.YICHUANG_PAGES?.split(',').map((p) => p.trim()).filter(Boolean);
const pages = readdirSync(rendererDir).filter((f) => f.endsWith('.html') && (!only || only.includes(f.replace(/\.html$/, ''))));

/**
 * Noto Sans SC's stylesheets (renderer/shared/type-faces.ts): every browser a terminal runs supports
 * woff2, so the .woff fallback beside each .woff2 goes (half the bytes shipped). And `font-display:
 * block` instead of fontsource's `swap`: text whose chunk is still on its way is invisible for the
 * moment it takes on the LAN, where `swap` would show it in the system's fallback (empty boxes on a
 * machine without a Chinese font) and then jump to the hall's type.
 */
function fontFaces(): Plugin {
  return {
    name: 'yichuang-font-faces',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      const out = code.replace(/,\s*url\([^)]*\.woff\)\s*format\(['"]woff['"]\)/g, '').replace(/font-display:\s*swap/g, 'font-display: block');
      return { code: out, map: null };
    },
  };
}

const hex = (n: number) => n.toString(16);

/**
 * The first frame of every page (renderer/shared/styles/first-frame.css): its CSS inlined into the
 * head, and for the text of the element marked `data-first-frame`, @font-face rules for just the bold
 * chunks of the hall's type that hold its glyphs, each preloaded, so the frame draws as soon as the HTML
 * and those few chunks (tens of KB) are in: before the script, the app's CSS or the face list.
 */
function firstFrame(): Plugin {
  // Comments stay in the source file; the page gets the rules.
  const css = readFileSync(resolve(rendererDir, 'shared/styles/first-frame.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n{2,}/g, '\n').trim();
  const faces = parseFontFaces(readFileSync(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/700.css'), 'utf8'));
  return {
    name: 'yichuang-first-frame',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const frame = /<(\w+)[^>]*\bdata-first-frame\b[^>]*>([\s\S]*?)<\/\1>/.exec(html);
        if (!frame) return html;
        const links: string[] = [];
        let rules = '';
        // In `vite build` only: the dev server has no hashed font files (there the frame waits for the face list).
        if (ctx.bundle) {
          const text = [...new Set((frame[2] ?? '').replace(/<[^>]*>/g, '').replace(/\s/g, ''))].join('');
          for (const face of facesFor(faces, text)) {
            const stem = basename(face.file, '.woff2');
            const asset = Object.keys(ctx.bundle).find((f) => f.startsWith(`assets/${stem}-`) && f.endsWith('.woff2'));
            if (!asset) throw new Error(`first frame of ${ctx.filename}: ${stem}.woff2 is not in the build`);
            const href = `/${asset}`;
            // Only the frame's own characters: the rule stays short, and nothing else is drawn in this family.
            const range = [...text]
              .map((c) => c.codePointAt(0) ?? 0)
              .filter((p) => face.ranges.some(([lo, hi]) => p >= lo && p <= hi))
              .map((p) => `U+${hex(p)}`)
              .join(',');
            rules += `@font-face{font-family:'Yichuang First Frame';font-weight:700;font-display:block;src:url(${href}) format('woff2');unicode-range:${range}}\n`;
            links.push(`<link rel="preload" as="font" type="font/woff2" crossorigin href="${href}">`);
          }
        }
        // The face list is fetched beside the scripts rather than after them (renderer/shared/fonts.ts applies it).
        const faceList = ctx.bundle && Object.keys(ctx.bundle).find((f) => /^assets\/type-faces-[\w-]+\.css$/.test(f));
        if (faceList) links.push(`<link rel="preload" as="style" crossorigin href="/${faceList}">`);
        // Right after the charset (which must come first), ahead of the scripts and stylesheets.
        const head = [`<style>\n${rules}${css}</style>`, ...links].join('\n    ');
        return (
          html
            .replace(/(<meta charset[^>]*>)/i, `$1\n    ${head}`)
            // The app's stylesheets must not hold back the first frame: fetched at once, applied by the
            // script before the app mounts (renderer/shared/fonts.ts).
            .replace(/<link rel="stylesheet"( crossorigin)? href="([^"]+\.css)">/g, '<link rel="preload" as="style"$1 href="$2" data-app-style>')
        );
      },
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
  plugins: [vue(), fontFaces(), firstFrame(), precompress()],
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
