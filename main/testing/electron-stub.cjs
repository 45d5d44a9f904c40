// A stand-in for the 'electron' module, for running the built bundles under plain Node.
//
// Loaded with `node --require main/testing/electron-stub.cjs dist-electron/main.cjs ...`: it makes
// `require('electron')` resolve to this file, records every call the shell makes as one JSON line on
// stdout, and plays the page: once the role page has "loaded", it calls the bridge's IPC handlers as
// that page and as a foreign page, prints the answers, and exits. It checks the adapter's wiring and
// the bundle (that it loads and runs), not Electron.
'use strict';
const Module = require('node:module');
const { EventEmitter } = require('node:events');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return __filename;
  return resolve.call(this, request, ...rest);
};

const log = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const handlers = new Map();
const paths = { appData: process.env.STUB_APPDATA || '/tmp', userData: '/tmp/stub-user-data' };

const app = new EventEmitter();
Object.assign(app, {
  whenReady: () => Promise.resolve(),
  requestSingleInstanceLock: (data) => (log({ call: 'requestSingleInstanceLock', data, userData: paths.userData }), true),
  quit: () => (log({ call: 'quit' }), process.exit(0)),
  exit: (code) => (log({ call: 'exit', code }), process.exit(code)),
  relaunch: (options) => log({ call: 'relaunch', options }),
  getPath: (name) => paths[name],
  setPath: (name, p) => {
    paths[name] = p;
  },
  getVersion: () => '0.0.0-stub',
  getAppPath: () => process.cwd(),
  setLoginItemSettings: (settings) => log({ call: 'setLoginItemSettings', settings }),
  commandLine: { appendSwitch: (name, value) => log({ call: 'appendSwitch', name, value }) },
});

async function actAsPage(url) {
  const call = async (channel, frameUrl, ...args) => {
    try {
      return { ok: true, value: await handlers.get(channel)({ senderFrame: { url: frameUrl, parent: null } }, ...args) };
    } catch (err) {
      return { ok: false, error: String(err.message) };
    }
  };
  log({ call: 'page', url });
  log({ call: 'invoke', channel: 'yichuang:device-info', answer: await call('yichuang:device-info', url) });
  log({ call: 'invoke', channel: 'yichuang:device-token', answer: await call('yichuang:device-token', url) });
  log({ call: 'invoke', channel: 'yichuang:device-token', foreign: true, answer: await call('yichuang:device-token', 'https://evil.example/') });
  process.exit(0);
}

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.url = '';
  }
  loadURL(url) {
    log({ call: 'loadURL', url: url.startsWith('data:') ? 'data:…' : url });
    this.url = url;
    setImmediate(() => {
      this.emit('did-navigate', {}, url, 200);
      this.emit('did-finish-load');
      if (!url.startsWith('data:')) void actAsPage(url);
    });
    return Promise.resolve();
  }
  getURL() {
    return this.url;
  }
  setWindowOpenHandler(handler) {
    log({ call: 'setWindowOpenHandler', answer: handler({ url: 'https://evil.example/' }) });
  }
  reload() {}
  forcefullyCrashRenderer() {}
  setVisualZoomLevelLimits(min, max) {
    log({ call: 'setVisualZoomLevelLimits', min, max });
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    log({ call: 'BrowserWindow', options });
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  destroy() {}
}

// A sandboxed preload's global is the page's window; give Node's global the one method the preload uses.
if (typeof globalThis.addEventListener !== 'function') {
  globalThis.addEventListener = (type, _listener, options) => log({ call: 'addEventListener', type, capture: options && options.capture });
}

module.exports = {
  app,
  BrowserWindow,
  ipcMain: {
    handle: (channel, handler) => {
      handlers.set(channel, handler);
      log({ call: 'ipcMain.handle', channel });
    },
  },
  Menu: { setApplicationMenu: (menu) => log({ call: 'setApplicationMenu', menu }) },
  powerSaveBlocker: { start: (type) => (log({ call: 'powerSaveBlocker.start', type }), 1), stop: () => {} },
  screen: { getAllDisplays: () => [{ bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => log({ call: 'setPermissionRequestHandler' }),
      setPermissionCheckHandler: () => log({ call: 'setPermissionCheckHandler' }),
      setDevicePermissionHandler: () => log({ call: 'setDevicePermissionHandler' }),
      setCertificateVerifyProc: () => log({ call: 'setCertificateVerifyProc' }),
    },
  },
  // Chromium's fetch (the health probe): nothing listens in the stub, as with a server that is away.
  net: { fetch: (url) => (log({ call: 'net.fetch', url }), Promise.reject(new TypeError('fetch failed'))) },
  // For the preload bundle.
  contextBridge: { exposeInMainWorld: (key, api) => log({ call: 'exposeInMainWorld', key, methods: Object.keys(api).sort() }) },
  ipcRenderer: { invoke: (channel, ...args) => (log({ call: 'ipcRenderer.invoke', channel, args }), Promise.resolve(null)) },
};
