import { BRIDGE_GLOBAL, type BridgePrintResult, type DeviceInfo, type PrintOptions, type YichuangBridge } from '../protocol/bridge';
import type { PrinterStatus, TicketPrintData } from '../protocol/print';
import { CITIZEN_ARG, IPC } from './ipc-channels';

/**
 * The preload's logic, free of Electron so tests can call it: the bridge object (four methods, each
 * one `invoke` on its own channel, nothing else from IPC reaches the page) and the context-menu lock
 * for citizen screens. `preload.ts` wires it to Electron's contextBridge and ipcRenderer.
 */

/** The one thing the bridge needs from ipcRenderer. */
export interface Invoker {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

/** Builds `window.yichuang`. Arguments are passed as given; the main process validates them. */
export function createBridge(ipc: Invoker): YichuangBridge {
  return Object.freeze({
    version: 1 as const,
    getDeviceInfo: () => ipc.invoke(IPC.getDeviceInfo) as Promise<DeviceInfo>,
    getDeviceToken: () => ipc.invoke(IPC.getDeviceToken) as Promise<string | null>,
    printTicket: (data: TicketPrintData, options?: PrintOptions) =>
      ipc.invoke(IPC.printTicket, data, options) as Promise<BridgePrintResult>,
    printerStatus: () => ipc.invoke(IPC.printerStatus) as Promise<PrinterStatus | null>,
  });
}

/** True in a citizen screen's renderer (the main process passes {@link CITIZEN_ARG}). */
export function isCitizenRenderer(argv: readonly string[]): boolean {
  return argv.includes(CITIZEN_ARG);
}

/** The DOM calls the lock needs. */
export interface EventTargetLike {
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void, options?: { capture?: boolean }): void;
}

/**
 * Closes the context menu (right click, long press on a touch screen) and drag-and-drop of links and
 * images. DOM events are shared between the preload's world and the page's, so a capturing listener
 * here runs before any of the page's own.
 */
export function lockCitizenScreen(target: EventTargetLike): void {
  for (const type of ['contextmenu', 'dragstart', 'drop']) {
    target.addEventListener(type, (event) => event.preventDefault(), { capture: true });
  }
}

/** What the preload entry hands in. */
export interface PreloadEnv {
  exposeInMainWorld(key: string, api: unknown): void;
  ipc: Invoker;
  argv: readonly string[];
  window: EventTargetLike;
}

/** Exposes the bridge, and locks the screen for citizen roles. */
export function installPreload(env: PreloadEnv): void {
  env.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(env.ipc));
  if (isCitizenRenderer(env.argv)) lockCitizenScreen(env.window);
}
