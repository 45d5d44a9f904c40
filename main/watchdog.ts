import { type Backoff, backoffDelay, type Scheduler } from './timing';

/**
 * The renderer watchdog. A crashed renderer is reloaded after a short backoff; a hung one (no
 * `responsive` within a grace period after `unresponsive`) is killed and reloaded. When failures pile
 * up — more than `maxFailures` within `failureWindowMs` — reloading is not helping, so the window is
 * recreated; if that already happened within the window, the whole program restarts.
 */

export interface WatchdogDeps {
  /** Loads the role page again (through the reconnect loop, so an unreachable server shows the offline page). */
  reload(): void;
  /** Kills a hung renderer (`webContents.forcefullyCrashRenderer()`). */
  crashRenderer(): void;
  /** Destroys the window and creates a fresh one. */
  recreateWindow(): void;
  /** Restarts the program (the restart policy). */
  restartApp(reason: string): void;
  scheduler: Scheduler;
  random?: () => number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

export interface WatchdogOptions {
  hangGraceMs: number;
  maxFailures: number;
  failureWindowMs: number;
  reloadBackoff: Backoff;
}

/** Defaults: 15 s grace for a hang, reload after 1 s doubling to 30 s, recreate after 3 failures in 5 minutes. */
export const DEFAULT_WATCHDOG_OPTIONS: WatchdogOptions = {
  hangGraceMs: 15_000,
  maxFailures: 3,
  failureWindowMs: 5 * 60_000,
  reloadBackoff: { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0 },
};

/** Watches one terminal's renderer; the shell forwards the window's events to it. */
export class RendererWatchdog {
  private failures: number[] = [];
  private lastRecreate: number | null = null;
  private hangTimer: unknown = null;
  private reloadTimer: unknown = null;
  // Set when we killed a hung renderer ourselves: its `render-process-gone` is already handled.
  private killedForHang = false;

  constructor(
    private readonly deps: WatchdogDeps,
    private readonly options: WatchdogOptions = DEFAULT_WATCHDOG_OPTIONS,
  ) {}

  /** `render-process-gone`: anything but a clean exit counts as a failure. */
  renderProcessGone(reason: string, exitCode = 0): void {
    if (reason === 'clean-exit') return;
    if (this.killedForHang) {
      this.killedForHang = false;
      return;
    }
    this.fail('crash', { reason, exitCode });
  }

  /** `unresponsive`: start the grace period. */
  unresponsive(): void {
    if (this.hangTimer !== null) return;
    this.hangTimer = this.deps.scheduler.setTimeout(() => {
      this.hangTimer = null;
      this.killedForHang = true;
      this.deps.crashRenderer();
      this.fail('hang', { graceMs: this.options.hangGraceMs });
    }, this.options.hangGraceMs);
  }

  /** `responsive`: the renderer recovered by itself. */
  responsive(): void {
    this.clearHang();
  }

  /** The window was recreated or closed: forget timers that belong to the old one. */
  reset(): void {
    this.clearHang();
    if (this.reloadTimer !== null) this.deps.scheduler.clearTimeout(this.reloadTimer);
    this.reloadTimer = null;
    this.killedForHang = false;
  }

  private fail(kind: 'crash' | 'hang', detail: Record<string, unknown>): void {
    const now = this.deps.scheduler.now();
    this.failures = this.failures.filter((t) => now - t < this.options.failureWindowMs);
    this.failures.push(now);
    this.deps.log?.(`renderer-${kind}`, { ...detail, failures: this.failures.length });
    if (this.failures.length > this.options.maxFailures) {
      this.failures = [];
      this.reset();
      if (this.lastRecreate !== null && now - this.lastRecreate < this.options.failureWindowMs) {
        this.deps.restartApp(`renderer kept failing (${kind}) after the window was recreated`);
        return;
      }
      this.lastRecreate = now;
      this.deps.recreateWindow();
      return;
    }
    if (this.reloadTimer !== null) this.deps.scheduler.clearTimeout(this.reloadTimer);
    const delay = backoffDelay(this.failures.length, this.options.reloadBackoff, this.deps.random);
    this.reloadTimer = this.deps.scheduler.setTimeout(() => {
      this.reloadTimer = null;
      this.deps.reload();
    }, delay);
  }

  private clearHang(): void {
    if (this.hangTimer !== null) this.deps.scheduler.clearTimeout(this.hangTimer);
    this.hangTimer = null;
  }
}
