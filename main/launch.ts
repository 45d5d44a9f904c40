/**
 * `npm run app -- --role kiosk --server http://HOST:PORT [--window N] [--device-token T]`
 *
 * Checks that the Electron binary is there (and says so plainly, exiting 1, where it is not), builds
 * the shell, and starts Electron on the project with the given arguments; Electron's exit status
 * becomes ours.
 */
import { spawn } from 'node:child_process';
import { buildElectron, PROJECT_ROOT } from './build';
import { findElectron } from './electron-binary';

const args = process.argv.slice(2);
const electron = findElectron();
if (!electron.ok) {
  process.stderr.write(
    [
      `npm run app: cannot start the desktop shell: ${electron.reason}.`,
      'This machine has no Electron binary (`npx electron --version` fails as well).',
      'Fetch it where GitHub is reachable: `node node_modules/electron/install.js`,',
      'or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45 for this platform.',
      'Meanwhile every terminal also runs in a browser: http://HOST:PORT/kiosk, /clerk, /display, /display?window=N, /eval.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const out = await buildElectron();
process.stderr.write(`built ${Object.keys(out.files).join(', ')}; starting Electron ${electron.version}\n`);

const extra: string[] = [];
// Chromium refuses to run as root with its sandbox on. A kiosk never runs as root (docs/electron.md);
// a developer's container often does, so the dev launcher says what it does about it.
if (process.getuid?.() === 0 && !args.includes('--no-sandbox')) {
  process.stderr.write('running as root: adding --no-sandbox (development only; kiosks run as an unprivileged user)\n');
  extra.push('--no-sandbox');
}

const child = spawn(electron.path, [PROJECT_ROOT, ...args, ...extra], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
