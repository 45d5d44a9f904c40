import type { Logger } from 'pino';
import type { HallCalendar } from '../calendar/calendar';
import type { Hall } from '../hall/hall';
import { businessDateAt } from '../realtime/hall-handlers';

/** How long before opening time the business day opens, so clerks can sign in and prepare. */
export const OPEN_LEAD_MS = 30 * 60_000;

/**
 * Opens and closes the business day on its own, at the calendar's times: numbers start again when a day
 * opens; tickets still waiting when it closes are closed with a reason and counted (the DayClosed event
 * lists them), never dropped. After a restart, `tick` first closes a day left open from an earlier date.
 * The clock is the hall's, so tests drive it with a fake clock and call `tick` by hand.
 */
export class DayScheduler {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly hall: Hall,
    private readonly calendar: () => HallCalendar,
    private readonly logger: Logger,
  ) {}

  /** One look at the clock: open or close the business day if it is time. Returns what it did. */
  tick(): 'opened' | 'closed' | 'closed-stale' | null {
    const now = this.hall.clock.now();
    const today = businessDateAt(now);
    const { businessDate, dayOpen } = this.hall.state;
    if (dayOpen && businessDate && businessDate < today) {
      return this.run({ type: 'day.close', reason: '营业日结束（跨日自动关闭）' }, 'closed-stale');
    }
    const b = this.calendar().dayBoundaries(today);
    if (!b.open || b.opensAt === null || b.closeDayAt === null) return null;
    const isToday = businessDate === today;
    if (dayOpen && isToday && now >= b.closeDayAt) {
      return this.run({ type: 'day.close', reason: '营业结束，当日未办理' }, 'closed');
    }
    if (!isToday && now >= b.opensAt - OPEN_LEAD_MS && now < b.closeDayAt) {
      return this.run({ type: 'day.open', businessDate: today }, 'opened');
    }
    return null;
  }

  private run<T extends 'opened' | 'closed' | 'closed-stale'>(
    command: { type: 'day.open'; businessDate: string } | { type: 'day.close'; reason: string },
    outcome: T,
  ): T | null {
    const r = this.hall.execute('system:scheduler', command, null, () => ({}));
    if (!r.ok) {
      this.logger.warn({ command: command.type, error: r.error }, 'scheduler could not change the business day');
      return null;
    }
    const closed = r.committed.find((c) => c.event.type === 'DayClosed')?.event;
    this.logger.info(
      { command: command.type, businessDate: this.hall.state.businessDate, closedTickets: closed?.type === 'DayClosed' ? closed.closedTicketIds.length : 0 },
      outcome === 'opened' ? 'business day opened' : 'business day closed',
    );
    return outcome;
  }

  /** Looks every `everyMs` (default 20 s) until stopped. */
  start(everyMs = 20_000): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
