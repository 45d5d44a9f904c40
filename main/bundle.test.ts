import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, type BuildOutput } from './build';
import { CITIZEN_ARG, IPC } from './ipc-channels';

/**
 * The built bundles, run under plain Node against a stub 'electron' module (testing/electron-stub.cjs):
 * the bundle loads, the adapter wires the real shell to Electron's API, and the bridge answers as it should.
 */

const stub = join(import.meta.dirname, 'testing', 'electron-stub.cjs');
let out: BuildOutput;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'yichuang-bundle-'));
  out = await buildElectron(join(tmp, 'dist-electron'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(file: string, args: string[]): { status: number | null; calls: Array<Record<string, unknown>>; stderr: string } {
  const r = spawnSync(process.execPath, ['--require', stub, join(out.outDir, file), ...args], {
    env: { ...process.env, STUB_APPDATA: join(tmp, 'appdata') },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const calls = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"call"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, calls, stderr: r.stderr };
}

describe('the built shell', () => {
  it('writes main.cjs, preload.cjs and the offline font', () => {
    expect(Object.keys(out.files).sort()).toEqual(['main.cjs', 'offline-font.css', 'preload.cjs']);
    expect(readFileSync(join(out.outDir, 'main.cjs'), 'utf8')).toContain('require("electron")');
    expect(readFileSync(join(out.outDir, 'offline-font.css'), 'utf8')).toContain('@font-face');
  });

  it('boots a kiosk through the adapter: lock, menu, no sleep, kiosk window, guards, bridge, role page', () => {
    const r = run('main.cjs', ['--role', 'kiosk', '--server', 'http://127.0.0.1:9', '--device-token', 'kiosk-token-1', '--no-sandbox']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const names = r.calls.map((c) => c.call);
    expect(names).toContain('setApplicationMenu');
    expect(names).toContain('setCertificateVerifyProc');
    expect(r.calls.find((c) => c.call === 'appendSwitch')).toEqual({ call: 'appendSwitch', name: 'overscroll-history-navigation', value: '0' });
    expect(r.calls.find((c) => c.call === 'requestSingleInstanceLock')).toMatchObject({ userData: join(tmp, 'appdata', 'yichuang', 'kiosk') });
    expect(r.calls.find((c) => c.call === 'powerSaveBlocker.start')).toMatchObject({ type: 'prevent-display-sleep' });
    expect(r.calls.find((c) => c.call === 'BrowserWindow')).toMatchObject({ options: { kiosk: true, webPreferences: { sandbox: true, preload: join(out.outDir, 'preload.cjs') } } });
    expect(r.calls.find((c) => c.call === 'setWindowOpenHandler')).toMatchObject({ answer: { action: 'deny' } });
    expect(r.calls.filter((c) => c.call === 'ipcMain.handle').map((c) => c.channel).sort()).toEqual(Object.values(IPC).sort());
    expect(r.calls.find((c) => c.call === 'loadURL')).toMatchObject({ url: 'http://127.0.0.1:9/kiosk' });
    const answers = r.calls.filter((c) => c.call === 'invoke');
    expect(answers[0]).toMatchObject({ answer: { ok: true, value: { role: 'kiosk', label: '取号机', shellVersion: '0.0.0-stub' } } });
    expect(answers[1]).toMatchObject({ answer: { ok: true, value: 'kiosk-token-1' } });
    expect(answers[2]).toMatchObject({ foreign: true, answer: { ok: false } });
    expect(String((answers[2]?.answer as { error: string }).error)).toContain('FORBIDDEN');
  });

  it('exits with status 2 on a bad configuration', () => {
    const r = run('main.cjs', ['--role', 'kiosk']);
    expect(r.status).toBe(2);
    expect(r.calls.map((c) => c.call)).toEqual(['exit']);
  });

  it('has a preload that exposes only window.yichuang and locks a citizen screen', () => {
    const r = run('preload.cjs', [CITIZEN_ARG]);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      { call: 'exposeInMainWorld', key: 'yichuang', methods: ['getDeviceInfo', 'getDeviceToken', 'printTicket', 'printerStatus', 'version'] },
      { call: 'addEventListener', type: 'contextmenu', capture: true },
      { call: 'addEventListener', type: 'dragstart', capture: true },
      { call: 'addEventListener', type: 'drop', capture: true },
    ]);
  });
});
