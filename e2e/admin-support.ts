import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Builds the admin page alone (the project's Vite config, one input) into a temporary directory. */
export async function buildAdminPage(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'yichuang-admin-web-'));
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: { admin: path.join(ROOT, 'renderer/admin.html') } } },
  });
  return outDir;
}

/** The system's Chromium (never a downloaded one); without a sandbox when running as root. */
export function launchChromium(): Promise<Browser> {
  const args = ['--disable-gpu', '--disable-dev-shm-usage'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args, headless: true });
}
