import type { KeyInput, ShellWebContents } from './ports';

/**
 * Keyboard lock-down for citizen screens. A kiosk normally has only a touch screen, but a keyboard can
 * be plugged in; with it, a citizen must not reload, close, zoom, print, open devtools or walk the
 * history. So every chord with Ctrl, Alt or Meta is swallowed, as are function keys and the browser
 * and context-menu keys. Plain typing (digits, letters, Shift for capitals such as the X of an ID
 * number, Backspace, Enter, arrows) still reaches the page.
 *
 * Keys the OS or the window manager handles first (Alt+Tab, Ctrl+Alt+Del, the Windows key) never get
 * here; docs/electron.md covers those at the OS level.
 */

const BLOCKED_KEYS = new Set([
  'ContextMenu',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserStop',
  'Print',
  'PrintScreen',
  'Help',
  'LaunchApplication1',
  'LaunchApplication2',
  'LaunchMail',
  'LaunchWebBrowser',
  'ZoomIn',
  'ZoomOut',
  'ZoomToggle',
]);

/** True when a citizen screen must swallow this key press. */
export function shouldBlockInput(input: KeyInput): boolean {
  if (input.control || input.alt || input.meta) return true;
  if (/^F\d{1,2}$/.test(input.key)) return true;
  return BLOCKED_KEYS.has(input.key);
}

/** Swallows blocked keys before the page or Chromium sees them, and pins the zoom level. */
export function attachInputGuard(contents: ShellWebContents): void {
  contents.on('before-input-event', (attempt) => {
    if (shouldBlockInput(attempt.input)) attempt.preventDefault();
  });
  // Pinch-to-zoom on a touch screen would leave the page magnified with no way back. The limit belongs
  // to the renderer, so it is set again after every load (a crash or reconnect brings a new one).
  contents.setVisualZoomLevelLimits(1, 1);
  contents.on('did-finish-load', () => contents.setVisualZoomLevelLimits(1, 1));
}
