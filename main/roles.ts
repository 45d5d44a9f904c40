import type { ShellConfig, ShellRole } from './config';

/**
 * What each role means to the shell: the page it loads from the hall server, whether a citizen can
 * touch it (then it is locked down), and the name it shows on the offline page.
 */

/** Roles in front of the public: full screen, kiosk mode, no way out. The clerk terminal is a normal window. */
export function isCitizenRole(role: ShellRole): boolean {
  return role !== 'clerk';
}

/** Roles that hold a device token (clerks sign in with a password instead). */
export function usesDeviceToken(role: ShellRole): boolean {
  return role !== 'clerk';
}

const ROLE_PATHS: Record<ShellRole, string> = {
  kiosk: '/kiosk',
  clerk: '/clerk',
  display: '/display',
  window: '/display',
  eval: '/eval',
};

const ROLE_LABELS: Record<ShellRole, string> = {
  kiosk: '取号机',
  clerk: '窗口工作台',
  display: '综合屏',
  window: '窗口屏',
  eval: '评价器',
};

/** The hall server page this terminal shows, e.g. `http://10.0.0.5:8080/display?window=3`. */
export function rolePageUrl(config: Pick<ShellConfig, 'role' | 'server' | 'window'>): string {
  const url = new URL(ROLE_PATHS[config.role], config.server);
  if (config.role === 'window' && config.window !== undefined) url.searchParams.set('window', String(config.window));
  return url.toString();
}

/** The Chinese name of a terminal, e.g. `窗口屏（3 号窗口）`. */
export function roleLabel(config: Pick<ShellConfig, 'role' | 'window'>): string {
  const base = ROLE_LABELS[config.role];
  return config.role === 'window' && config.window !== undefined ? `${base}（${config.window} 号窗口）` : base;
}

/**
 * The identity of the single-instance lock: one process per role on a machine, and per window number
 * for window screens (one PC may drive the screens of two windows).
 */
export function instanceKey(config: Pick<ShellConfig, 'role' | 'window'>): string {
  return config.role === 'window' ? `window-${config.window ?? 0}` : config.role;
}
