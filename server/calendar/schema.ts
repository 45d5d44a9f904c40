import { z } from 'zod';
import { isIsoDate, parseHhmm } from './time';

/**
 * The hall calendar's configuration (the content of `seeds/calendar.json`) and the hall's date
 * overrides. Types are inferred from the schemas; `parseCalendarConfig` / `parseCalendarOverrides`
 * are the boundary for anything that arrives from a file or the admin console.
 */

/** Ids as the catalogue writes them: `w01`, `s-zhang`, `svc-hukou-move`. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '编号只能由小写字母、数字和连字符组成');
/** A queue group is one capital letter (A 个人综合, B 企业, ...). */
const groupId = z.string().regex(/^[A-Z]$/, '队列分组是一个大写字母');
const isoDate = z.string().refine(isIsoDate, '日期格式为 YYYY-MM-DD，且须为真实日期');
const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式为 HH:MM（00:00-24:00）');
const minutes = z.number().int().min(0).max(240);

/** Opening hours of one day or shift; closing after opening, same day. */
export const hoursSchema = z
  .object({ open: hhmm, close: hhmm })
  .refine((h) => ordered(h.open, h.close), { message: '结束时间须晚于开始时间', path: ['close'] });
export type Hours = z.infer<typeof hoursSchema>;

/**
 * A lunch break. `closed`: the hall shuts, tickets are not issued. `reduced` (午间不打烊): the hall stays
 * open and issues tickets, served only at `windowIds` while the other windows break.
 */
export const lunchBreakSchema = z
  .object({
    start: hhmm,
    end: hhmm,
    mode: z.enum(['closed', 'reduced']),
    windowIds: z.array(id).max(100).default([]),
    note: z.string().max(200).default(''),
  })
  .refine((l) => ordered(l.start, l.end), { message: '结束时间须晚于开始时间', path: ['end'] })
  .refine((l) => l.mode === 'closed' || l.windowIds.length > 0, {
    message: '午间不打烊须列出继续服务的窗口',
    path: ['windowIds'],
  });
export type LunchBreak = z.infer<typeof lunchBreakSchema>;

/** The timetable of ordinary workdays (and of make-up workdays, 调休上班). */
export const timetableSchema = z
  .object({ hours: hoursSchema, lunchBreak: lunchBreakSchema.nullable().default(null) })
  .refine((t) => lunchInside(t.hours, t.lunchBreak), {
    message: '午休须在办公时间之内',
    path: ['lunchBreak'],
  });

/** 延时服务: on these weekdays or dates a workday runs on past closing, at fewer windows. */
export const extendedHoursSchema = z
  .object({
    id,
    name: z.string().min(1).max(30),
    /** ISO weekdays, 1 = Monday ... 5 = Friday. */
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    dates: z.array(isoDate).max(366).default([]),
    /** The extended closing time; must be after the workday's closing. */
    close: hhmm,
    /** Windows that stay open; null = all. */
    windowIds: z.array(id).min(1).max(100).nullable(),
    /** Matters served in the extension; null = all. */
    serviceIds: z.array(id).min(1).max(500).nullable(),
    note: z.string().max(200).default(''),
  })
  .refine((e) => e.weekdays.length > 0 || e.dates.length > 0, {
    message: '延时服务须指定星期或日期',
    path: ['weekdays'],
  });
export type ExtendedHours = z.infer<typeof extendedHoursSchema>;

/**
 * One 办事无休日 shift. It runs on ordinary weekend days (`weekend`), on holidays (`holiday`), or on
 * named dates (`dates`, which win over the other two on their day).
 */
export const shiftSchema = z
  .object({
    id,
    name: z.string().min(1).max(30),
    days: z
      .object({
        weekend: z.array(z.enum(['sat', 'sun'])).max(2).default([]),
        holiday: z.boolean().default(false),
        dates: z.array(isoDate).max(366).default([]),
      })
      .refine((d) => d.weekend.length > 0 || d.holiday || d.dates.length > 0, {
        message: '班次须指定周末、节假日或具体日期',
      }),
    hours: hoursSchema,
    lunchBreak: lunchBreakSchema.nullable().default(null),
    windowIds: z.array(id).min(1).max(100),
    /** Who may sign in to this shift's windows. */
    staffIds: z.array(id).min(1).max(200),
    /** Matters served; null = all that the shift's windows can serve. */
    serviceIds: z.array(id).min(1).max(500).nullable(),
    note: z.string().max(200).default(''),
  })
  .refine((s) => lunchInside(s.hours, s.lunchBreak), {
    message: '午休须在班次时间之内',
    path: ['lunchBreak'],
  })
  .refine((s) => !s.lunchBreak || s.lunchBreak.windowIds.every((w) => s.windowIds.includes(w)), {
    message: '午间服务窗口须属于本班次的窗口',
    path: ['lunchBreak', 'windowIds'],
  });
export type Shift = z.infer<typeof shiftSchema>;

/** Ticket issuing stops this many minutes before closing, per queue group. */
export const cutoffSchema = z.object({
  defaultMinutes: minutes,
  groups: z.record(groupId, minutes).default({}),
});

/** The whole calendar configuration of a hall: `seeds/calendar.json`. */
export const calendarConfigSchema = z
  .object({
    version: z.literal(1),
    /** Halls are in mainland China; the calendar always computes at UTC+08:00. */
    timeZone: z.literal('Asia/Shanghai').default('Asia/Shanghai'),
    weekday: timetableSchema,
    extendedHours: z.array(extendedHoursSchema).max(20).default([]),
    cutoff: cutoffSchema,
    /** Clerks may sign in to a window this long before it opens. */
    signInEarlyMinutes: minutes.default(60),
    /** The business day is closed (waiting tickets closed with a reason) this long after closing time. */
    closeDayGraceMinutes: z.number().int().min(0).max(360).default(0),
    /**
     * A year with no holiday data (neither the library nor the hall's overrides): `weekday-rules` opens
     * Monday-Friday as workdays and keeps the weekend roster, with a warning; `closed` keeps the hall shut.
     */
    unknownYear: z.enum(['weekday-rules', 'closed']).default('weekday-rules'),
    roster: z.array(shiftSchema).max(100).default([]),
  })
  .superRefine((c, ctx) => {
    unique(c.roster.map((s) => s.id), ['roster'], '班次编号', ctx);
    unique(c.extendedHours.map((e) => e.id), ['extendedHours'], '延时服务编号', ctx);
    c.extendedHours.forEach((e, i) => {
      if (!ordered(c.weekday.hours.close, e.close)) {
        ctx.addIssue({ code: 'custom', path: ['extendedHours', i, 'close'], message: '延时服务结束时间须晚于工作日下班时间' });
      }
    });
  });
export type CalendarConfig = z.infer<typeof calendarConfigSchema>;
/** What a file or a test may write: defaults not yet filled in. */
export type CalendarConfigInput = z.input<typeof calendarConfigSchema>;

const overrideBase = {
  date: isoDate,
  /** What the hall calls the day: 元旦, 设备检修, 提前闭厅 ... */
  name: z.string().min(1).max(30),
  note: z.string().max(200).default(''),
};

/**
 * A hall's decision about one date; it wins over the holiday library. `holiday`: a day off (a
 * holiday the library does not know yet); the holiday roster applies. `workday`: the workday
 * timetable (a make-up workday). `closed`: shut whatever else is planned. `hours`: open on these
 * hours only, one continuous stretch, keeping the day's windows and roster.
 */
export const calendarOverrideSchema = z.discriminatedUnion('kind', [
  z.object({ ...overrideBase, kind: z.literal('holiday') }),
  z.object({ ...overrideBase, kind: z.literal('workday') }),
  z.object({ ...overrideBase, kind: z.literal('closed') }),
  z.object({ ...overrideBase, kind: z.literal('hours'), hours: hoursSchema }),
]);
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;
export type CalendarOverrideInput = z.input<typeof calendarOverrideSchema>;

/** The hall's overrides: at most one per date. */
export const calendarOverridesSchema = z
  .array(calendarOverrideSchema)
  .max(5000)
  .superRefine((list, ctx) => unique(list.map((o) => o.date), [], '调整日期', ctx));

/** The one refusal shape of the project, for a calendar file or admin input that does not parse. */
export interface CalendarParseError {
  code: 'BAD_REQUEST';
  message: string;
}
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: CalendarParseError };

/** Parses a calendar configuration from a file or the admin console. */
export function parseCalendarConfig(input: unknown): ParseResult<CalendarConfig> {
  return toResult(calendarConfigSchema.safeParse(input, { error: z.locales.zhCN().localeError }), '日历配置');
}

/** Parses one date override, as the admin console sends it. */
export function parseCalendarOverride(input: unknown): ParseResult<CalendarOverride> {
  return toResult(calendarOverrideSchema.safeParse(input, { error: z.locales.zhCN().localeError }), '日期调整');
}

/** Parses the hall's date overrides (a list). */
export function parseCalendarOverrides(input: unknown): ParseResult<CalendarOverride[]> {
  return toResult(calendarOverridesSchema.safeParse(input, { error: z.locales.zhCN().localeError }), '日期调整');
}

function toResult<T>(r: z.ZodSafeParseResult<T>, what: string): ParseResult<T> {
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(根)';
  return { ok: false, error: { code: 'BAD_REQUEST', message: `${what}无效：${where}：${issue?.message ?? '格式错误'}` } };
}

/**
 * `a` strictly before `b`. zod runs object refinements even when a field inside already failed, so a
 * malformed time passes here and is reported once, by its own field.
 */
function ordered(a: string, b: string): boolean {
  try {
    return parseHhmm(a) < parseHhmm(b);
  } catch {
    return true;
  }
}

function lunchInside(hours: Hours, lunch: LunchBreak | null): boolean {
  if (!lunch) return true;
  return ordered(hours.open, lunch.start) && ordered(lunch.end, hours.close);
}

function unique(values: string[], path: (string | number)[], what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [...path, i], message: `${what}重复：${v}` });
    seen.add(v);
  });
}
