import { join } from 'node:path';
import type { PrinterConfig } from '../protocol/print';
import type { DeviceInfo } from '../protocol/bridge';
import { applyAutostart, planAutostart } from './autostart';
import { type LocalPrinter, registerBridge } from './bridge-handlers';
import { certificatePolicy } from './certificate-pin';
import { resolveShellConfig, type ShellConfig } from './config';
import { ConnectionMonitor, type ConnectionMonitorOptions, DEFAULT_MONITOR_OPTIONS } from './connection-monitor';
import { createHealthProbe, type FetchLike } from './health-probe';
import { attachInputGuard } from './input-guard';
import { allowPermission, attachNavigationGuard, isSameOrigin } from './navigation-guard';
import { offlinePageUrl, renderOfflinePage } from './offline-page';
import type { ShellFs, ShellHost, ShellLogger, ShellWindow } from './ports';
import { fileRestartStore, isRelaunch, RestartPolicy } from './restart-policy';
import { instanceKey, isCitizenRole, roleLabel, rolePageUrl, usesDeviceToken } from './roles';
import { acquireInstanceLock } from './single-instance';
import type { Scheduler } from './timing';
import { RendererWatchdog } from './watchdog';
import { windowOptionsFor } from './window-options';

/**
 * The shell's composition: configuration, single instance, restart policy, the window with its guards,
 * the reconnect loop, the watchdog and the bridge, wired together against the ports in ports.ts.
 * main.ts calls it with the Electron host; shell.test.ts with fakes.
 */

export interface ShellDeps {
  host: ShellHost;
  /** The process's arguments after the executable (`process.argv.slice(1)`). */
  argv: string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** What autostart should run: the AppImage when running from one, else the executable. */
  executable: string;
  hostname: string;
  /** XDG_CONFIG_HOME (or ~/.config), where Linux autostart entries go. */
  configHome: string;
  fs: ShellFs;
  fetch: FetchLike;
  scheduler: Scheduler;
  logger: ShellLogger;
  /** Registers the handler for the main process's uncaught exceptions. */
  onFatal(handler: (err: unknown) => void): void;
  createPrinter(config: PrinterConfig): LocalPrinter;
  /** Absolute path of dist-electron/preload.cjs. */
  preloadPath: string;
  /** @font-face rules for the offline page (dist-electron/offline-font.css), or ''. */
  fontCss: string;
  monitorOptions?: ConnectionMonitorOptions;
}

/** A running shell, for tests and for the composition root. */
export interface ShellRuntime {
  config: ShellConfig;
  window(): ShellWindow;
  monitor: ConnectionMonitor;
  watchdog: RendererWatchdog;
  restart: RestartPolicy;
}

/** Exit status for a configuration that cannot run (systemd: `RestartPreventExitStatus=2`). */
export const EXIT_BAD_CONFIG = 2;

/**
 * Starts one terminal. Resolves null when this process must not run (bad configuration: it exits 2;
 * another process already is this terminal: it quits).
 */
export async function runShell(deps: ShellDeps): Promise<ShellRuntime | null> {
  const { host, logger } = deps;
  const { app } = host;
  const resolved = resolveShellConfig(deps.argv, join(app.getPath('appData'), 'yichuang', 'config.json'), deps.fs);
  if (!resolved.ok) {
    logger.error({ code: resolved.error.code }, resolved.error.message);
    app.exit(EXIT_BAD_CONFIG);
    return null;
  }
  const { config } = resolved;
  const key = instanceKey(config);
  logger.info({ role: config.role, server: config.server, window: config.window ?? null, file: resolved.source.file }, 'starting terminal');

  if (!(await acquireInstanceLock(app, { key, relaunched: isRelaunch(deps.argv), scheduler: deps.scheduler }))) {
    logger.warn({ key }, 'this terminal already runs on this machine; quitting');
    app.quit();
    return null;
  }

  const supervised = deps.argv.includes('--supervised') || Boolean(deps.env.INVOCATION_ID) || deps.env.YICHUANG_SUPERVISED === '1';
  const restart = new RestartPolicy({
    relaunch: (args) => app.relaunch({ args }),
    exit: (code) => app.exit(code),
    store: fileRestartStore(join(app.getPath('userData'), 'restarts.json'), deps.fs),
    scheduler: deps.scheduler,
    supervised,
    args: deps.argv,
    log: (event, detail) => logger.warn(detail, event),
  });
  deps.onFatal((err) => {
    logger.error({ err: String(err) }, 'uncaught exception in the main process');
    restart.restart('uncaught exception');
  });

  const citizen = isCitizenRole(config.role);
  // A swipe on a touch screen or touchpad would walk the page history back (Windows); not on a citizen screen.
  if (citizen) app.appendSwitch('overscroll-history-navigation', '0');
  await app.whenReady();
  host.removeApplicationMenu();
  host.setPermissionPolicy((permission, url) => allowPermission(permission, url, config.server));
  // Before the first page or probe: a pinned hall is reached only with its own certificate.
  host.setCertificatePolicy(certificatePolicy(config.server, config.certFingerprint ?? null));
  if (citizen) host.preventDisplaySleep();
  setUpAutostart(deps, config, key);

  const printer = config.role === 'kiosk' && config.printer ? deps.createPrinter(config.printer as PrinterConfig) : null;
  const deviceInfo: DeviceInfo = {
    role: config.role,
    window: config.window ?? null,
    server: config.server,
    label: roleLabel(config),
    hasPrinter: printer !== null,
    hostname: deps.hostname,
    shellVersion: app.getVersion(),
    platform: deps.platform,
  };
  if (usesDeviceToken(config.role) && !config.deviceToken) logger.warn({ role: config.role }, 'no device token configured');
  registerBridge((channel, handler) => host.handleIpc(channel, handler), {
    origin: config.server,
    deviceInfo,
    deviceToken: usesDeviceToken(config.role) ? (config.deviceToken ?? null) : null,
    printer,
    log: (event, detail) => logger.warn(detail, event),
  });

  return startWindow(deps, config, restart);
}

function setUpAutostart(deps: ShellDeps, config: ShellConfig, key: string): void {
  const plan = planAutostart({
    enabled: config.autostart,
    platform: deps.platform,
    executable: deps.executable,
    args: deps.argv,
    configHome: deps.configHome,
    key,
    label: roleLabel(config),
  });
  try {
    applyAutostart(plan, {
      setLoginItemSettings: (s) => deps.host.app.setLoginItemSettings(s),
      writeFile: (path, content) => deps.fs.writeFile(path, content),
      removeFile: (path) => deps.fs.removeFile(path),
    });
  } catch (err) {
    deps.logger.warn({ err: String(err), plan: plan.kind }, 'autostart could not be set up');
  }
}

function startWindow(deps: ShellDeps, config: ShellConfig, restart: RestartPolicy): ShellRuntime {
  const { host, logger } = deps;
  const citizen = isCitizenRole(config.role);
  const origin = config.server;
  const pageUrl = rolePageUrl(config);
  let win: ShellWindow;
  let quitting = false;
  let replacing = false;

  const load = (url: string) => {
    if (win.isDestroyed()) return;
    // Failures also arrive as did-fail-load, which drives the reconnect loop; the rejection is noise.
    win.webContents.loadURL(url).catch(() => undefined);
  };
  const monitor = new ConnectionMonitor(
    {
      probe: createHealthProbe(origin, deps.fetch),
      showRolePage: () => load(pageUrl),
      showOffline: (status) =>
        load(offlinePageUrl(renderOfflinePage({ status, terminal: roleLabel(config), server: origin, fontCss: deps.fontCss }))),
      scheduler: deps.scheduler,
      onStateChange: (state, reason) => logger.info({ state, reason: reason ?? null }, 'connection'),
    },
    deps.monitorOptions ?? DEFAULT_MONITOR_OPTIONS,
  );
  const watchdog = new RendererWatchdog({
    reload: () => monitor.start(),
    crashRenderer: () => win.webContents.forcefullyCrashRenderer(),
    recreateWindow: () => {
      monitor.stop();
      replacing = true;
      win.destroy();
      replacing = false;
      win = openWindow();
      monitor.start();
    },
    restartApp: (reason) => restart.restart(reason),
    scheduler: deps.scheduler,
    log: (event, detail) => logger.warn(detail, event),
  });

  function openWindow(): ShellWindow {
    const displays = host.displays();
    const bounds = config.screen === undefined ? undefined : displays[config.screen];
    if (config.screen !== undefined && !bounds) logger.warn({ screen: config.screen, displays: displays.length }, 'configured screen not found; using the primary one');
    const w = host.createWindow(windowOptionsFor(config, { preloadPath: deps.preloadPath, ...(bounds ? { bounds } : {}) }));
    const contents = w.webContents;
    attachNavigationGuard(contents, origin, (event, url) => logger.warn({ url }, event));
    if (citizen) {
      attachInputGuard(contents);
      w.on('close', (e) => {
        if (!quitting) e.preventDefault();
      });
    }
    contents.on('did-fail-load', (f) => {
      // -3 (ERR_ABORTED) is a navigation replaced by another one, not a failure.
      if (f.isMainFrame && f.errorCode !== -3 && isSameOrigin(f.url, origin)) monitor.rolePageFailed({ kind: 'load-failed', errorCode: f.errorCode });
    });
    contents.on('did-navigate', (d) => {
      if (d.httpResponseCode >= 400 && isSameOrigin(d.url, origin)) monitor.rolePageFailed({ kind: 'http-error', status: d.httpResponseCode });
    });
    contents.on('did-finish-load', () => {
      if (isSameOrigin(contents.getURL(), origin)) monitor.rolePageLoaded();
    });
    contents.on('render-process-gone', (d) => watchdog.renderProcessGone(d.reason, d.exitCode));
    w.on('unresponsive', () => watchdog.unresponsive());
    w.on('responsive', () => watchdog.responsive());
    w.on('ready-to-show', () => w.show());
    w.on('closed', () => {
      if (replacing || quitting) return;
      monitor.stop();
      if (citizen) restart.restart('terminal window closed');
    });
    return w;
  }

  host.app.on('before-quit', () => {
    quitting = true;
    monitor.stop();
  });
  host.app.on('second-instance', () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  host.app.on('window-all-closed', () => {
    // A citizen screen's window closing is a failure the 'closed' handler restarts; a clerk closing theirs quits.
    if (!citizen && !replacing) host.app.quit();
  });

  win = openWindow();
  monitor.start();
  return { config, window: () => win, monitor, watchdog, restart };
}
