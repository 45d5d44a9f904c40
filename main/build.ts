/**
 * `npm run build:electron`: bundles the shell into dist-electron/ with esbuild.
 *
 * - main.cjs: the main process, every dependency inlined (zod, pino, the printer module and
 *   node-thermal-printer, iconv-lite), so the package needs no node_modules and no native module.
 * - preload.cjs: CommonJS in one file, because a sandboxed preload can `require` only Electron's
 *   own modules.
 * - offline-font.css: the glyphs of the offline page, cut from the self-hosted Noto Sans SC.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildOfflineFontCss } from './offline-font';
import { offlinePageCharacters } from './offline-page';

/** The project root (the folder above main/). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/** The files a build writes, with their sizes in bytes. */
export interface BuildOutput {
  outDir: string;
  files: Record<string, number>;
}

/** Bundles main and preload and writes the offline font into `outDir` (default dist-electron/). */
export async function buildElectron(outDir = join(PROJECT_ROOT, 'dist-electron')): Promise<BuildOutput> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    format: 'cjs' as const,
    external: ['electron'],
    sourcemap: 'linked' as const,
    legalComments: 'none' as const,
    logLevel: 'warning' as const,
    absWorkingDir: PROJECT_ROOT,
  };
  await build({
    ...common,
    entryPoints: [join(PROJECT_ROOT, 'main/main.ts')],
    outfile: join(outDir, 'main.cjs'),
    platform: 'node',
    // Electron 45 runs Node 22 in its main process.
    target: 'node22',
  });
  await build({
    ...common,
    entryPoints: [join(PROJECT_ROOT, 'main/preload.ts')],
    outfile: join(outDir, 'preload.cjs'),
    platform: 'browser',
    target: 'chrome130',
  });
  const require = createRequire(import.meta.url);
  const fontCss = join(dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), '400.css');
  writeFileSync(join(outDir, 'offline-font.css'), buildOfflineFontCss(fontCss, offlinePageCharacters()));
  const files: Record<string, number> = {};
  for (const name of ['main.cjs', 'preload.cjs', 'offline-font.css']) files[name] = statSync(join(outDir, name)).size;
  return { outDir, files };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = await buildElectron();
  const rel = relative(process.cwd(), out.outDir) || '.';
  for (const [name, size] of Object.entries(out.files)) console.log(`${rel}/${name}  ${(size / 1024).toFixed(1)} KiB`);
}
