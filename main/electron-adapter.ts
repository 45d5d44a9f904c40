/**
 * The one main-process file that imports 'electron' at runtime: it turns Electron's objects into the
 * small ports of ports.ts. It holds no decisions (those live in the tested modules); it only
 * translates events and calls, so there is nothing here a fake could get wrong.
 */
import { app, BrowserWindow, ipcMain, Menu, net, powerSaveBlocker, screen, session, type WebContents } from 'electron';
import type { FetchLike } from './health-probe';
import type { LoginItem, ShellApp, ShellHost, ShellWebContents, ShellWindow, WebContentsEvents, WindowEvents } from './ports';

/** The real host. Call after `app` is importable (any time in the main process). */
export function createElectronHost(): ShellHost {
  return {
    app: electronApp(),
    createWindow: (options) => wrapWindow(new BrowserWindow(options)),
    removeApplicationMenu: () => Menu.setApplicationMenu(null),
    preventDisplaySleep: () => {
      const id = powerSaveBlocker.start('prevent-display-sleep');
      return () => powerSaveBlocker.stop(id);
    },
    handleIpc: (channel, handler) =>
      ipcMain.handle(channel, (event, ...args) => {
        const frame = event.senderFrame;
        return handler({ url: frame ? frame.url : null, isMainFrame: frame ? frame.parent === null : false }, args);
      }),
    setPermissionPolicy: (decide) => {
      const ses = session.defaultSession;
      ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(decide(permission, details.requestingUrl)));
      ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => decide(permission, requestingOrigin));
      ses.setDevicePermissionHandler(() => false);
    },
    displays: () => screen.getAllDisplays().map((d) => ({ ...d.bounds })),
    setCertificatePolicy: (verify) => {
      // 0 = trusted, -2 = refused (net::ERR_FAILED), -3 = Chromium's own verification result.
      session.defaultSession.setCertificateVerifyProc((request, callback) => {
        const verdict = verify({ hostname: request.hostname, certificatePem: request.certificate.data });
        callback(verdict === 'accept' ? 0 : verdict === 'reject' ? -2 : -3);
      });
    },
  };
}

/** fetch through Chromium's network stack, so the health probe is held to the same pinned certificate as the pages. */
export const sessionFetch: FetchLike = (url, init) => net.fetch(url, init);

function electronApp(): ShellApp {
  return {
    on: (event, listener) => {
      app.on(event as 'before-quit', listener as () => void);
    },
    whenReady: () => app.whenReady(),
    requestSingleInstanceLock: (data) => app.requestSingleInstanceLock(data),
    quit: () => app.quit(),
    exit: (code) => app.exit(code),
    relaunch: (options) => app.relaunch(options),
    getPath: (name) => app.getPath(name),
    setPath: (name, path) => app.setPath(name, path),
    getVersion: () => app.getVersion(),
    getAppPath: () => app.getAppPath(),
    setLoginItemSettings: (settings: LoginItem) => app.setLoginItemSettings(settings),
    appendSwitch: (name, value) => (value === undefined ? app.commandLine.appendSwitch(name) : app.commandLine.appendSwitch(name, value)),
  };
}

function wrapWindow(win: BrowserWindow): ShellWindow {
  const contents = wrapContents(win.webContents);
  return {
    webContents: contents,
    on: <K extends keyof WindowEvents>(event: K, listener: WindowEvents[K]) => {
      if (event === 'close') win.on('close', (e) => (listener as WindowEvents['close'])({ preventDefault: () => e.preventDefault() }));
      else win.on(event as 'closed', listener as () => void);
    },
    show: () => win.show(),
    focus: () => win.focus(),
    restore: () => win.restore(),
    isMinimized: () => win.isMinimized(),
    isDestroyed: () => win.isDestroyed(),
    destroy: () => win.destroy(),
  };
}

function wrapContents(wc: WebContents): ShellWebContents {
  const on = <K extends keyof WebContentsEvents>(event: K, listener: WebContentsEvents[K]): void => {
    const l = listener as (...args: never[]) => void;
    const call = (arg: unknown) => (l as (a: unknown) => void)(arg);
    switch (event) {
      case 'will-navigate':
        wc.on('will-navigate', (e) => call({ url: e.url, preventDefault: () => e.preventDefault() }));
        break;
      case 'will-frame-navigate':
        wc.on('will-frame-navigate', (e) => call({ url: e.url, preventDefault: () => e.preventDefault() }));
        break;
      case 'will-redirect':
        wc.on('will-redirect', (e) => call({ url: e.url, preventDefault: () => e.preventDefault() }));
        break;
      case 'will-attach-webview':
        wc.on('will-attach-webview', (e, _prefs, params) => call({ url: params.src ?? '', preventDefault: () => e.preventDefault() }));
        break;
      case 'will-prevent-unload':
        wc.on('will-prevent-unload', (e) => call({ preventDefault: () => e.preventDefault() }));
        break;
      case 'before-input-event':
        wc.on('before-input-event', (e, input) =>
          call({
            input: { type: input.type, key: input.key, code: input.code, control: input.control, alt: input.alt, shift: input.shift, meta: input.meta },
            preventDefault: () => e.preventDefault(),
          }),
        );
        break;
      case 'render-process-gone':
        wc.on('render-process-gone', (_e, d) => call({ reason: d.reason, exitCode: d.exitCode }));
        break;
      case 'did-fail-load':
        wc.on('did-fail-load', (_e, errorCode, errorDescription, url, isMainFrame) => call({ errorCode, errorDescription, url, isMainFrame }));
        break;
      case 'did-navigate':
        wc.on('did-navigate', (_e, url, httpResponseCode) => call({ url, httpResponseCode }));
        break;
      case 'did-finish-load':
        wc.on('did-finish-load', () => (l as () => void)());
        break;
      default:
        throw new Error(`unmapped webContents event ${String(event)}`);
    }
  };
  return {
    on,
    setWindowOpenHandler: (handler) => wc.setWindowOpenHandler((details) => handler({ url: details.url })),
    loadURL: (url) => wc.loadURL(url),
    getURL: () => wc.getURL(),
    reload: () => wc.reload(),
    forcefullyCrashRenderer: () => wc.forcefullyCrashRenderer(),
    setVisualZoomLevelLimits: (min, max) => void wc.setVisualZoomLevelLimits(min, max),
    isDestroyed: () => wc.isDestroyed(),
  };
}
