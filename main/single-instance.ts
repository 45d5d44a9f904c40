import { join } from 'node:path';
import type { ShellApp } from './ports';
import type { Scheduler } from './timing';

/**
 * One process per terminal identity on a machine. Electron's single-instance lock lives in the
 * userData directory, so each identity (role, and window number for window screens) gets its own
 * userData directory first: a kiosk and a clerk terminal may share a PC, two kiosks may not.
 *
 * A process started by the restart policy may find the lock still held by the process that is just
 * exiting; it waits a little for it instead of quitting at once.
 */

export interface SingleInstanceOptions {
  /** e.g. `kiosk` or `window-3`. */
  key: string;
  /** True for a process the restart policy started. */
  relaunched: boolean;
  scheduler: Scheduler;
  /** Lock attempts for a relaunched process, `retryMs` apart. */
  retries?: number;
  retryMs?: number;
}

/** The userData directory of a terminal identity: `<appData>/yichuang/<key>`. */
export function userDataDirFor(appData: string, key: string): string {
  return join(appData, 'yichuang', key);
}

/**
 * Moves userData to the identity's directory and takes the lock. Resolves true when this process owns
 * the terminal; false when another process does (the caller quits).
 */
export async function acquireInstanceLock(app: ShellApp, opts: SingleInstanceOptions): Promise<boolean> {
  // Must happen before the lock (and before `ready`): the lock file lives in userData.
  app.setPath('userData', userDataDirFor(app.getPath('appData'), opts.key));
  const attempts = opts.relaunched ? (opts.retries ?? 10) : 1;
  for (let i = 0; i < attempts; i += 1) {
    if (app.requestSingleInstanceLock({ key: opts.key })) return true;
    if (i + 1 < attempts) await new Promise<void>((resolve) => opts.scheduler.setTimeout(resolve, opts.retryMs ?? 500));
  }
  return false;
}
