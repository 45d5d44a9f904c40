import type { HallCalendar } from '../calendar';
import { isoWeekday } from '../calendar/time';
import type { ReportDayKind } from '../../protocol/admin';

/** What reports ask the calendar: the kind of a business date and the shift serving at an instant. */
export interface ReportTagger {
  dayKind(date: string): ReportDayKind;
  shift(at: number): { id: string; name: string } | null;
}

/** Without a calendar: Monday to Friday are workdays, there are no shifts. */
export const weekdayTagger: ReportTagger = {
  dayKind: (date) => (isoWeekday(date) <= 5 ? 'workday' : 'weekend'),
  shift: () => null,
};

/** The calendar's answers, mapped to the report's kinds (a closed or unknown day falls back to the weekday rule). */
export function calendarTagger(calendar: HallCalendar): ReportTagger {
  return {
    dayKind(date) {
      const kind = calendar.plan(date).dayKind;
      if (kind === 'weekend-service') return 'weekend';
      if (kind === 'holiday-service') return 'holiday';
      if (kind === 'workday') return 'workday';
      return weekdayTagger.dayKind(date);
    },
    shift(at) {
      const tag = calendar.tag(at);
      if (!tag.shiftId) return null;
      const s = calendar.plan(tag.businessDate).shifts.find((x) => x.id === tag.shiftId);
      return { id: tag.shiftId, name: s?.name ?? tag.shiftId };
    },
  };
}
