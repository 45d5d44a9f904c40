import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from '../../test/helpers/hall';

/** Where the e2e tests build the terminals (git-ignored), apart from `dist/` which `npm start` uses. */
export const WEB_DIR = path.join(ROOT, 'test-artifacts/e2e-web');
export const SHOTS_DIR = path.join(ROOT, 'test-artifacts/e2e');

let built: Promise<string> | null = null;

/** The pages these tests drive (the admin console has its own e2e tests and build). */
export const TERMINAL_PAGES = ['index', 'kiosk', 'clerk', 'display', 'eval', 'ticket'];

/** Builds these pages (names of `renderer/*.html`) with the project's Vite config into `outDir`. */
async function buildInto(outDir: string, pages: readonly string[]): Promise<void> {
  process.env.YICHUANG_PAGES = pages.join(',');
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    // The bundler's plugin-timing report is noise in a test log.
    build: { outDir, emptyOutDir: true, rolldownOptions: { checks: { pluginTimings: false } } },
  });
}

/**
 * Builds a test's own set of pages (the hall server serves one directory: terminals and the admin console
 * together) into a new temporary directory, and returns it; the test removes it.
 */
export async function buildPages(pages: readonly string[], name: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), `yichuang-${name}-web-`));
  await buildInto(dir, pages);
  return dir;
}

/** Builds the terminal pages once per test process (a few seconds) and returns the directory. */
export function buildTerminals(): Promise<string> {
  built ??= (async () => {
    await buildInto(WEB_DIR, TERMINAL_PAGES);
    if (!existsSync(path.join(WEB_DIR, 'kiosk.html'))) throw new Error('vite build produced no kiosk page');
    mkdirSync(SHOTS_DIR, { recursive: true });
    return WEB_DIR;
  })();
  return built;
}
