import { describe, expect, it } from 'vitest';
import type { ShellRole } from './config';
import { CITIZEN_ARG } from './ipc-channels';
import { windowOptionsFor } from './window-options';

const ctx = { preloadPath: '/opt/Yichuang/resources/app.asar/dist-electron/preload.cjs' };
const citizenRoles: Array<{ role: ShellRole; window?: number }> = [{ role: 'kiosk' }, { role: 'display' }, { role: 'window', window: 3 }, { role: 'eval' }];

describe('windowOptionsFor', () => {
  it.each(citizenRoles)('locks a $role screen down: full screen kiosk, no frame, no way to close, move or minimise', (config) => {
    const o = windowOptionsFor(config, ctx);
    expect(o).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      autoHideMenuBar: true,
      closable: false,
      minimizable: false,
      movable: false,
      resizable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      show: false,
    });
  });

  it.each(citizenRoles)('gives a $role screen the hardened web preferences', (config) => {
    const wp = windowOptionsFor(config, ctx).webPreferences;
    expect(wp).toMatchObject({
      preload: ctx.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      disableDialogs: true,
      backgroundThrottling: false,
    });
    expect(wp?.additionalArguments).toEqual([CITIZEN_ARG]);
  });

  it('gives the clerk a normal window with the same isolation but without kiosk mode', () => {
    const o = windowOptionsFor({ role: 'clerk' }, ctx);
    expect(o.kiosk).toBeUndefined();
    expect(o.fullscreen).toBeUndefined();
    expect(o.frame).toBeUndefined();
    expect(o.closable).toBeUndefined();
    expect(o.width).toBeGreaterThanOrEqual(1024);
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false, spellcheck: false, disableDialogs: false });
    expect(o.webPreferences?.additionalArguments).toEqual([]);
  });

  it('places the window on the configured monitor', () => {
    const bounds = { x: 1920, y: 0, width: 1280, height: 720 };
    expect(windowOptionsFor({ role: 'window', window: 2 }, { ...ctx, bounds })).toMatchObject(bounds);
  });

  it('names the terminal in the window title in Chinese', () => {
    expect(windowOptionsFor({ role: 'window', window: 3 }, ctx).title).toBe('一窗 · 窗口屏（3 号窗口）');
  });
});
