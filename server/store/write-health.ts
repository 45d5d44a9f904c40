/**
 * The health of the hall's writes. A hall whose disk is full still answers reads, so `/healthz` cannot
 * judge by being reachable: the store (and the HTTP error handler, for writes outside the hall's
 * commands, such as a login) record each write that failed for want of storage, and health reports it
 * until a write succeeds again.
 */

/** SQLite's and the file system's codes for "the data cannot be written" (full, read-only, I/O, locked out). */
const STORAGE_CODES = /^(SQLITE_(FULL|READONLY|IOERR|CANTOPEN|PERM|CORRUPT|NOTADB)(_[A-Z_]+)?|ENOSPC|EROFS|EACCES|EPERM|EDQUOT|EIO|ENOTDIR)$/;

/** Whether an error is the storage refusing a write (as opposed to a bug, which stays INTERNAL). */
export function isStorageFailure(err: unknown): err is Error & { code: string } {
  if (!(err instanceof Error) || !('code' in err)) return false;
  return typeof err.code === 'string' && STORAGE_CODES.test(err.code);
}

export interface WriteHealthView {
  /** False from a failed write until the next successful one. */
  ok: boolean;
  lastFailure: { at: string; code: string } | null;
  lastSuccessAt: string | null;
}

export class WriteHealth {
  private ok = true;
  private lastFailure: { at: number; code: string } | null = null;
  private lastSuccess: number | null = null;

  succeeded(now: number): void {
    this.ok = true;
    this.lastSuccess = now;
  }

  failed(code: string, now: number): void {
    this.ok = false;
    this.lastFailure = { at: now, code };
  }

  view(): WriteHealthView {
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      ok: this.ok,
      lastFailure: this.lastFailure ? { at: iso(this.lastFailure.at), code: this.lastFailure.code } : null,
      lastSuccessAt: this.lastSuccess === null ? null : iso(this.lastSuccess),
    };
  }
}

/**
 * The hall could not open its database for writing at start: the message names the folder and the fix,
 * for the operator's console (cli.ts prints it without a stack trace).
 */
export class StorageStartError extends Error {
  constructor(
    readonly folder: string,
    readonly code: string,
  ) {
    super(
      `The hall cannot write its data folder ${folder} (${code}). ` +
        'Give the folder to the user that runs the hall (e.g. `chown -R <user> <folder>` and `chmod u+rwx <folder>`), ' +
        'free disk space if it is full, or start with `--data <a writable folder>`.',
    );
    this.name = 'StorageStartError';
  }
}
