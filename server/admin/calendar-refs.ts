import type { CalendarConfig } from '../../protocol/calendar';

/** What the calendar may name: the catalogue's windows, staff and matters, by id. */
export interface CalendarReferents {
  windows: ReadonlySet<string>;
  staff: ReadonlySet<string>;
  services: ReadonlySet<string>;
}

/** A calendar reference to something the catalogue does not have. */
export interface CalendarRefIssue {
  /** The field as the console addresses it: `roster[0].staffIds[2]`. */
  path: string;
  /** The shift or extension it is in (`weekday` for the workday's lunch break), and the field's name. */
  ownerId: string;
  field: 'lunchBreak' | 'windowIds' | 'staffIds' | 'serviceIds';
  /** Shown beside the field: 窗口 w99 不存在. */
  message: string;
  /** Shown where the field is not: 班次「周六上午班」用到窗口 w99. */
  summary: string;
}

/**
 * Every window, clerk and matter the calendar names must exist. Used when the calendar is saved (each
 * issue shown beside its field) and when the catalogue changes (a window still on a roster cannot go).
 */
export function calendarReferenceIssues(c: CalendarConfig, known: CalendarReferents): CalendarRefIssue[] {
  const out: CalendarRefIssue[] = [];
  const each = (
    list: readonly string[] | null | undefined,
    set: ReadonlySet<string>,
    at: string,
    ownerId: string,
    field: CalendarRefIssue['field'],
    what: string,
    owner: string,
  ) =>
    (list ?? []).forEach((x, i) => {
      if (!set.has(x)) out.push({ path: `${at}[${i}]`, ownerId, field, message: `${what} ${x} 不存在`, summary: `${owner}用到${what} ${x}` });
    });
  each(c.weekday.lunchBreak?.windowIds, known.windows, 'weekday.lunchBreak.windowIds', 'weekday', 'lunchBreak', '窗口', '午间服务');
  c.extendedHours.forEach((e, i) => {
    each(e.windowIds, known.windows, `extendedHours[${i}].windowIds`, e.id, 'windowIds', '窗口', `延时服务「${e.name}」`);
    each(e.serviceIds, known.services, `extendedHours[${i}].serviceIds`, e.id, 'serviceIds', '事项', `延时服务「${e.name}」`);
  });
  c.roster.forEach((s, i) => {
    each(s.windowIds, known.windows, `roster[${i}].windowIds`, s.id, 'windowIds', '窗口', `班次「${s.name}」`);
    each(s.staffIds, known.staff, `roster[${i}].staffIds`, s.id, 'staffIds', '工作人员', `班次「${s.name}」`);
    each(s.serviceIds, known.services, `roster[${i}].serviceIds`, s.id, 'serviceIds', '事项', `班次「${s.name}」`);
  });
  return out;
}
