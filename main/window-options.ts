import type { BrowserWindowConstructorOptions } from 'electron';
import type { ShellConfig } from './config';
import { CITIZEN_ARG } from './ipc-channels';
import type { WindowBounds } from './ports';
import { isCitizenRole, roleLabel } from './roles';

/** Inputs for {@link windowOptionsFor} that come from the running app rather than the configuration. */
export interface WindowContext {
  /** Absolute path of the bundled CommonJS preload (dist-electron/preload.cjs). */
  preloadPath: string;
  /** The chosen monitor's bounds, when the configuration names one. */
  bounds?: WindowBounds;
}


/**
 * The BrowserWindow options for a role. Citizen roles (kiosk, display, window, eval) are full screen in
 * kiosk mode with no frame, menu, devtools, dialogs or spellcheck; the clerk gets a normal window. Every
 * role gets the same hardened web preferences: context isolation, sandbox, no Node, web security.
 *
 * Kiosk mode on Linux and Windows is only full screen: the OS still has Alt+Tab and friends, which is
 * why docs/electron.md describes the OS-level lock-down as well.
 */
export function windowOptionsFor(config: Pick<ShellConfig, 'role' | 'window'>, ctx: WindowContext): BrowserWindowConstructorOptions {
  const citizen = isCitizenRole(config.role);
  const webPreferences: BrowserWindowConstructorOptions['webPreferences'] = {
    preload: ctx.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: false,
    safeDialogs: true,
    // A display keeps animating and announcing calls when it is not focused; so does a kiosk.
    backgroundThrottling: false,
    autoplayPolicy: 'no-user-gesture-required',
    // alert()/confirm() would freeze a citizen screen behind a modal nobody can dismiss.
    disableDialogs: citizen,
    additionalArguments: citizen ? [CITIZEN_ARG] : [],
  };
  const common: BrowserWindowConstructorOptions = {
    title: `一窗 · ${roleLabel(config)}`,
    show: false,
    backgroundColor: '#0b1f3a',
    autoHideMenuBar: true,
    webPreferences,
    ...(ctx.bounds ? { ...ctx.bounds } : {}),
  };
  if (!citizen) {
    return { ...common, width: ctx.bounds?.width ?? 1366, height: ctx.bounds?.height ?? 800, minWidth: 1024, minHeight: 640 };
  }
  return {
    ...common,
    kiosk: true,
    fullscreen: true,
    fullscreenable: true,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    closable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
  };
}
