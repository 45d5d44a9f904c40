import { type Backoff, backoffDelay, type Scheduler } from './timing';

/**
 * The reconnect loop. A terminal is `loading` its role page, `online` on it, or `offline` on the local
 * page. Offline, it polls the hall server's /healthz with backoff and goes back to the role page as
 * soon as the server answers. Online, it polls at a steady pace and leaves for the offline page only
 * after several misses in a row: a short server restart is better ridden out by the page's own
 * socket.io reconnection than by a blank screen.
 */

export type ConnectionState = 'idle' | 'loading' | 'online' | 'offline';

/** Why the terminal is offline, shown in small print for the hall's staff. */
export type OfflineReason =
  | { kind: 'unreachable' }
  | { kind: 'load-failed'; errorCode: number }
  | { kind: 'http-error'; status: number }
  | { kind: 'load-timeout' };

/** What the offline page shows. */
export interface OfflineStatus {
  reason: OfflineReason;
  /** Failed health checks since the terminal was last online. */
  attempts: number;
  /** When the terminal left its role page (ms since the epoch); kept across failed recoveries. */
  since: number;
  /** When the next health check runs. */
  nextRetryAt: number;
}

export interface ConnectionMonitorDeps {
  /** One GET /healthz: true when the hall server answered 200. Never rejects. */
  probe(): Promise<boolean>;
  showRolePage(): void;
  showOffline(status: OfflineStatus): void;
  scheduler: Scheduler;
  random?: () => number;
  onStateChange?: (state: ConnectionState, reason?: OfflineReason) => void;
}

export interface ConnectionMonitorOptions {
  /** Backoff between health checks while offline. */
  retry: Backoff;
  /** Pace of health checks while online. */
  healthIntervalMs: number;
  /** Consecutive failed checks that take an online terminal offline. */
  failuresBeforeOffline: number;
  /** A role page that has not finished loading after this long counts as failed. */
  loadTimeoutMs: number;
}

/** Defaults for a hall LAN: retry after 1 s, doubling to 30 s; check every 10 s online, leave after 3 misses. */
export const DEFAULT_MONITOR_OPTIONS: ConnectionMonitorOptions = {
  retry: { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0.2 },
  healthIntervalMs: 10_000,
  failuresBeforeOffline: 3,
  loadTimeoutMs: 30_000,
};

/** The reconnect loop's state machine; the shell feeds it page events and it drives the window. */
export class ConnectionMonitor {
  private current: ConnectionState = 'idle';
  // Each transition starts a new epoch; timers and probe answers from an older epoch are ignored.
  private epoch = 0;
  private timer: unknown = null;
  private attempts = 0;
  private onlineMisses = 0;
  private offlineSince: number | null = null;
  private reason: OfflineReason = { kind: 'unreachable' };

  constructor(
    private readonly deps: ConnectionMonitorDeps,
    private readonly options: ConnectionMonitorOptions = DEFAULT_MONITOR_OPTIONS,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** Loads the role page (first start, or a reload after a renderer crash). */
  start(): void {
    this.enter('loading');
    this.deps.showRolePage();
    const epoch = this.epoch;
    this.schedule(this.options.loadTimeoutMs, () => {
      if (epoch === this.epoch) this.rolePageFailed({ kind: 'load-timeout' });
    });
  }

  /** The role page finished loading. Ignored unless a load was under way. */
  rolePageLoaded(): void {
    if (this.current !== 'loading') return;
    this.attempts = 0;
    this.onlineMisses = 0;
    this.offlineSince = null;
    this.enter('online');
    this.scheduleOnlineCheck();
  }

  /** The role page (or a navigation on the server's origin) failed: show the offline page and start polling. */
  rolePageFailed(reason: OfflineReason): void {
    if (this.current === 'idle' || this.current === 'offline') return;
    this.goOffline(reason);
  }

  /** Stops every timer; late probe answers are dropped. */
  stop(): void {
    this.enter('idle');
  }

  private goOffline(reason: OfflineReason): void {
    this.reason = reason;
    this.offlineSince ??= this.deps.scheduler.now();
    this.enter('offline', reason);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempts + 1, this.options.retry, this.deps.random);
    this.deps.showOffline({
      reason: this.reason,
      attempts: this.attempts,
      since: this.offlineSince ?? this.deps.scheduler.now(),
      nextRetryAt: this.deps.scheduler.now() + delay,
    });
    const epoch = this.epoch;
    this.schedule(delay, () => {
      void this.deps.probe().then((up) => {
        if (epoch !== this.epoch) return;
        if (up) {
          this.start();
        } else {
          this.attempts += 1;
          this.reason = { kind: 'unreachable' };
          this.scheduleRetry();
        }
      });
    });
  }

  private scheduleOnlineCheck(): void {
    const epoch = this.epoch;
    this.schedule(this.options.healthIntervalMs, () => {
      void this.deps.probe().then((up) => {
        if (epoch !== this.epoch) return;
        this.onlineMisses = up ? 0 : this.onlineMisses + 1;
        if (this.onlineMisses >= this.options.failuresBeforeOffline) this.goOffline({ kind: 'unreachable' });
        else this.scheduleOnlineCheck();
      });
    });
  }

  private enter(state: ConnectionState, reason?: OfflineReason): void {
    this.epoch += 1;
    if (this.timer !== null) this.deps.scheduler.clearTimeout(this.timer);
    this.timer = null;
    const changed = state !== this.current;
    this.current = state;
    if (changed) this.deps.onStateChange?.(state, reason);
  }

  private schedule(ms: number, fn: () => void): void {
    this.timer = this.deps.scheduler.setTimeout(() => {
      this.timer = null;
      fn();
    }, ms);
  }
}
