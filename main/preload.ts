/**
 * The preload entry, bundled to one CommonJS file (dist-electron/preload.cjs): a sandboxed preload
 * can `require` only Electron's renderer modules, not our other files. Besides electron-adapter.ts this
 * is the only file that imports 'electron' at runtime (a test enforces it).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { type EventTargetLike, installPreload } from './preload-bridge';

installPreload({
  exposeInMainWorld: (key, api) => contextBridge.exposeInMainWorld(key, api),
  ipc: { invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args) },
  argv: process.argv,
  // The isolated world's global is the page's window object (shared DOM, separate JavaScript).
  window: globalThis as unknown as EventTargetLike,
});
