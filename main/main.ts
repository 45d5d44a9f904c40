/**
 * The main-process entry (bundled to dist-electron/main.cjs): the composition root that hands the real
 * Electron host, Node's fs and timers, Chromium's fetch, pino and the printer module to runShell.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { createTicketPrinter } from '../printers/ticket-printer';
import { createElectronHost, sessionFetch } from './electron-adapter';
import type { ShellFs } from './ports';
import { runShell } from './shell';
import { systemScheduler } from './timing';

const logger = pino({ name: 'yichuang-shell', base: { pid: process.pid } });

const fs: ShellFs = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  },
  writeFile(path, text) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode: 0o600 });
  },
  removeFile(path) {
    rmSync(path, { force: true });
  },
};

// The bundle sits in dist-electron/ next to preload.cjs and offline-font.css.
const here = __dirname;

let fatalHandler: ((err: unknown) => void) | null = null;
// Installed at once, so even an error during start-up is handled (and Electron's error dialog,
// which would sit on a citizen screen, never appears).
process.on('uncaughtException', (err) => {
  if (fatalHandler) fatalHandler(err);
  else {
    logger.fatal({ err: String(err) }, 'uncaught exception before the shell started');
    process.exit(1);
  }
});
process.on('unhandledRejection', (reason) => logger.error({ reason: String(reason) }, 'unhandled promise rejection'));

void runShell({
  host: createElectronHost(),
  argv: process.argv.slice(1),
  env: process.env,
  platform: process.platform,
  executable: process.env.APPIMAGE ?? process.execPath,
  hostname: hostname(),
  configHome: process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'),
  fs,
  // Chromium's fetch: the probe sees the hall's certificate through the same pin as the pages.
  fetch: sessionFetch,
  scheduler: systemScheduler,
  logger,
  onFatal: (handler) => {
    fatalHandler = handler;
  },
  createPrinter: (config) => createTicketPrinter(config, { logger }),
  preloadPath: join(here, 'preload.cjs'),
  fontCss: fs.readFile(join(here, 'offline-font.css')) ?? '',
}).catch((err: unknown) => {
  logger.fatal({ err: String(err) }, 'the shell failed to start');
  process.exit(1);
});
