import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from '../../test/helpers/hall';

/** Where the e2e tests build the terminals (git-ignored), apart from `dist/` which `npm start` uses. */
export const WEB_DIR = path.join(ROOT, 'test-artifacts/e2e-web');
export const SHOTS_DIR = path.join(ROOT, 'test-artifacts/e2e');

let built: Promise<string> | null = null;

/** The pages these tests drive (the admin console has its own e2e tests and build). */
export const TERMINAL_PAGES = ['index', 'kiosk', 'clerk', 'display', 'eval', 'ticket'];

/** Builds the terminal pages once per test process (a few seconds) and returns the directory. */
export function buildTerminals(): Promise<string> {
  built ??= (async () => {
    process.env.YICHUANG_PAGES = TERMINAL_PAGES.join(',');
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      // The bundler's plugin-timing report is noise in a test log.
      build: { outDir: WEB_DIR, emptyOutDir: true, rolldownOptions: { checks: { pluginTimings: false } } },
    });
    if (!existsSync(path.join(WEB_DIR, 'kiosk.html'))) throw new Error('vite build produced no kiosk page');
    mkdirSync(SHOTS_DIR, { recursive: true });
    return WEB_DIR;
  })();
  return built;
}
