import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectron } from './electron-binary';

const root = join(import.meta.dirname, '..');

describe('npm run app', () => {
  it('says plainly that the Electron binary is missing and exits 1 where it is absent', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-electron-'));
    try {
      // An override pointing at an empty folder makes the binary absent on any machine.
      const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty };
      expect(findElectron(env).ok).toBe(false);
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'main/launch.ts'), '--role', 'kiosk', '--server', 'http://127.0.0.1:9'], {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('cannot start the desktop shell');
      expect(r.stderr).toContain('the Electron binary is missing');
      expect(r.stderr).toContain('node node_modules/electron/install.js');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
