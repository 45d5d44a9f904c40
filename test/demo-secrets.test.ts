import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/hall';

/** Runs `server/cli.ts` until it exits, or until `ready` matches its output (then stops it). */
function cli(args: string[], ready?: RegExp): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('YICHUANG_'))), LOG_LEVEL: 'silent' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (ready?.test(out)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('demo secrets beyond loopback (spawned server)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yichuang-demo-secrets-'));
  const data = path.join(dir, 'data');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to listen on 0.0.0.0 with the demo secrets, names the fix, and starts once they are replaced', async () => {
    const refused = await cli(['--host', '0.0.0.0', '--port', '0', '--data', data]);
    expect(refused.code).toBe(4);
    expect(refused.err).toContain('npm run hall -- reset-secrets');
    expect(refused.err).toMatch(/demo passwords of \d+ staff .* and demo tokens of \d+ devices are still in use/);
    expect(refused.out).not.toContain('admin1234');

    const reset = await cli(['reset-secrets', '--data', data]);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/staff\s+admin\s+password \S{12}/);
    expect(reset.out).toMatch(/device\s+kiosk-1\s+token/);

    const started = await cli(['--host', '0.0.0.0', '--port', '0', '--data', data], /Hall server\s+http:\/\/0\.0\.0\.0:\d+/);
    expect(started.out).toMatch(/Hall server\s+http:\/\/0\.0\.0\.0:\d+/);
    // No demo password is printed for a hall on the network.
    expect(started.out).not.toMatch(/admin1234|demo1234/);
  }, 120_000);
});
