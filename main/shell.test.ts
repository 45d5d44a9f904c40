import { describe, expect, it } from 'vitest';
import type { PrinterStatus, PrintResult, TicketPrintData } from '../protocol/print';
import { IPC } from './ipc-channels';
import { RELAUNCH_FLAG } from './restart-policy';
import { EXIT_BAD_CONFIG, runShell, type ShellDeps } from './shell';
import { FakeHost, ManualScheduler, MemoryFs, MemoryLogger, navigation } from './testing/fakes';

const SERVER = 'http://10.0.0.5:8080';
const CONFIG_FILE = '/home/kiosk/.config/yichuang/config.json';
const status: PrinterStatus = { online: true, paper: 'ok', coverOpen: false, error: null, checkedAt: '2025-03-03T01:00:00.000Z' };

function setup(argv: string[], opts: { file?: object; env?: Record<string, string> } = {}) {
  const host = new FakeHost();
  const scheduler = new ManualScheduler();
  const fs = new MemoryFs();
  if (opts.file) fs.writeFile(CONFIG_FILE, JSON.stringify(opts.file));
  const logger = new MemoryLogger();
  const server = { up: true, probes: 0 };
  const printed: TicketPrintData[] = [];
  let fatal: (err: unknown) => void = () => {};
  const deps: ShellDeps = {
    host,
    argv,
    env: opts.env ?? {},
    platform: 'linux',
    executable: '/opt/Yichuang/yichuang',
    hostname: 'kiosk-1',
    configHome: '/home/kiosk/.config',
    fs,
    fetch: async () => {
      server.probes += 1;
      if (!server.up) throw new TypeError('fetch failed');
      return { status: 200 };
    },
    scheduler,
    logger,
    onFatal: (h) => (fatal = h),
    createPrinter: () => ({
      print: async (d: TicketPrintData): Promise<PrintResult> => (printed.push(d), { ok: true, status }),
      status: async () => status,
    }),
    preloadPath: '/opt/Yichuang/resources/app.asar/dist-electron/preload.cjs',
    fontCss: '',
  };
  return { host, scheduler, fs, logger, server, printed, deps, fatal: (err: unknown) => fatal(err) };
}

const kioskArgs = ['--role', 'kiosk', '--server', SERVER, '--device-token', 'kiosk-token-1'];

describe('runShell', () => {
  it('exits with status 2 and opens nothing when the configuration is bad', async () => {
    const t = setup(['--role', 'kiosk']);
    expect(await runShell(t.deps)).toBeNull();
    expect(t.host.app.exits).toEqual([EXIT_BAD_CONFIG]);
    expect(t.host.windows).toEqual([]);
    expect(t.logger.lines[0]).toMatchObject({ level: 'error', obj: { code: 'BAD_CONFIG' } });
  });

  it('quits when the same terminal already runs on this machine', async () => {
    const t = setup(kioskArgs);
    t.host.app.heldLocks.add('/home/kiosk/.config/yichuang/kiosk');
    expect(await runShell(t.deps)).toBeNull();
    expect(t.host.app.quits).toBe(1);
    expect(t.host.windows).toEqual([]);
  });

  it('starts a kiosk locked down: no menu, screen awake, kiosk window, role page from the hall server', async () => {
    const t = setup(kioskArgs);
    const shell = await runShell(t.deps);
    expect(shell?.config.role).toBe('kiosk');
    expect(t.host.menuRemoved).toBe(1);
    expect(t.host.sleepBlocked).toBe(1);
    expect(t.host.app.switches).toEqual([['overscroll-history-navigation', '0']]);
    expect(t.host.windows).toHaveLength(1);
    expect(t.host.window.options).toMatchObject({ kiosk: true, fullscreen: true, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(t.host.window.webContents.loads).toEqual([`${SERVER}/kiosk`]);
    expect([...t.host.ipc.keys()].sort()).toEqual(Object.values(IPC).sort());
    expect(t.host.permissionPolicy?.('media', `${SERVER}/kiosk`)).toBe(false);
    t.host.window.fire('ready-to-show');
    expect(t.host.window.shown).toBe(1);
  });

  it('guards the real window: foreign navigation refused, keys swallowed, close refused until the program quits', async () => {
    const t = setup(kioskArgs);
    await runShell(t.deps);
    const w = t.host.window;
    const away = navigation('https://www.example.com/');
    w.webContents.fire('will-navigate', away);
    expect(away.prevented).toBe(true);
    let keyBlocked = false;
    w.webContents.fire('before-input-event', {
      input: { type: 'keyDown', key: 'F5', code: 'F5', control: false, alt: false, shift: false, meta: false },
      preventDefault: () => (keyBlocked = true),
    });
    expect(keyBlocked).toBe(true);
    expect(w.tryClose()).toBe(false);
    t.host.app.fire('before-quit');
    expect(w.tryClose()).toBe(true);
    expect(t.host.app.relaunches).toEqual([]);
  });

  it('shows the Chinese offline page when the server is unreachable and returns to the role page when it is back', async () => {
    const t = setup(kioskArgs);
    await runShell(t.deps);
    const wc = t.host.window.webContents;
    t.server.up = false;
    wc.fire('did-fail-load', { errorCode: -102, errorDescription: 'ERR_CONNECTION_REFUSED', url: `${SERVER}/kiosk`, isMainFrame: true });
    const offline = wc.loads.at(-1) ?? '';
    expect(offline.startsWith('data:text/html')).toBe(true);
    expect(decodeURIComponent(offline)).toContain('暂时无法连接大厅服务器');
    await t.scheduler.advance(60_000);
    expect(t.server.probes).toBeGreaterThan(2);
    expect(wc.loads.at(-1)?.startsWith('data:')).toBe(true);
    t.server.up = true;
    for (let s = 0; s < 60 && wc.loads.at(-1) !== `${SERVER}/kiosk`; s += 1) await t.scheduler.advance(1_000);
    expect(wc.loads.at(-1)).toBe(`${SERVER}/kiosk`);
    wc.finishLoad();
    expect(t.logger.lines.filter((l) => l.msg === 'connection').map((l) => (l.obj as { state: string }).state)).toEqual(['loading', 'offline', 'loading', 'online']);
  });

  it('takes a server error page for the role page as offline too', async () => {
    const t = setup(kioskArgs);
    await runShell(t.deps);
    const wc = t.host.window.webContents;
    wc.fire('did-navigate', { url: `${SERVER}/kiosk`, httpResponseCode: 502 });
    expect(decodeURIComponent(wc.loads.at(-1) ?? '')).toContain('服务器返回错误 (HTTP 502)');
  });

  it('reloads the role page after a renderer crash', async () => {
    const t = setup(kioskArgs);
    await runShell(t.deps);
    const wc = t.host.window.webContents;
    wc.finishLoad();
    wc.fire('render-process-gone', { reason: 'crashed', exitCode: 11 });
    await t.scheduler.advance(1_000);
    expect(wc.loads).toEqual([`${SERVER}/kiosk`, `${SERVER}/kiosk`]);
  });

  it('replaces the window when the renderer keeps crashing', async () => {
    const t = setup(kioskArgs);
    await runShell(t.deps);
    const first = t.host.window;
    for (let i = 0; i < 4; i += 1) first.webContents.fire('render-process-gone', { reason: 'crashed', exitCode: 11 });
    expect(first.destroyed).toBe(true);
    expect(t.host.windows).toHaveLength(2);
    expect(t.host.window.webContents.loads).toEqual([`${SERVER}/kiosk`]);
    expect(t.host.app.relaunches).toEqual([]); // replacing the window is not a restart
  });

  it('starts the program again when a citizen window disappears or the main process throws', async () => {
    const t = setup(kioskArgs);
    await runShell(t.deps);
    t.host.window.destroy();
    await t.scheduler.advance(1_000);
    expect(t.host.app.relaunches).toEqual([[...kioskArgs, RELAUNCH_FLAG]]);
    expect(t.host.app.exits).toEqual([1]);

    const u = setup(kioskArgs);
    await runShell(u.deps);
    u.fatal(new Error('boom'));
    await u.scheduler.advance(1_000);
    expect(u.host.app.relaunches).toHaveLength(1);
  });

  it('leaves restarts to systemd when it runs under a unit', async () => {
    const t = setup(kioskArgs, { env: { INVOCATION_ID: 'abc' } });
    await runShell(t.deps);
    t.fatal(new Error('boom'));
    expect(t.host.app.exits).toEqual([1]);
    expect(t.host.app.relaunches).toEqual([]);
  });

  it('brings its window forward when a second copy is started', async () => {
    const t = setup(kioskArgs);
    await runShell(t.deps);
    t.host.window.minimized = true;
    t.host.app.fire('second-instance');
    expect([t.host.window.restored, t.host.window.focused]).toEqual([1, 1]);
  });

  it('answers the bridge for the hall server page only, with the token it keeps', async () => {
    const t = setup(kioskArgs);
    await runShell(t.deps);
    const page = { url: `${SERVER}/kiosk`, isMainFrame: true };
    expect(await t.host.invoke(IPC.getDeviceToken, page)).toBe('kiosk-token-1');
    await expect(t.host.invoke(IPC.getDeviceToken, { url: 'data:text/html,x', isMainFrame: true })).rejects.toThrow('FORBIDDEN');
    expect(await t.host.invoke(IPC.getDeviceInfo, page)).toMatchObject({ role: 'kiosk', label: '取号机', hasPrinter: false, hostname: 'kiosk-1' });
    expect(await t.host.invoke(IPC.printTicket, page, {})).toMatchObject({ ok: false, code: 'PRINT_BAD_DATA' });
  });

  it('prints through the configured kiosk printer', async () => {
    const printer = { uri: 'tcp://192.168.1.50:9100', type: 'epson', paperWidthMm: 80, timeoutMs: 5000 };
    const t = setup([], { file: { role: 'kiosk', server: SERVER, deviceToken: 'kiosk-token-1', printer } });
    await runShell(t.deps);
    const ticket: TicketPrintData = {
      hallName: '某某区政务服务中心',
      number: 'A023',
      serviceNames: ['居民身份证换领'],
      ahead: 0,
      estimatedWaitMinutes: 0,
      takenAt: '2025-03-03T09:12:00+08:00',
      statusUrl: `${SERVER}/t/abc`,
      materials: [],
    };
    expect(await t.host.invoke(IPC.printTicket, { url: `${SERVER}/kiosk`, isMainFrame: true }, ticket)).toEqual({ ok: true, status });
    expect(t.printed).toEqual([ticket]);
  });

  it('runs the clerk in a normal window that quits when closed, without a device token', async () => {
    const t = setup(['--role', 'clerk', '--server', SERVER, '--device-token', 'should-not-be-used']);
    await runShell(t.deps);
    expect(t.host.sleepBlocked).toBe(0);
    expect(t.host.app.switches).toEqual([]);
    expect(t.host.window.options.kiosk).toBeUndefined();
    expect(await t.host.invoke(IPC.getDeviceToken, { url: `${SERVER}/clerk`, isMainFrame: true })).toBeNull();
    expect(t.host.window.tryClose()).toBe(true);
    t.host.app.fire('window-all-closed');
    expect(t.host.app.quits).toBe(1);
    expect(t.host.app.relaunches).toEqual([]);
  });

  it('puts a window screen on the configured monitor and loads its window page', async () => {
    const t = setup(['--role', 'window', '--window', '3', '--server', SERVER, '--screen', '1']);
    t.host.screens = [
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1280, height: 720 },
    ];
    await runShell(t.deps);
    expect(t.host.window.options).toMatchObject({ x: 1920, y: 0, width: 1280, height: 720 });
    expect(t.host.window.webContents.loads).toEqual([`${SERVER}/display?window=3`]);
    expect(t.host.app.getPath('userData')).toBe('/home/kiosk/.config/yichuang/window-3');
  });

  it('writes the XDG autostart entry when the configuration asks for it', async () => {
    const t = setup(['--config', CONFIG_FILE]);
    t.fs.writeFile(CONFIG_FILE, JSON.stringify({ role: 'display', server: SERVER, autostart: true }));
    await runShell(t.deps);
    expect(t.fs.readFile('/home/kiosk/.config/autostart/yichuang-display.desktop')).toContain(`Exec=/opt/Yichuang/yichuang --config ${CONFIG_FILE}`);
  });
});
