import { describe, expect, it } from 'vitest';
import { applyAutostart, planAutostart, stripSecrets } from './autostart';

const base = {
  executable: '/opt/Yichuang/yichuang',
  args: ['--config', '/home/kiosk/.config/yichuang/kiosk.json', '--device-token', 'secret-token-1'],
  configHome: '/home/kiosk/.config',
  key: 'kiosk',
  label: '取号机',
};

describe('planAutostart', () => {
  it('leaves autostart alone when the configuration does not mention it', () => {
    expect(planAutostart({ ...base, enabled: undefined, platform: 'linux' })).toEqual({ kind: 'none' });
  });

  it('writes an XDG autostart entry on Linux, without the device token', () => {
    const plan = planAutostart({ ...base, enabled: true, platform: 'linux' });
    expect(plan.kind).toBe('xdg-write');
    if (plan.kind !== 'xdg-write') return;
    expect(plan.path).toBe('/home/kiosk/.config/autostart/yichuang-kiosk.desktop');
    expect(plan.content).toContain('Exec=/opt/Yichuang/yichuang --config /home/kiosk/.config/yichuang/kiosk.json\n');
    expect(plan.content).toContain('Name=一窗 取号机');
    expect(plan.content).not.toContain('secret-token-1');
  });

  it('quotes arguments with spaces and escapes a literal percent sign in Exec', () => {
    const plan = planAutostart({ ...base, args: ['--config', '/home/k/My Config/100%.json'], enabled: true, platform: 'linux' });
    expect(plan.kind === 'xdg-write' && plan.content).toContain('Exec=/opt/Yichuang/yichuang --config "/home/k/My Config/100%%.json"');
  });

  it('removes the entry on Linux when autostart is switched off', () => {
    expect(planAutostart({ ...base, enabled: false, platform: 'linux' })).toEqual({ kind: 'xdg-remove', path: '/home/kiosk/.config/autostart/yichuang-kiosk.desktop' });
  });

  it('uses a login item on Windows', () => {
    const plan = planAutostart({ ...base, executable: 'C:\\Program Files\\Yichuang\\Yichuang.exe', enabled: true, platform: 'win32' });
    expect(plan).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: true, path: 'C:\\Program Files\\Yichuang\\Yichuang.exe', args: ['--config', '/home/kiosk/.config/yichuang/kiosk.json'] },
    });
  });
});

describe('applyAutostart', () => {
  it('carries out each kind of plan', () => {
    const done: string[] = [];
    const fx = {
      setLoginItemSettings: (s: { openAtLogin: boolean }) => done.push(`login ${s.openAtLogin}`),
      writeFile: (p: string) => done.push(`write ${p}`),
      removeFile: (p: string) => done.push(`remove ${p}`),
    };
    applyAutostart({ kind: 'none' }, fx);
    applyAutostart({ kind: 'login-item', settings: { openAtLogin: false } }, fx);
    applyAutostart({ kind: 'xdg-write', path: '/a', content: '' }, fx);
    applyAutostart({ kind: 'xdg-remove', path: '/b' }, fx);
    expect(done).toEqual(['login false', 'write /a', 'remove /b']);
  });
});

describe('stripSecrets', () => {
  it('drops the device token in both spellings', () => {
    expect(stripSecrets(['--role', 'kiosk', '--device-token', 't1', '--device-token=t2', '--server', 'http://h:1'])).toEqual(['--role', 'kiosk', '--server', 'http://h:1']);
  });
});
