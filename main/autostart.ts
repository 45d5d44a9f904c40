import { join } from 'node:path';
import type { LoginItem } from './ports';

/**
 * Start at login, when the configuration asks for it. Windows (and macOS) have login items;
 * Electron ignores them on Linux, where the shell writes an XDG autostart entry instead. For a locked
 * kiosk, docs/electron.md prefers a systemd user unit (it also restarts the program); autostart is the
 * simple way for a clerk PC.
 *
 * The entry starts the program with the same options it runs with now, minus the device token: a
 * token belongs in the config file (mode 0600), not in a world-readable .desktop file.
 */

export type AutostartPlan =
  | { kind: 'none' }
  | { kind: 'login-item'; settings: LoginItem }
  | { kind: 'xdg-write'; path: string; content: string }
  | { kind: 'xdg-remove'; path: string };

export interface AutostartInput {
  enabled: boolean | undefined;
  platform: NodeJS.Platform;
  /** The program to start: the AppImage file when running from one, else the executable. */
  executable: string;
  /** This launch's arguments, without the executable. */
  args: string[];
  /** `~/.config` (XDG_CONFIG_HOME) on Linux. */
  configHome: string;
  /** e.g. `kiosk` or `window-3`: one entry per terminal identity. */
  key: string;
  /** The Chinese terminal name for the entry's Name. */
  label: string;
}

/** What to do about autostart; `enabled: undefined` leaves whatever is there alone. */
export function planAutostart(input: AutostartInput): AutostartPlan {
  if (input.enabled === undefined) return { kind: 'none' };
  const args = stripSecrets(input.args);
  if (input.platform === 'win32' || input.platform === 'darwin') {
    return { kind: 'login-item', settings: { openAtLogin: input.enabled, path: input.executable, args } };
  }
  const path = join(input.configHome, 'autostart', `yichuang-${input.key}.desktop`);
  if (!input.enabled) return { kind: 'xdg-remove', path };
  const exec = [input.executable, ...args].map(desktopQuote).join(' ');
  const content = [
    '[Desktop Entry]',
    'Type=Application',
    `Name=一窗 ${input.label}`,
    `Exec=${exec}`,
    'Terminal=false',
    'NoDisplay=true',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  return { kind: 'xdg-write', path, content };
}

/** The side effects of an {@link AutostartPlan}. */
export interface AutostartEffects {
  setLoginItemSettings(settings: LoginItem): void;
  writeFile(path: string, content: string): void;
  removeFile(path: string): void;
}

export function applyAutostart(plan: AutostartPlan, fx: AutostartEffects): void {
  if (plan.kind === 'login-item') fx.setLoginItemSettings(plan.settings);
  else if (plan.kind === 'xdg-write') fx.writeFile(plan.path, plan.content);
  else if (plan.kind === 'xdg-remove') fx.removeFile(plan.path);
}

/** Drops `--device-token T` / `--device-token=T`, so the secret stays out of autostart entries. */
export function stripSecrets(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] ?? '';
    if (a === '--device-token') {
      i += 1;
      continue;
    }
    if (a.startsWith('--device-token=')) continue;
    out.push(a);
  }
  return out;
}

// The desktop entry spec: quote arguments with spaces or reserved characters; escape ", `, $ and \
// inside quotes; a literal % is written %% (a lone % starts a field code such as %U).
function desktopQuote(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}
