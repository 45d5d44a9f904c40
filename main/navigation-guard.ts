import type { NavigationAttempt, ShellWebContents } from './ports';

/**
 * The navigation guard: a terminal goes to the hall server's own origin and nowhere else. New windows
 * are denied, webviews refused, and nothing is handed to the OS to open (no shell.openExternal anywhere
 * in the shell). The offline page is loaded by the main process itself, so it never needs the guard's
 * permission; a page cannot navigate to it.
 */

/** True when `url` is on the hall server's origin (scheme, host and port all equal). */
export function isSameOrigin(url: string, origin: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  // about:blank and friends have the opaque origin "null", which never equals a server's origin.
  return u.origin === origin;
}

/** The decision for one navigation attempt; exported so tests can table-drive it. */
export function allowNavigation(url: string, origin: string): boolean {
  return isSameOrigin(url, origin);
}

/** Logs refusals without the query string (a URL might carry something personal). */
export type GuardLog = (event: 'navigation-blocked' | 'window-open-denied' | 'webview-blocked', url: string) => void;

/** Attaches the guard to one web contents; call it before the first load. */
export function attachNavigationGuard(contents: ShellWebContents, origin: string, log: GuardLog = () => {}): void {
  const check = (nav: NavigationAttempt) => {
    if (!allowNavigation(nav.url, origin)) {
      nav.preventDefault();
      log('navigation-blocked', redact(nav.url));
    }
  };
  contents.on('will-navigate', check);
  contents.on('will-frame-navigate', check);
  contents.on('will-redirect', check);
  contents.on('will-attach-webview', (nav) => {
    nav.preventDefault();
    log('webview-blocked', redact(nav.url));
  });
  // A beforeunload handler must not keep a terminal on a page: the watchdog and the reconnect loop
  // have to be able to load the role page or the offline page at any time.
  contents.on('will-prevent-unload', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    log('window-open-denied', redact(url));
    return { action: 'deny' };
  });
}

/** Permissions a terminal page may be granted, and only from the hall server's origin. */
const GRANTED_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write']);

/**
 * The session permission policy: deny camera, microphone, geolocation, notifications, HID, serial,
 * USB and everything else; the pages need none of them (printing goes through the bridge).
 */
export function allowPermission(permission: string, requestingUrl: string, origin: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isSameOrigin(requestingUrl, origin);
}

function redact(url: string): string {
  if (!URL.canParse(url)) return url.slice(0, 64);
  const u = new URL(url);
  return u.protocol === 'data:' ? 'data:…' : `${u.origin}${u.pathname}`;
}
