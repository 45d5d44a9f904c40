import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../e2e/helpers/chromium';
import { send, startTestHall, TOKENS } from '../test/helpers/hall';
import { runAlone } from './run-alone';
import { nearestRank, round } from './stats';

/**
 * The terminals as a browser gets them: each page's JavaScript and CSS in gzip bytes (what it loads
 * before the app can show: the entry and its static imports), and for every terminal in Chromium with a
 * cold cache (a fresh browser for every load), served by a real hall server on loopback: the first
 * contentful paint (the page's first frame, drawn from its HTML) and when the app itself is shown (its
 * text with its glyphs: renderer/shared/fonts.ts). `npx tsx bench/pages.ts` prints the figures;
 * `npm run bench` calls `runPagesBench()`.
 */

/** Budgets (docs/benchmarks.md): JavaScript per terminal, and first contentful paint. */
export const JS_BUDGET_GZIP_BYTES = 150 * 1024;
export const FCP_BUDGET_MS = 500;
const PAGES = ['kiosk', 'display', 'clerk', 'eval', 'admin', 'ticket'] as const;
const LOADS = Number(process.env.BENCH_FCP_LOADS ?? 7);
const ROOT = path.resolve(import.meta.dirname, '..');

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const gzipBytes = (file: string) => gzipSync(readFileSync(file)).length;

/** Gzip bytes of a page's entry and everything it imports statically, and of the CSS they bring. */
export function pageWeight(outDir: string, manifest: Record<string, ManifestChunk>, entry: string): { jsGzipBytes: number; cssGzipBytes: number; lazyJsGzipBytes: number } {
  const js = new Set<string>();
  const css = new Set<string>();
  const lazy = new Set<string>();
  const visit = (key: string, into: Set<string>) => {
    const chunk = manifest[key];
    if (!chunk || js.has(chunk.file) || into.has(chunk.file)) return;
    into.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i, into);
    for (const d of chunk.dynamicImports ?? []) visit(d, lazy);
  };
  visit(entry, js);
  for (const f of js) lazy.delete(f);
  const sum = (files: Set<string>) => [...files].reduce((n, f) => n + gzipBytes(path.join(outDir, f)), 0);
  return { jsGzipBytes: sum(js), cssGzipBytes: sum(css), lazyJsGzipBytes: sum(lazy) };
}

function percentile(xs: number[], p: number): number {
  return round(nearestRank(xs, p / 100), 0);
}

/** When the app replaced the first frame (`type-ready` on the root), in the page's own clock; run before the document has a root. */
const WATCH_REVEAL = `new MutationObserver((_, o) => {
  if (!document.documentElement?.classList.contains('type-ready')) return;
  window.__appShownAt = performance.now();
  o.disconnect();
}).observe(document, { attributes: true, attributeFilter: ['class'], subtree: true });`;

/** First contentful paint of `url` and when its app was shown, in a browser started for this one load (nothing cached). */
async function coldLoad(url: string, viewport: { width: number; height: number }): Promise<{ fcp: number; shown: number }> {
  const binary = await findChromium();
  const browser = await chromium.launch({ executablePath: binary.executablePath, env: { ...process.env, ...binary.env }, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.addInitScript(WATCH_REVEAL);
    await page.goto(url, { waitUntil: 'load' });
    const [fcp, shown] = (await page.evaluate(`Promise.all([
      new Promise((resolve) => {
        const found = () => performance.getEntriesByName('first-contentful-paint')[0];
        if (found()) return resolve(found().startTime);
        new PerformanceObserver(() => found() && resolve(found().startTime)).observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(-1), 10000);
      }),
      new Promise((resolve) => {
        const t0 = Date.now();
        const poll = () => (window.__appShownAt !== undefined ? resolve(window.__appShownAt) : Date.now() - t0 > 10000 ? resolve(-1) : setTimeout(poll, 20));
        poll();
      }),
    ])`)) as [number, number];
    if (fcp < 0) throw new Error(`no first contentful paint within 10 s at ${url}`);
    if (shown < 0) throw new Error(`the app was not shown within 10 s at ${url}`);
    return { fcp, shown };
  } finally {
    await browser.close();
  }
}

export async function runPagesBench(): Promise<Record<string, number | string>> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'yichuang-bench-pages-'));
  const out: Record<string, number | string> = {};
  try {
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, manifest: true, rolldownOptions: { checks: { pluginTimings: false } } },
    });
    const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    out.jsBudgetGzipBytes = JS_BUDGET_GZIP_BYTES;
    // The typeface's @font-face list, shared by every page and loaded after the first frame (renderer/shared/type-faces.ts).
    const faceList = manifest['shared/type-faces.ts'];
    if (!faceList) throw new Error('the build has no face list (renderer/shared/type-faces.ts)');
    out.typeFacesCssGzipBytes = gzipBytes(path.join(outDir, faceList.file));
    for (const page of PAGES) {
      const w = pageWeight(outDir, manifest, `${page}.html`);
      out[`${page}JsGzipBytes`] = w.jsGzipBytes;
      out[`${page}CssGzipBytes`] = w.cssGzipBytes;
      if (w.lazyJsGzipBytes > 0) out[`${page}LazyJsGzipBytes`] = w.lazyJsGzipBytes;
    }

    const hall = await startTestHall({ webDir: outDir });
    try {
      out.chromium = (await findChromium()).source;
      out.fcpBudgetMs = FCP_BUDGET_MS;
      out.fcpLoads = LOADS;
      // A ticket for the status page (the address its QR code holds).
      const { socket } = await hall.terminal(TOKENS.kiosk);
      const take = (await send(socket, 'ticket:take', { serviceIds: ['svc-id-card'] })) as { ok: boolean; ticket?: { id: string } };
      if (!take.ok || !take.ticket) throw new Error('the bench could not take a ticket for the status page');
      socket.close();
      const base = hall.server.url;
      // Each terminal on the screen it is sold with (e2e/screen-sizes.test.ts); the clerk and the
      // manager on the sign-in screen a cold start shows.
      const targets = [
        ['display', `${base}/display?token=${TOKENS.display}`, { width: 1920, height: 1080 }],
        ['kiosk', `${base}/kiosk?token=${TOKENS.kiosk}`, { width: 1080, height: 1920 }],
        ['clerk', `${base}/clerk`, { width: 1366, height: 768 }],
        ['eval', `${base}/eval?token=${TOKENS.evalW01}`, { width: 1280, height: 800 }],
        ['admin', `${base}/admin`, { width: 1920, height: 1080 }],
        ['ticket', `${base}/t/${take.ticket.id}`, { width: 390, height: 844 }],
      ] as const;
      for (const [name, url, viewport] of targets) {
        const fcp: number[] = [];
        const shown: number[] = [];
        for (let i = 0; i < LOADS; i++) {
          const load = await coldLoad(url, viewport);
          fcp.push(load.fcp);
          shown.push(load.shown);
        }
        out[`${name}FcpP50Ms`] = percentile(fcp, 50);
        out[`${name}FcpMaxMs`] = percentile(fcp, 100);
        out[`${name}AppShownP50Ms`] = percentile(shown, 50);
      }
    } finally {
      await hall.stop();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return out;
}

runAlone(import.meta.url, runPagesBench);
