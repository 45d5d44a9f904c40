import {
  checkCalendarConfig,
  checkCalendarOverride,
  checkCalendarOverrides,
  fieldLabel,
  type CalendarCheck,
  type CalendarConfig,
  type CalendarIssue,
  type CalendarOverride,
} from '../../protocol/calendar';

/**
 * The hall calendar's configuration and date overrides. The schemas live in `protocol/calendar.ts`, where
 * the admin console checks its forms with them too; this module is the server's boundary for anything
 * that arrives from a file or the console: `parseCalendarConfig` / `parseCalendarOverride(s)`.
 */
export {
  calendarConfigSchema,
  calendarOverridesSchema,
} from '../../protocol/calendar';
export type {
  CalendarConfig,
  CalendarConfigInput,
  CalendarIssue,
  CalendarOverride,
  CalendarOverrideInput,
  ExtendedHours,
  Hours,
  LunchBreak,
  Shift,
} from '../../protocol/calendar';

/**
 * The one refusal shape of the project, for a calendar file or admin input that does not parse: the
 * message names the first field in Chinese (班次「周六上午班」· 工作人员：至少选择一名工作人员), and
 * `issues` lists every field by path for the console to show beside each.
 */
export interface CalendarParseError {
  code: 'BAD_REQUEST';
  message: string;
  issues: CalendarIssue[];
}
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: CalendarParseError };

/** Parses a calendar configuration from a file or the admin console. */
export function parseCalendarConfig(input: unknown): ParseResult<CalendarConfig> {
  return toResult(checkCalendarConfig(input), '日历配置', input);
}

/** Parses one date override, as the admin console sends it. */
export function parseCalendarOverride(input: unknown): ParseResult<CalendarOverride> {
  return toResult(checkCalendarOverride(input), '日期调整', input);
}

/** Parses the hall's date overrides (a list). */
export function parseCalendarOverrides(input: unknown): ParseResult<CalendarOverride[]> {
  return toResult(checkCalendarOverrides(input), '日期调整', input);
}

function toResult<T>(r: CalendarCheck<T>, what: string, input: unknown): ParseResult<T> {
  if (r.ok) return r;
  const first = r.issues[0];
  const where = first ? fieldLabel(first.path, input) : '配置';
  const more = r.issues.length > 1 ? `（另有 ${r.issues.length - 1} 处）` : '';
  return { ok: false, error: { code: 'BAD_REQUEST', message: `${what}无效：${where}：${first?.message ?? '格式错误'}${more}`, issues: r.issues } };
}
