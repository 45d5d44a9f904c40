import { z } from 'zod';
import { isIsoDate } from './business-date';

/**
 * The hall calendar's configuration (the content of `seeds/calendar.json`) and the hall's date overrides,
 * as they cross the wire between the admin console and the hall server. Environment-neutral (zod only):
 * the server parses files and requests with these schemas, the console checks its form with the same
 * ones before it saves, so a refusal reads the same on both sides. Every message is Chinese; every
 * issue names its field by path (`roster[0].staffIds`) and, for people, by a Chinese label.
 */

const HHMM_RE = /^(\d{2}):(\d{2})$/;

/** True when `date` is a real calendar date written `YYYY-MM-DD` (one definition, in business-date.ts). */
export { isIsoDate };

/** Minutes since midnight of an `HH:MM` time (`24:00` is 1440). */
export function parseHhmm(hhmm: string): number {
  const m = HHMM_RE.exec(hhmm);
  if (!m) throw new RangeError(`not a time (HH:MM): ${hhmm}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || minutes > 24 * 60) throw new RangeError(`not a time (HH:MM): ${hhmm}`);
  return minutes;
}

/** Ids as the catalogue writes them: `w01`, `s-zhang`, `svc-hukou-move`. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '编号只能由小写字母、数字和连字符组成');
/** A queue group is one capital letter (A 个人综合, B 企业, ...). */
const groupId = z.string().regex(/^[A-Z]$/, '队列分组是一个大写字母');
const isoDate = z.string().refine(isIsoDate, '日期格式为 YYYY-MM-DD，且须为真实日期');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式为 HH:MM（00:00-24:00）');
const minutes = z.number({ error: '请填写分钟数' }).int('须为整数分钟').min(0, '不能为负数').max(240, '不能超过 240 分钟');
const name = z.string().trim().min(1, '请填写名称').max(30, '名称不超过 30 个字');
const note = z.string().max(200, '说明不超过 200 个字').default('');
const ids = (what: string, max: number) => z.array(id).min(1, `至少选择一个${what}`).max(max, `${what}不超过 ${max} 个`);

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
    mode: z.enum(['closed', 'reduced'], '午休方式为“闭厅”或“午间不打烊”'),
    windowIds: z.array(id).max(100).default([]),
    note,
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
    name,
    /** ISO weekdays, 1 = Monday ... 5 = Friday. */
    weekdays: z.array(z.number().int().min(1, '星期为 1-7').max(7, '星期为 1-7')).max(7).default([]),
    dates: z.array(isoDate).max(366, '日期不超过 366 个').default([]),
    /** The extended closing time; must be after the workday's closing. */
    close: hhmm,
    /** Windows that stay open; null = all. */
    windowIds: ids('窗口', 100).nullable(),
    /** Matters served in the extension; null = all. */
    serviceIds: ids('事项', 500).nullable(),
    note,
  })
  .refine((e) => e.weekdays.length > 0 || e.dates.length > 0, {
    message: '延时服务须指定星期或日期',
    path: ['weekdays'],
  });
export type ExtendedHours = z.infer<typeof extendedHoursSchema>;

/**
 * One 办事无休日 shift. It runs on ordinary weekend days (`weekend`), on holidays (`holiday`), or on
 * named dates (`dates`, which win over the other two on their day). Any clerk in `staffIds` may sign in
 * to any window in `windowIds` during the shift: the roster names who works the shift and which
 * windows it opens, not a clerk per window.
 */
export const shiftSchema = z
  .object({
    id,
    name,
    days: z
      .object({
        weekend: z.array(z.enum(['sat', 'sun'], '周末为 sat 或 sun')).max(2).default([]),
        holiday: z.boolean().default(false),
        dates: z.array(isoDate).max(366, '日期不超过 366 个').default([]),
      })
      .refine((d) => d.weekend.length > 0 || d.holiday || d.dates.length > 0, {
        message: '班次须指定周末、节假日或具体日期',
      }),
    hours: hoursSchema,
    lunchBreak: lunchBreakSchema.nullable().default(null),
    windowIds: ids('窗口', 100),
    /** Who may sign in to this shift's windows. */
    staffIds: z.array(id).min(1, '至少选择一名工作人员').max(200, '工作人员不超过 200 名'),
    /** Matters served; null = all that the shift's windows can serve. */
    serviceIds: ids('事项', 500).nullable(),
    note,
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
  groups: z
    .record(groupId, minutes, { error: (i) => (i.code === 'invalid_key' ? '队列分组是一个大写字母' : '分组截止须为“分组字母: 分钟数”') })
    .default({}),
});

/** The whole calendar configuration of a hall: `seeds/calendar.json`. */
export const calendarConfigSchema = z
  .object({
    version: z.literal(1, '配置版本须为 1'),
    /** Halls are in mainland China; the calendar always computes at UTC+08:00. */
    timeZone: z.literal('Asia/Shanghai', '时区须为 Asia/Shanghai').default('Asia/Shanghai'),
    weekday: timetableSchema,
    extendedHours: z.array(extendedHoursSchema).max(20, '延时服务不超过 20 项').default([]),
    cutoff: cutoffSchema,
    /** Clerks may sign in to a window this long before it opens. */
    signInEarlyMinutes: minutes.default(60),
    /** The business day is closed (waiting tickets closed with a reason) this long after closing time. */
    closeDayGraceMinutes: z.number({ error: '请填写分钟数' }).int('须为整数分钟').min(0, '不能为负数').max(360, '不能超过 360 分钟').default(0),
    /**
     * A year with no holiday data (neither the library nor the hall's overrides): `weekday-rules` opens
     * Monday-Friday as workdays and keeps the weekend roster, with a warning; `closed` keeps the hall shut.
     */
    unknownYear: z.enum(['weekday-rules', 'closed'], '缺数据年份的处理方式为“按周一至周五推算”或“不开放”').default('weekday-rules'),
    roster: z.array(shiftSchema).max(100, '班次不超过 100 个').default([]),
  })
  .superRefine((c, ctx) => {
    unique(c.roster.map((s) => s.id), ['roster'], ['id'], '班次编号', ctx);
    unique(c.extendedHours.map((e) => e.id), ['extendedHours'], ['id'], '延时服务编号', ctx);
    c.extendedHours.forEach((e, i) => {
      if (!ordered(c.weekday.hours.close, e.close)) {
        ctx.addIssue({ code: 'custom', path: ['extendedHours', i, 'close'], message: '延时服务结束时间须晚于工作日下班时间' });
      }
    });
  });
export type CalendarConfig = z.infer<typeof calendarConfigSchema>;
/** What a file, a form or a test may write: defaults not yet filled in. */
export type CalendarConfigInput = z.input<typeof calendarConfigSchema>;

const overrideBase = {
  date: isoDate,
  /** What the hall calls the day: 元旦, 设备检修, 提前闭厅 ... */
  name,
  note,
};

/**
 * A hall's decision about one date; it wins over the holiday library. `holiday`: a day off (a
 * holiday the library does not know yet); the holiday roster applies. `workday`: the workday
 * timetable (a make-up workday). `closed`: shut whatever else is planned. `hours`: open on these
 * hours only, one continuous stretch, keeping the day's windows and roster.
 */
export const calendarOverrideSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ ...overrideBase, kind: z.literal('holiday') }),
    z.object({ ...overrideBase, kind: z.literal('workday') }),
    z.object({ ...overrideBase, kind: z.literal('closed') }),
    z.object({ ...overrideBase, kind: z.literal('hours'), hours: hoursSchema }),
  ],
  { error: '调整类型为放假、上班、闭厅或特殊时间' },
);
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;
export type CalendarOverrideInput = z.input<typeof calendarOverrideSchema>;

/** The hall's overrides: at most one per date. */
export const calendarOverridesSchema = z
  .array(calendarOverrideSchema)
  .max(5000)
  .superRefine((list, ctx) => unique(list.map((o) => o.date), [], [], '调整日期', ctx));

/**
 * One date as the console saves it (`PUT /api/admin/calendar/days/:date`): its override (null = follow
 * the statutory arrangement and the roster) and the configuration with the day's shifts, saved together so
 * a new 办事无休日 and its shift land in one step.
 */
export const calendarDaySaveSchema = z.object({
  override: z.unknown().nullable(),
  config: z.unknown(),
});

// ---- The console's month (`GET /api/admin/calendar?month=YYYY-MM`) ----

/** The kind of day, as terminals, reports and the console see it (server/calendar/day-plan.ts). */
export type CalendarDayKind = 'workday' | 'weekend-service' | 'holiday-service' | 'closed' | 'unknown';

/** One date of the month view: what the hall plans, and what the statutory arrangement says beneath it. */
export interface CalendarDayView {
  date: string;
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
  dayKind: CalendarDayKind;
  /** Where the kind comes from: the hall's override, the holiday data, the hall's own entries, or the unknown-year fallback. */
  basis: 'override' | 'holiday-data' | 'hall-entered' | 'fallback';
  /** The State Council's arrangement for the date, without the hall's override; null when the year is not covered. */
  statutory: { kind: 'workday' | 'weekend' | 'holiday'; makeUpWorkday: boolean; holidayName: string | null } | null;
  holidayName: string | null;
  makeUpWorkday: boolean;
  override: CalendarOverride | null;
  /** Shifts that run that day; `dated` when the shift names the date itself. */
  shifts: { id: string; name: string; dated: boolean }[];
  /** Open stretches, `9:00-17:00`. */
  hours: string[];
  /** 延时服务 that evening. */
  extended: { id: string; name: string; close: string } | null;
  warnings: string[];
}

/** The console's calendar page. */
export interface CalendarPageView {
  /** The month shown, `YYYY-MM`: the one asked for, else the hall's current month. */
  month: string;
  /** The stored configuration as saved (null when the hall has none yet). */
  config: CalendarConfig | null;
  overrides: CalendarOverride[];
  warnings: string[];
  days: CalendarDayView[];
  /** False when the hall server runs without its calendar (always open); the plans show what it would do. */
  calendarWired: boolean;
}

// ---- Issues: where and what ----

/** One problem in a calendar input: the field path (`roster[0].staffIds`) and a Chinese message. */
export interface CalendarIssue {
  path: string;
  message: string;
}
export type CalendarCheck<T> = { ok: true; value: T } | { ok: false; issues: CalendarIssue[] };

/** zod issue path → `roster[0].staffIds`, the path the console's fields are addressed by. */
export function issuePath(p: readonly PropertyKey[]): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
}

/** Checks a configuration; every issue, not only the first, so the form can mark each field. */
export function checkCalendarConfig(input: unknown): CalendarCheck<CalendarConfig> {
  return check(calendarConfigSchema.safeParse(input, zh));
}

/** Checks one date override. */
export function checkCalendarOverride(input: unknown): CalendarCheck<CalendarOverride> {
  return check(calendarOverrideSchema.safeParse(input, zh));
}

/** Checks the hall's list of overrides. */
export function checkCalendarOverrides(input: unknown): CalendarCheck<CalendarOverride[]> {
  return check(calendarOverridesSchema.safeParse(input, zh));
}

const zh = { error: z.locales.zhCN().localeError };

function check<T>(r: z.ZodSafeParseResult<T>): CalendarCheck<T> {
  if (r.success) return { ok: true, value: r.data };
  const seen = new Set<string>();
  const issues: CalendarIssue[] = [];
  for (const i of r.error.issues) {
    const path = issuePath(i.path);
    const key = `${path}|${i.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message: i.message });
  }
  return { ok: false, issues };
}

const FIELD: Record<string, string> = {
  version: '配置版本',
  timeZone: '时区',
  weekday: '工作日',
  hours: '时间',
  open: '开始时间',
  close: '结束时间',
  lunchBreak: '午休',
  start: '午休开始',
  end: '午休结束',
  mode: '午休方式',
  windowIds: '窗口',
  staffIds: '工作人员',
  serviceIds: '事项',
  extendedHours: '延时服务',
  cutoff: '取号截止',
  defaultMinutes: '默认截止分钟',
  groups: '分组截止分钟',
  signInEarlyMinutes: '提前签到分钟',
  closeDayGraceMinutes: '营业日关闭宽限分钟',
  unknownYear: '缺节假日数据的年份',
  roster: '班次',
  id: '编号',
  name: '名称',
  note: '说明',
  days: '适用日期',
  weekend: '周末',
  holiday: '节假日',
  dates: '具体日期',
  weekdays: '星期',
  date: '日期',
  kind: '调整类型',
};

/**
 * A path as the manager reads it: `roster[0].staffIds` → 班次「周六上午班」· 工作人员. `input` (the
 * configuration as sent) names shifts and extensions by their own names where it can.
 */
export function fieldLabel(path: string, input?: unknown): string {
  const parts = path.match(/[^.[\]]+/g) ?? [];
  const out: string[] = [];
  let node: unknown = input;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    const index = /^\d+$/.test(key) ? Number(key) : null;
    const parent = parts[i - 1];
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (index !== null && (parent === 'roster' || parent === 'extendedHours')) {
      const named = node && typeof node === 'object' ? (node as { name?: unknown }).name : undefined;
      const what = parent === 'roster' ? '班次' : '延时服务';
      out.pop();
      out.push(typeof named === 'string' && named.trim() ? `${what}「${named.trim()}」` : `${what}第 ${index + 1} 项`);
      continue;
    }
    if (index !== null) {
      out.push(`第 ${index + 1} 项`);
      continue;
    }
    if (parent === 'groups') {
      out.push(`${key} 组`);
      continue;
    }
    out.push(FIELD[key] ?? key);
  }
  return out.length > 0 ? out.join(' · ') : '配置';
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

function unique(values: string[], path: (string | number)[], tail: string[], what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [...path, i, ...tail], message: `${what}重复：${v}` });
    seen.add(v);
  });
}
