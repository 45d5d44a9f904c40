/**
 * Finds the Electron binary the way node_modules/electron does (path.txt, or ELECTRON_OVERRIDE_DIST_PATH),
 * without ever starting a download: `require('electron')` in Electron 45 runs its installer when the
 * binary is missing, which on a machine without GitHub only fails, slowly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronLookup = { ok: true; path: string; version: string } | { ok: false; reason: string };

/** Where the binary should be, and whether it is there and answers `--version`. */
export function findElectron(env: NodeJS.ProcessEnv = process.env): ElectronLookup {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (npm install --include=dev)' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && relative === null) {
    return { ok: false, reason: `the Electron binary was never downloaded (${pathFile} is missing)` };
  }
  const binary = override ? join(override, relative ?? 'electron') : join(pkgDir, 'dist', relative ?? '');
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary is missing (${binary})` };
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000, env });
  const version = r.stdout?.trim() ?? '';
  if (r.status !== 0 || !/^v\d+\./.test(version)) {
    return { ok: false, reason: `the Electron binary at ${binary} does not run (${r.error?.message ?? r.stderr?.trim().split('\n')[0] ?? `exit ${r.status}`})` };
  }
  return { ok: true, path: binary, version };
}
