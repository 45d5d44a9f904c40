import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from './build';

/**
 * electron-builder.yml, checked offline: a `--linux dir` build against a stand-in Electron
 * distribution (a small file carrying the fuse wire) in a scratch copy of the project. It proves the
 * configuration loads and validates, that app.asar holds only the bundles (no node_modules, no source
 * maps), that the OS templates ship, and that the fuses are burnt. AppImage, deb and nsis need tools
 * from GitHub and run only on a release machine (`npm run dist`).
 */

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
let tmp = '';
let result: ReturnType<typeof spawnSync>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'yichuang-package-'));
  const project = join(tmp, 'project');
  mkdirSync(join(project, 'main'), { recursive: true });
  cpSync(join(root, 'package.json'), join(project, 'package.json'));
  cpSync(join(root, 'electron-builder.yml'), join(project, 'electron-builder.yml'));
  cpSync(join(root, 'main/os'), join(project, 'main/os'), { recursive: true });
  cpSync(join(root, 'main/packaging'), join(project, 'main/packaging'), { recursive: true });
  await buildElectron(join(project, 'dist-electron'));
  // Every fuse starts as '1' (on), so each one the configuration turns off shows.
  const dist = join(tmp, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n# '), Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('11111111\n')]), { mode: 0o755 });
  writeFileSync(join(dist, 'LICENSE'), 'stand-in');
  writeFileSync(join(dist, 'version'), '45.5.0');
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  result = spawnSync(
    process.execPath,
    [require.resolve('electron-builder/cli.js'), '--config', 'electron-builder.yml', '--linux', 'dir', '--publish', 'never', `-c.electronDist=${dist}`, `-c.electronVersion=${electronVersion}`, `-c.directories.output=${join(tmp, 'out')}`],
    { cwd: project, encoding: 'utf8', timeout: 120_000 },
  );
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it('builds an unpacked Linux app offline', () => {
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it('packs only the bundles and package.json: no node_modules, no source maps', async () => {
    const asar = (await import('@electron/asar')) as { listPackage(path: string, options: object): string[] };
    const files = asar.listPackage(join(tmp, 'out/linux-unpacked/resources/app.asar'), {}).sort();
    expect(files).toEqual(['/dist-electron', '/dist-electron/main.cjs', '/dist-electron/offline-font.css', '/dist-electron/preload.cjs', '/package.json']);
  });

  it('ships the OS lock-down templates beside the app', () => {
    expect(readFileSync(join(tmp, 'out/linux-unpacked/resources/os/yichuang@.service'), 'utf8')).toContain('Restart=always');
  });

  it('burns the fuses: no run-as-node, no NODE_OPTIONS, no inspector, app only from asar', () => {
    const binary = readFileSync(join(tmp, 'out/linux-unpacked/yichuang'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + binary[at + 1]!).toString('latin1');
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyFromAsar, V8Snapshot (unset), FileProtocolPrivileges
    expect(wire).toBe('01001110');
  });
});
