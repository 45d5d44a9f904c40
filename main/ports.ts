import type { CertificateCheck, CertificateVerdict } from './certificate-pin';
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The small interfaces the shell's logic runs against. `electron-adapter.ts` implements them with the
 * real Electron objects; tests implement them with fakes on EventEmitter. Events carry plain objects,
 * not Electron's event classes, so a fake needs nothing from Electron.
 */

/** Where a window goes: the bounds of the monitor the configuration chose. */
export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A navigation, redirect or webview attach the guard may refuse. */
export interface NavigationAttempt {
  url: string;
  preventDefault(): void;
}

/** A key press as `before-input-event` reports it. */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export interface InputAttempt {
  input: KeyInput;
  preventDefault(): void;
}

/** Why a renderer process went away (`RenderProcessGoneDetails.reason`). */
export interface RenderGone {
  reason: string;
  exitCode: number;
}

/** A failed load (`did-fail-load`). */
export interface LoadFailure {
  errorCode: number;
  errorDescription: string;
  url: string;
  isMainFrame: boolean;
}

export interface WebContentsEvents {
  'will-navigate': (nav: NavigationAttempt) => void;
  'will-frame-navigate': (nav: NavigationAttempt) => void;
  'will-redirect': (nav: NavigationAttempt) => void;
  'will-attach-webview': (nav: NavigationAttempt) => void;
  /** A page's beforeunload handler tried to keep the page; preventDefault leaves anyway. */
  'will-prevent-unload': (event: { preventDefault(): void }) => void;
  'before-input-event': (attempt: InputAttempt) => void;
  'render-process-gone': (details: RenderGone) => void;
  'did-fail-load': (failure: LoadFailure) => void;
  'did-finish-load': () => void;
  'did-navigate': (details: { url: string; httpResponseCode: number }) => void;
}

/** The parts of a WebContents the shell uses. */
export interface ShellWebContents {
  on<K extends keyof WebContentsEvents>(event: K, listener: WebContentsEvents[K]): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  /** Resolves or rejects like Electron's; failures also arrive as `did-fail-load`. */
  loadURL(url: string): Promise<void>;
  getURL(): string;
  reload(): void;
  forcefullyCrashRenderer(): void;
  setVisualZoomLevelLimits(min: number, max: number): void;
  isDestroyed(): boolean;
}

export interface WindowEvents {
  'ready-to-show': () => void;
  unresponsive: () => void;
  responsive: () => void;
  close: (event: { preventDefault(): void }) => void;
  closed: () => void;
}

/** The parts of a BrowserWindow the shell uses. */
export interface ShellWindow {
  readonly webContents: ShellWebContents;
  on<K extends keyof WindowEvents>(event: K, listener: WindowEvents[K]): void;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  destroy(): void;
}

export interface AppEvents {
  'second-instance': () => void;
  'window-all-closed': () => void;
  'before-quit': () => void;
}

/** Login-item settings (Windows and macOS; Electron ignores them on Linux). */
export interface LoginItem {
  openAtLogin: boolean;
  path?: string;
  args?: string[];
}

/** The parts of `app` the shell uses. */
export interface ShellApp {
  on<K extends keyof AppEvents>(event: K, listener: AppEvents[K]): void;
  whenReady(): Promise<void>;
  requestSingleInstanceLock(additionalData: Record<string, unknown>): boolean;
  quit(): void;
  exit(code: number): void;
  relaunch(options: { args: string[] }): void;
  getPath(name: 'appData' | 'userData'): string;
  setPath(name: 'userData', path: string): void;
  getVersion(): string;
  getAppPath(): string;
  setLoginItemSettings(settings: LoginItem): void;
  /** A Chromium switch (`app.commandLine.appendSwitch`); only effective before `ready`. */
  appendSwitch(name: string, value?: string): void;
}

/** Who sent an IPC call: the URL of the sending frame (null once it navigated away) and whether it is the top frame. */
export interface IpcSender {
  url: string | null;
  isMainFrame: boolean;
}

export type IpcHandler = (sender: IpcSender, args: unknown[]) => Promise<unknown>;

/** Everything the shell needs from Electron, in one place. */
export interface ShellHost {
  app: ShellApp;
  createWindow(options: BrowserWindowConstructorOptions): ShellWindow;
  /** No application menu: no accelerators for reload, devtools or zoom. */
  removeApplicationMenu(): void;
  /** Keeps the screen awake; returns the function that lets it sleep again. */
  preventDisplaySleep(): () => void;
  handleIpc(channel: string, handler: IpcHandler): void;
  /** Installs the default session's permission request and check handlers. */
  setPermissionPolicy(decide: (permission: string, requestingUrl: string) => boolean): void;
  /** The monitors' bounds, in the order the OS lists them. */
  displays(): WindowBounds[];
  /** Installs the default session's certificate verification (pages and the health probe alike). */
  setCertificatePolicy(verify: (check: CertificateCheck) => CertificateVerdict): void;
}

/** A pino-compatible logger (the subset the shell uses). */
export interface ShellLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The file calls the shell makes (config, restart history, autostart entry). */
export interface ShellFs {
  /** The file's text, or null when it does not exist. */
  readFile(path: string): string | null;
  writeFile(path: string, text: string): void;
  removeFile(path: string): void;
}
