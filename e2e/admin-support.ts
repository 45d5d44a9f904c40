import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
