import type { Logger } from 'pino';
import { businessDateOf } from '../../protocol/business-date';
import type { HallCalendar } from '../calendar/calendar';
import type { HallEvent } from '../domain/events';
import type { Hall } from '../hall/hall';
import { repeatEvery, type Repeat } from './repeat';

/** How long before opening time the business day opens, so clerks can sign in and prepare. */
export const OPEN_LEAD_MS = 30 * 60_000;

/** The reasons written on tickets the scheduler closes; citizens and reports read them. */
export const CLOSE_REASONS = {
  /** At closing time plus the grace: the day's tickets not served. */
  closing: '营业结束，当日未办理',
  /** A day left open from an earlier date (the server was down at closing time). */
  stale: '营业日结束（跨日自动关闭）',
} as const;

/** One change the scheduler made to the business day. */
export type SchedulerAction =
  | { kind: 'opened'; businessDate: string; at: number }
  | {
      kind: 'closed' | 'closed-stale';
      businessDate: string;
      at: number;
      reason: string;
      /** Every ticket the DayClosed event ended, and how many of them were still waiting (never called). */
      closedTicketIds: string[];
      waiting: number;
    };

/**
 * Opens and closes the business day on its own, at the calendar's times: numbers start again when a day
 * opens (`OPEN_LEAD_MS` before the first opening); at `closeDayAt` (closing time plus the grace) the day
 * closes and the tickets still open are closed with a reason and counted in the DayClosed event, never
 * dropped. A day left open from an earlier date is closed first, and today's day opened in the same
 * look, so a server restarted mid-morning is open at once. A day opens at most once per date: once
 * closed (by the scheduler or a manager) it stays closed.
 *
 * The clock is the hall's, so tests drive it with a fake clock and call `tick` by hand.
 */
export class DayScheduler {
  private repeat: Repeat | null = null;

  constructor(
    private readonly hall: Hall,
    /** Read at every tick, so a calendar rebuilt by the admin console is used at once; null = no calendar. */
    private readonly calendar: () => HallCalendar | null,
    private readonly logger: Logger,
  ) {}

  /** One look at the clock: close a stale day, then open or close today's if it is time. */
  tick(): SchedulerAction[] {
    const calendar = this.calendar();
    if (!calendar) return [];
    const now = this.hall.clock.now();
    const today = businessDateOf(now);
    const actions: SchedulerAction[] = [];
    const { businessDate, dayOpen } = this.hall.state;
    // A clock set back (or a day a manager opened ahead) must not make the hall reopen an earlier date.
    if (businessDate && businessDate > today) return actions;
    if (dayOpen && businessDate && businessDate < today) {
      const closed = this.close(CLOSE_REASONS.stale, 'closed-stale');
      if (!closed) return actions;
      actions.push(closed);
    }
    const b = calendar.dayBoundaries(today);
    if (!b.open || b.opensAt === null || b.closeDayAt === null) return actions;
    const { businessDate: date, dayOpen: open } = this.hall.state;
    const isToday = date === today;
    if (open && isToday && now >= b.closeDayAt) {
      const closed = this.close(CLOSE_REASONS.closing, 'closed');
      if (closed) actions.push(closed);
    } else if (!isToday && now >= b.opensAt - OPEN_LEAD_MS && now < b.closeDayAt) {
      const opened = this.open(today, calendar, now);
      if (opened) actions.push(opened);
    }
    return actions;
  }

  /** Looks every `everyMs` (default 20 s) until stopped; a failed look is logged and the next one tries again. */
  start(everyMs = 20_000): void {
    this.repeat = repeatEvery(
      everyMs,
      () => this.tick(),
      (err) => this.logger.error({ err }, 'day scheduler failed'),
    );
  }

  stop(): void {
    this.repeat?.stop();
    this.repeat = null;
  }

  private open(date: string, calendar: HallCalendar, now: number): SchedulerAction | null {
    const events = this.run({ type: 'day.open', businessDate: date });
    if (!events) return null;
    this.logger.info({ businessDate: date }, 'business day opened');
    // A server that runs for months must still say, each day, that next year's holidays are missing.
    for (const w of calendar.warnings(now)) this.logger.warn({ calendar: w, businessDate: date }, 'calendar warning');
    return { kind: 'opened', businessDate: date, at: now };
  }

  private close(reason: string, kind: 'closed' | 'closed-stale'): SchedulerAction | null {
    const { businessDate, tickets } = this.hall.state;
    // Read before the close: afterwards every one of them is 'closed'.
    const waitingIds = new Set([...tickets.values()].filter((t) => t.state === 'waiting').map((t) => t.id));
    const closed = this.run({ type: 'day.close', reason })?.find((e) => e.type === 'DayClosed');
    if (!closed || closed.type !== 'DayClosed') return null;
    const waiting = closed.closedTicketIds.filter((id) => waitingIds.has(id)).length;
    this.logger.info(
      { businessDate, reason, closedTickets: closed.closedTicketIds.length, waiting, signedOutWindows: closed.signedOutWindowIds.length },
      'business day closed',
    );
    return { kind, businessDate: closed.businessDate, at: closed.at, reason, closedTicketIds: closed.closedTicketIds, waiting };
  }

  /** Runs one day command as the scheduler; the events it committed, or null (refused, and logged). */
  private run(command: { type: 'day.open'; businessDate: string } | { type: 'day.close'; reason: string }): HallEvent[] | null {
    const r = this.hall.execute('system:scheduler', command, null, (_p, events) => events);
    if (!r.ok) {
      this.logger.warn({ command: command.type, error: r.error }, 'scheduler could not change the business day');
      return null;
    }
    return r.response;
  }
}
