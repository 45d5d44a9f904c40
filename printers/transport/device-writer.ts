/**
 * Single-shot writes to a device path (`/dev/usb/lp0`, a serial port) or an archive file.
 *
 * node-thermal-printer's file interface is not used: after it reports failure (5 s) its
 * write-file-queue keeps retrying for up to 1000 × 200 ms, so a ticket the kiosk already showed on
 * screen can come out of the printer later, and more than once. Here a job is one `open` and one
 * write loop, started exactly once. When the bound passes the caller gets a timeout, and the write
 * that is still pending (a blocked device) is left to finish or fail on its own: it is never
 * started again, and `DeviceWriter` refuses further jobs while it is pending.
 */
import { constants, promises as fs } from 'node:fs';
import { dirname } from 'node:path';

/** How a single-shot write ended. */
export type WriteOutcome =
  | { kind: 'written' }
  | { kind: 'timeout' }
  | { kind: 'busy' }
  | { kind: 'failed'; errno: string; message: string };

/** Device paths are opened without O_CREAT: an unplugged printer must not turn into a regular file. */
const DEVICE_FLAGS = constants.O_WRONLY | constants.O_NOCTTY;
/** Archive files are appended to, one job after the other. */
const FILE_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

async function writeAll(path: string, flags: number, bytes: Buffer): Promise<void> {
  const handle = await fs.open(path, flags, 0o644);
  try {
    let offset = 0;
    // One write call may take only part of the bytes (a serial port, a full device buffer).
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
      offset += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/** Writes jobs to one device or file, one at a time, each at most once. */
export class DeviceWriter {
  private pending: Promise<unknown> | null = null;

  constructor(
    readonly path: string,
    readonly kind: 'device' | 'file',
  ) {}

  /** True while an earlier write has not settled (a blocked device). */
  get busy(): boolean {
    return this.pending !== null;
  }

  /** Whether the device or the archive's folder can be written to now. */
  async writable(): Promise<boolean> {
    // An archive file that does not exist yet is fine if its folder takes files.
    const exists = await fs.access(this.path).then(() => true, () => false);
    const target = this.kind === 'file' && !exists ? dirname(this.path) : this.path;
    return fs.access(target, constants.W_OK).then(
      () => true,
      () => false,
    );
  }

  /**
   * Writes `bytes` once. Waits up to `timeoutMs` for an earlier pending write to settle first, and
   * answers `busy` if it does not — queueing behind it could print a ticket nobody is waiting for.
   */
  async write(bytes: Buffer, timeoutMs: number): Promise<WriteOutcome> {
    if (this.pending && !(await settlesWithin(this.pending, timeoutMs))) return { kind: 'busy' };
    const job = writeAll(this.path, this.kind === 'file' ? FILE_FLAGS : DEVICE_FLAGS, bytes);
    const tracked = job.then(
      () => undefined,
      () => undefined,
    );
    this.pending = tracked;
    void tracked.then(() => {
      if (this.pending === tracked) this.pending = null;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<WriteOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    });
    const done = job.then(
      (): WriteOutcome => ({ kind: 'written' }),
      (err: NodeJS.ErrnoException): WriteOutcome => ({ kind: 'failed', errno: err.code ?? 'EIO', message: err.message }),
    );
    try {
      return await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
