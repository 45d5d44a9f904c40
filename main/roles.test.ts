import { describe, expect, it } from 'vitest';
import { instanceKey, isCitizenRole, roleLabel, rolePageUrl, usesDeviceToken } from './roles';

const server = 'http://10.0.0.5:8080';

describe('roles', () => {
  it.each([
    ['kiosk', undefined, 'http://10.0.0.5:8080/kiosk'],
    ['clerk', undefined, 'http://10.0.0.5:8080/clerk'],
    ['display', undefined, 'http://10.0.0.5:8080/display'],
    ['window', 7, 'http://10.0.0.5:8080/display?window=7'],
    ['eval', undefined, 'http://10.0.0.5:8080/eval'],
  ] as const)('loads the %s page from the hall server', (role, window, url) => {
    expect(rolePageUrl({ role, server, window })).toBe(url);
  });

  it('treats every role but the clerk as a citizen screen with a device token', () => {
    expect((['kiosk', 'display', 'window', 'eval'] as const).every((r) => isCitizenRole(r) && usesDeviceToken(r))).toBe(true);
    expect(isCitizenRole('clerk') || usesDeviceToken('clerk')).toBe(false);
  });

  it('keys the single instance by role, and by window number for window screens', () => {
    expect(instanceKey({ role: 'kiosk' })).toBe('kiosk');
    expect(instanceKey({ role: 'window', window: 3 })).toBe('window-3');
    expect(instanceKey({ role: 'window', window: 4 })).not.toBe(instanceKey({ role: 'window', window: 3 }));
  });

  it('names terminals in Chinese', () => {
    expect(roleLabel({ role: 'kiosk' })).toBe('取号机');
    expect(roleLabel({ role: 'window', window: 12 })).toBe('窗口屏（12 号窗口）');
  });
});
