/**
 * The admin console's server side: catalogue, staff, devices, calendar and dispatch settings edits (each
 * audited), the live view, alerts, 差评 follow-ups, default ratings and webhooks. See docs/admin.md.
 *
 * Wiring (in createHallServer): `const admin = createAdmin(deps)` and `registerAdminRoutes(app, admin)`
 * before `app.listen`, `admin.start()` after it, `await admin.stop()` in close() before the database closes.
 */
import { createChineseDaysSource } from '../calendar';
import { AlertMonitor } from './alerts';
import { readCalendarOverrides } from './calendar-admin';
import { readAdminConfig } from './config';
import { AdminContext } from './context';
import { applyDefaultEvaluations } from './default-evaluations';
import type { AdminDeps } from './deps';
import { openFollowUps } from './followups';
import { createWebhookSender } from './webhook-sender';
import { enqueueWebhookEvents } from './webhooks';
import { workingDays } from './working-days';

export { ADMIN_MIGRATIONS } from './migrations';
export type { AdminDeps } from './deps';

const DEFAULT_TICK_MS = 15_000;
const DEFAULT_RATING_EVERY_MS = 3_600_000;
/** The most a follow-up, a webhook delivery or an alert waits behind the commit that caused it. */
const DRAIN_EVERY_MS = 250;

/** The admin runtime: its services' shared context and its background work. */
export interface Admin {
  ctx: AdminContext;
  alerts: AlertMonitor;
  /** Starts listening to the hall and the timers (alerts, webhooks, default ratings). */
  start(): void;
  stop(): Promise<void>;
  /** Reads the event log into follow-ups and webhook deliveries, checks alerts, sends webhooks. */
  tick(): Promise<void>;
  /** Applies the default rating to cases left unrated long enough; answers how many cases. */
  applyDefaults(): number;
}

export function createAdmin(deps: AdminDeps): Admin {
  const ctx = new AdminContext(deps);
  const alerts = new AlertMonitor(deps.io);
  const sender = createWebhookSender(ctx);
  const holidays = deps.holidays ?? createChineseDaysSource();
  let timer: NodeJS.Timeout | null = null;
  let pending: NodeJS.Timeout | null = null;
  let stopped = true;
  let lastDefaults = 0;
  let inFlight: Promise<void> = Promise.resolve();

  function drainLog(): void {
    openFollowUps(deps.db, workingDays(holidays, readCalendarOverrides(deps.db)));
    enqueueWebhookEvents(ctx);
  }

  function checkAlerts(): void {
    alerts.check(deps.hall.state, ctx.now(), readAdminConfig(deps.db).alerts);
  }

  async function tick(): Promise<void> {
    try {
      drainLog();
      checkAlerts();
      // The hall's clock, as everywhere else: a test's fake clock (or a clock set for a drill) decides when.
      if (ctx.now() - lastDefaults >= DEFAULT_RATING_EVERY_MS) {
        lastDefaults = ctx.now();
        applyDefaults();
      }
      await sender.tick();
    } catch (err) {
      deps.logger.error({ err }, 'admin background work failed');
    }
  }

  function applyDefaults(): number {
    const n = applyDefaultEvaluations(ctx);
    if (n > 0) drainLog();
    return n;
  }

  return {
    ctx,
    alerts,
    tick,
    applyDefaults,
    start() {
      stopped = false;
      // After commits: derive follow-ups and deliveries from the log, re-check alerts, send — once per
      // DRAIN_EVERY_MS at most, so a busy hall's stream of commands shares one read of the log and one
      // cursor write (a commit with an fsync) instead of paying them after every command.
      deps.hall.onCommitted(() => {
        if (stopped || pending) return;
        pending = setTimeout(() => {
          pending = null;
          if (stopped) return;
          try {
            drainLog();
            checkAlerts();
          } catch (err) {
            deps.logger.error({ err }, 'admin event processing failed');
          }
          inFlight = sender.tick().then(() => undefined, () => undefined);
        }, DRAIN_EVERY_MS);
      });
      timer = setInterval(() => {
        if (!stopped) inFlight = tick();
      }, deps.tickMs ?? DEFAULT_TICK_MS);
      inFlight = tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (pending) clearTimeout(pending);
      timer = null;
      pending = null;
      await inFlight;
    },
  };
}
