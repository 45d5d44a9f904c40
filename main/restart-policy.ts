import { type Backoff, backoffDelay, type Scheduler } from './timing';

/**
 * The restart policy: when the main process hits a fatal error (an uncaught exception, the terminal's
 * window gone, a renderer that keeps failing), the program starts again. Unsupervised, it relaunches
 * itself with `app.relaunch()` after a backoff that grows with the restarts of the last few minutes
 * (kept in a small file, since each restart is a new process). Under a supervisor (a systemd unit, a
 * Windows shell launcher) it just exits non-zero and lets the supervisor restart it: relaunching as
 * well would race the supervisor and start two copies.
 */

/** The restart history, persisted across processes (timestamps in ms). */
export interface RestartStore {
  read(): number[];
  write(times: number[]): void;
}

export interface RestartPolicyDeps {
  /** `app.relaunch({ args })`. */
  relaunch(args: string[]): void;
  /** `app.exit(code)`. */
  exit(code: number): void;
  store: RestartStore;
  scheduler: Scheduler;
  /** True when a supervisor restarts us (systemd sets INVOCATION_ID; `--supervised` says so explicitly). */
  supervised: boolean;
  /** This process's own arguments, without the executable (and without an earlier relaunch marker). */
  args: string[];
  log?: (event: string, detail: Record<string, unknown>) => void;
}

export interface RestartPolicyOptions {
  windowMs: number;
  backoff: Backoff;
}

/** Defaults: count restarts of the last 10 minutes; wait 1 s, doubling to 1 minute. */
export const DEFAULT_RESTART_OPTIONS: RestartPolicyOptions = {
  windowMs: 10 * 60_000,
  backoff: { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0 },
};

/** Marks a relaunched process so its single-instance lock may wait for the old one to let go. */
export const RELAUNCH_FLAG = '--yichuang-relaunch';

/** True when this process was started by {@link RestartPolicy}. */
export function isRelaunch(argv: readonly string[]): boolean {
  return argv.some((a) => a === RELAUNCH_FLAG || a.startsWith(`${RELAUNCH_FLAG}=`));
}

/** Strips the relaunch marker so it does not pile up over restarts. */
export function withoutRelaunchFlag(argv: readonly string[]): string[] {
  return argv.filter((a) => a !== RELAUNCH_FLAG && !a.startsWith(`${RELAUNCH_FLAG}=`));
}

/** Decides how the program restarts; at most once per process. */
export class RestartPolicy {
  private restarting = false;

  constructor(
    private readonly deps: RestartPolicyDeps,
    private readonly options: RestartPolicyOptions = DEFAULT_RESTART_OPTIONS,
  ) {}

  /** True once a restart is under way (the process is about to exit). */
  get pending(): boolean {
    return this.restarting;
  }

  /** The delay before the next restart, given the recorded history and the current time. */
  delayFor(history: number[], now: number): number {
    const recent = history.filter((t) => now - t < this.options.windowMs).length;
    return backoffDelay(recent + 1, this.options.backoff);
  }

  /** Restarts the program; a second call while one is pending does nothing (two relaunches = two copies). */
  restart(reason: string): void {
    if (this.restarting) return;
    this.restarting = true;
    const now = this.deps.scheduler.now();
    let history: number[];
    try {
      history = this.deps.store.read().filter((t) => Number.isFinite(t) && now - t < this.options.windowMs);
    } catch {
      history = []; // an unreadable history must not stop the restart
    }
    const delay = this.deps.supervised ? 0 : this.delayFor(history, now);
    try {
      this.deps.store.write([...history, now]);
    } catch {
      // best effort: the next process just backs off less
    }
    this.deps.log?.('restart', { reason, supervised: this.deps.supervised, delayMs: delay, recent: history.length });
    if (this.deps.supervised) {
      this.deps.exit(1);
      return;
    }
    this.deps.scheduler.setTimeout(() => {
      this.deps.relaunch([...withoutRelaunchFlag(this.deps.args), RELAUNCH_FLAG]);
      this.deps.exit(1);
    }, delay);
  }
}

/** A {@link RestartStore} on a JSON file. */
export function fileRestartStore(
  path: string,
  fs: { readFile(path: string): string | null; writeFile(path: string, text: string): void },
): RestartStore {
  return {
    read() {
      const text = fs.readFile(path);
      if (text === null) return [];
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.filter((t): t is number => typeof t === 'number') : [];
    },
    write(times) {
      fs.writeFile(path, JSON.stringify(times));
    },
  };
}
