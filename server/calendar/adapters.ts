import type { HallStatusView } from '../../protocol/views';
import type { DomainError, ScheduleCheck } from '../domain/types';
import type { StatusProvider } from '../realtime/context';
import type { HallCalendar } from './calendar';

/**
 * The calendar seen through the hall server's ports: `ScheduleCheck` for the domain's decide
 * (ticket taking, window sign-in) and `StatusProvider` for the terminals' snapshots. Type-only
 * imports: nothing here touches I/O.
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
 * group (what a hall posts as "停止取号时间"); while the business day is not open no ticket is taken.
 */
export function statusProviderOf(calendar: HallCalendar, day: () => BusinessDayState): StatusProvider {
  return {
    status(now): HallStatusView {
      const s = calendar.status(now);
      const { businessDate, dayOpen } = day();
      const cutoffs = [s.cutoffAt.default, ...Object.values(s.cutoffAt.groups)].filter((x): x is number => x !== null);
      const notOpened = s.issuing && !dayOpen;
      return {
        businessDate: businessDate ?? s.businessDate,
        dayOpen,
        open: s.open,
        issuing: s.issuing && dayOpen,
        dayKind: s.dayKind,
        banner: s.banner,
        closesAt: s.closesAt,
        cutoffAt: cutoffs.length > 0 ? Math.min(...cutoffs) : null,
        nextOpenAt: s.issuing ? null : s.nextIssuingAt,
        message: notOpened ? '今日业务尚未开始' : s.message,
        warnings: s.warnings,
      };
    },
    servicesToday(now) {
      const ids = calendar.status(now).serviceIds;
      return ids === null ? null : new Set(ids);
    },
  };
}
