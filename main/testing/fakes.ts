import type { CertificateCheck, CertificateVerdict } from '../certificate-pin';
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import type {
  AppEvents,
  IpcHandler,
  IpcSender,
  LoginItem,
  NavigationAttempt,
  ShellApp,
  ShellFs,
  ShellLogger,
  ShellHost,
  ShellWebContents,
  ShellWindow,
  WebContentsEvents,
  WindowBounds,
  WindowEvents,
} from '../ports';
import type { Scheduler } from '../timing';

/**
 * Fakes for the shell's ports, on EventEmitter, for tests under plain Node. Each records what the
 * shell did to it and lets the test fire the events Electron would.
 */

/** A hand-driven clock: timers run only when the test advances time. */
export class ManualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void; seq: number }>();

  constructor(start = Date.UTC(2025, 2, 3, 1, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    this.seq += 1;
    this.timers.set(this.seq, { at: this.time + ms, fn, seq: this.seq });
    return this.seq;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Delays of the pending timers, from now, in the order they will run. */
  pending(): number[] {
    return [...this.timers.values()].sort((a, b) => a.at - b.at || a.seq - b.seq).map((t) => t.at - this.time);
  }

  /** Moves time forward, running each timer that falls due (and timers those schedule), in order. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const next = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[1].seq - b[1].seq)[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
      await flushPromises();
    }
    this.time = until;
    await flushPromises();
  }
}

/** Lets pending promise callbacks run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A navigation attempt that remembers whether it was refused. */
export function navigation(url: string): NavigationAttempt & { prevented: boolean } {
  const nav = {
    url,
    prevented: false,
    preventDefault() {
      nav.prevented = true;
    },
  };
  return nav;
}

export class FakeWebContents extends EventEmitter implements ShellWebContents {
  url = '';
  loads: string[] = [];
  crashes = 0;
  reloads = 0;
  zoomLimits: Array<[number, number]> = [];
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;

  override on<K extends keyof WebContentsEvents>(event: K, listener: WebContentsEvents[K]): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  fire<K extends keyof WebContentsEvents>(event: K, ...args: Parameters<WebContentsEvents[K]>): void {
    this.emit(event, ...args);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  async loadURL(url: string): Promise<void> {
    this.loads.push(url);
    this.url = url;
  }
  getURL(): string {
    return this.url;
  }
  reload(): void {
    this.reloads += 1;
  }
  forcefullyCrashRenderer(): void {
    this.crashes += 1;
  }
  setVisualZoomLevelLimits(min: number, max: number): void {
    this.zoomLimits.push([min, max]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The last page loaded, and a finished load of it. */
  finishLoad(): void {
    this.fire('did-navigate', { url: this.url, httpResponseCode: 200 });
    this.fire('did-finish-load');
  }
}

export class FakeWindow extends EventEmitter implements ShellWindow {
  readonly webContents = new FakeWebContents();
  shown = 0;
  focused = 0;
  restored = 0;
  minimized = false;
  destroyed = false;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  override on<K extends keyof WindowEvents>(event: K, listener: WindowEvents[K]): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  fire<K extends keyof WindowEvents>(event: K, ...args: Parameters<WindowEvents[K]>): void {
    this.emit(event, ...args);
  }
  /** Asks the window to close the way a window manager would; true when it closed. */
  tryClose(): boolean {
    let prevented = false;
    this.fire('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
    return !prevented;
  }
  show(): void {
    this.shown += 1;
  }
  focus(): void {
    this.focused += 1;
  }
  restore(): void {
    this.restored += 1;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.fire('closed');
  }
}

export class FakeApp extends EventEmitter implements ShellApp {
  paths: Record<string, string> = { appData: '/home/kiosk/.config', userData: '/home/kiosk/.config/Yichuang' };
  /** userData directories whose lock another process holds. */
  heldLocks = new Set<string>();
  lockRequests: Array<{ userData: string; data: Record<string, unknown> }> = [];
  quits = 0;
  exits: number[] = [];
  relaunches: string[][] = [];
  loginItems: LoginItem[] = [];
  ready = Promise.resolve();

  override on<K extends keyof AppEvents>(event: K, listener: AppEvents[K]): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  fire<K extends keyof AppEvents>(event: K): void {
    this.emit(event);
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  requestSingleInstanceLock(additionalData: Record<string, unknown>): boolean {
    const userData = this.paths.userData ?? '';
    this.lockRequests.push({ userData, data: additionalData });
    return !this.heldLocks.has(userData);
  }
  quit(): void {
    this.quits += 1;
  }
  exit(code: number): void {
    this.exits.push(code);
  }
  relaunch(options: { args: string[] }): void {
    this.relaunches.push(options.args);
  }
  getPath(name: 'appData' | 'userData'): string {
    return this.paths[name] ?? '';
  }
  setPath(name: 'userData', path: string): void {
    this.paths[name] = path;
  }
  getVersion(): string {
    return '0.1.0';
  }
  getAppPath(): string {
    return '/opt/Yichuang/resources/app.asar';
  }
  setLoginItemSettings(settings: LoginItem): void {
    this.loginItems.push(settings);
  }
  switches: Array<[string, string | undefined]> = [];
  appendSwitch(name: string, value?: string): void {
    this.switches.push([name, value]);
  }
}

export class FakeHost implements ShellHost {
  readonly app = new FakeApp();
  windows: FakeWindow[] = [];
  menuRemoved = 0;
  sleepBlocked = 0;
  ipc = new Map<string, IpcHandler>();
  permissionPolicy: ((permission: string, url: string) => boolean) | null = null;
  screens: WindowBounds[] = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  createWindow(options: BrowserWindowConstructorOptions): FakeWindow {
    const w = new FakeWindow(options);
    this.windows.push(w);
    return w;
  }
  removeApplicationMenu(): void {
    this.menuRemoved += 1;
  }
  preventDisplaySleep(): () => void {
    this.sleepBlocked += 1;
    return () => {
      this.sleepBlocked -= 1;
    };
  }
  handleIpc(channel: string, handler: IpcHandler): void {
    this.ipc.set(channel, handler);
  }
  setPermissionPolicy(decide: (permission: string, url: string) => boolean): void {
    this.permissionPolicy = decide;
  }
  certificatePolicy: ((check: CertificateCheck) => CertificateVerdict) | null = null;
  setCertificatePolicy(verify: (check: CertificateCheck) => CertificateVerdict): void {
    this.certificatePolicy = verify;
  }
  displays(): WindowBounds[] {
    return this.screens;
  }
  /** Calls an IPC channel as a page at `url` would. */
  invoke(channel: string, sender: IpcSender, ...args: unknown[]): Promise<unknown> {
    const h = this.ipc.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(sender, args);
  }
  /** The window the shell shows now. */
  get window(): FakeWindow {
    const w = this.windows.at(-1);
    if (!w) throw new Error('no window');
    return w;
  }
}

/** An in-memory file system. */
export class MemoryFs implements ShellFs {
  files = new Map<string, string>();
  readFile(path: string): string | null {
    return this.files.get(path) ?? null;
  }
  writeFile(path: string, text: string): void {
    this.files.set(path, text);
  }
  removeFile(path: string): void {
    this.files.delete(path);
  }
}

/** A logger that keeps what it was told. */
export class MemoryLogger implements ShellLogger {
  lines: Array<{ level: string; msg: string; obj: object }> = [];
  info(obj: object, msg: string): void {
    this.lines.push({ level: 'info', msg, obj });
  }
  warn(obj: object, msg: string): void {
    this.lines.push({ level: 'warn', msg, obj });
  }
  error(obj: object, msg: string): void {
    this.lines.push({ level: 'error', msg, obj });
  }
}
