import { ERROR_CODES } from '../../protocol/errors';
import type { HallStatusView } from '../../protocol/views';
import type { DomainError, ScheduleCheck } from '../domain/types';
import type { StatusProvider } from '../hall/io';
import type { HallCalendar } from './calendar';
import { nextText } from './messages';
import { rosterOpensAt } from './roster-opens';
import { addDays, instantAt } from './time';

/**
 * The calendar seen through the hall server's ports: `ScheduleCheck` for the domain's decide
 * (ticket taking, window sign-in) and `StatusProvider` for the terminals' snapshots. What it takes
 * from the server is types only: nothing here touches I/O.
 */

/** The domain's schedule check: refusals carry the catalogue's codes and the calendar's Chinese message. */
export function scheduleCheckOf(calendar: HallCalendar): ScheduleCheck {
  return {
    canIssue(at, groupId, serviceIds): DomainError | null {
      const d = calendar.canIssue(at, groupId, serviceIds);
      return d.ok ? null : { code: d.code, message: d.message };
    },
    canSignIn(at, staffId, windowId): DomainError | null {
      // The domain skips this check itself when a manager overrides the roster.
      const d = calendar.canSignIn(at, staffId, windowId);
      return d.ok ? null : { code: d.code, message: d.message };
    },
  };
}

/** The state of the business day as the hall keeps it (opened and closed by the scheduler). */
export interface BusinessDayState {
  businessDate: string | null;
  dayOpen: boolean;
}

/**
 * The status the kiosk, displays and admin console show. `cutoffAt` is the earliest cut-off of any
 * group (what a hall posts as "停止取号时间"); while the business day is not open no ticket is taken:
 * before the scheduler opens it the kiosk says so, and once it is closed for today (a manager closed it
 * early) the kiosk names the next day's first issuing time.
 */
export function statusProviderOf(calendar: HallCalendar, day: () => BusinessDayState): StatusProvider {
  return {
    status(now): HallStatusView {
      const s = calendar.status(now);
      const { businessDate, dayOpen } = day();
      const cutoffs = [s.cutoffAt.default, ...Object.values(s.cutoffAt.groups)].filter((x): x is number => x !== null);
      let nextOpenAt = s.issuing ? null : s.nextIssuingAt;
      let message = s.message;
      if (s.issuing && !dayOpen) {
        if (businessDate === s.businessDate) {
          // Closed today by hand although the calendar still issues: the next chance is on a later day.
          nextOpenAt = calendar.status(instantAt(addDays(s.businessDate, 1), 0)).nextIssuingAt;
          message = `今日业务已结束，${nextText('下次取号时间', nextOpenAt, now)}`;
        } else {
          message = ERROR_CODES.DAY_NOT_OPEN;
        }
      }
      return {
        businessDate: businessDate ?? s.businessDate,
        dayOpen,
        open: s.open,
        issuing: s.issuing && dayOpen,
        dayKind: s.dayKind,
        banner: s.banner,
        closesAt: s.closesAt,
        cutoffAt: cutoffs.length > 0 ? Math.min(...cutoffs) : null,
        nextOpenAt,
        message,
        warnings: s.warnings,
      };
    },
    /**
     * What the kiosk offers: while the hall is open, the matters served right now (the Wednesday
     * extension serves fewer than the day); while it is shut, the day's list, so a kiosk before opening
     * already shows what can be done today. null = all.
     */
    servicesToday(now) {
      const s = calendar.status(now);
      const ids = s.open ? s.serviceIdsNow : s.serviceIds;
      return ids === null ? null : new Set(ids);
    },
    rosterOpensAt: (now, windowIds) => rosterOpensAt(calendar, now, windowIds),
  };
}
