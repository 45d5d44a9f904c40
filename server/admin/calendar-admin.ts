import type { CalendarDayView, CalendarIssue, CalendarPageView } from '../../protocol/calendar';
import { calendarDaySaveSchema, fieldLabel } from '../../protocol/calendar';
import { createCalendar, createChineseDaysSource, parseCalendarConfig, parseCalendarOverride, type CalendarOverride } from '../calendar';
import type { CalendarConfig } from '../../protocol/calendar';
import { readCalendarDoc } from '../catalog/catalog-store';
import { businessDateOf, formatMinutes, isIsoDate } from '../calendar/time';
import type { Db } from '../store/database';
import { putDoc, readDocs } from './catalog-docs';
import { calendarReferenceIssues } from './calendar-refs';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { badRequest, notFound } from './errors';

/** The hall's date overrides, for `createCalendar(config, overrides, holidays)` in the composition root. */
export function readCalendarOverrides(db: Db): CalendarOverride[] {
  const rows = db.prepare('SELECT doc FROM calendar_overrides ORDER BY date').all() as { doc: string }[];
  const out: CalendarOverride[] = [];
  for (const r of rows) {
    const parsed = parseCalendarOverride(JSON.parse(r.doc));
    if (parsed.ok) out.push(parsed.value);
  }
  return out;
}

function storedConfig(db: Db): CalendarConfig | null {
  const doc = readCalendarDoc(db);
  if (doc === null) return null;
  const parsed = parseCalendarConfig(doc);
  return parsed.ok ? parsed.value : null;
}

const holidaysOf = (ctx: AdminContext) => ctx.deps.holidays ?? createChineseDaysSource();

/**
 * The calendar as the console edits it: the configuration, the overrides, warnings and a month of day plans
 * with the statutory arrangement beneath each. The plans are built from what is stored, so the month shows
 * what the hall would do even on a server running without its calendar (always open).
 */
export function calendarView(ctx: AdminContext, asked: string | undefined): CalendarPageView {
  // The hall's month, not the browser's: a console on a machine with a wrong clock still opens on today.
  const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : businessDateOf(ctx.now()).slice(0, 7);
  const config = storedConfig(ctx.db);
  const overrides = readCalendarOverrides(ctx.db);
  const holidays = holidaysOf(ctx);
  const calendar = config ? createCalendar(config, overrides, holidays) : null;
  const days: CalendarDayView[] = [];
  if (calendar) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
    for (let d = 1; d <= n; d++) {
      const date = `${month}-${String(d).padStart(2, '0')}`;
      const p = calendar.plan(date);
      const statutory = holidays.day(date);
      days.push({
        date,
        weekday: p.weekday,
        dayKind: p.dayKind,
        basis: p.basis,
        statutory: statutory === 'unknown' ? null : { kind: statutory.kind, makeUpWorkday: statutory.makeUpWorkday, holidayName: statutory.holidayName },
        holidayName: p.holidayName,
        makeUpWorkday: p.makeUpWorkday,
        override: p.override,
        shifts: p.shifts.map((s) => ({ id: s.id, name: s.name, dated: s.days.dates.includes(date) })),
        hours: p.blocks.map((b) => `${formatMinutes(b.from)}-${formatMinutes(b.to)}`),
        extended: p.extended ? { id: p.extended.id, name: p.extended.name, close: p.extended.close } : null,
        warnings: p.warnings,
      });
    }
  }
  return { month, config, overrides, warnings: calendar?.warnings(ctx.now()) ?? [], days, calendarWired: !!ctx.deps.calendar?.() };
}

/** Parses and reference-checks a configuration; every issue by its field path, or the parsed value. */
function checkConfig(ctx: AdminContext, body: unknown): { value: CalendarConfig; issues: CalendarIssue[] } | { value: null; issues: CalendarIssue[] } {
  const parsed = parseCalendarConfig(body);
  if (!parsed.ok) return { value: null, issues: parsed.error.issues };
  const d = readDocs(ctx.db);
  const refs = calendarReferenceIssues(parsed.value, {
    windows: new Set(d.windows.map((w) => w.id)),
    staff: new Set(d.staff.map((s) => s.id)),
    services: new Set(d.services.map((s) => s.id)),
  });
  return refs.length > 0 ? { value: null, issues: refs.map((r) => ({ path: r.path, message: r.message })) } : { value: parsed.value, issues: [] };
}

/** The one refusal for calendar input: the first field in Chinese in the message, every field in `issues`. */
function refuse(what: string, issues: CalendarIssue[], input: unknown, labelOf: (path: string) => string = (p) => fieldLabel(p, input)): never {
  const first = issues[0]!;
  const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处）` : '';
  throw badRequest(`${what}无效：${labelOf(first.path)}：${first.message}${more}`, issues);
}

function writeConfig(ctx: AdminContext, actor: Actor, next: CalendarConfig): void {
  const before = readCalendarDoc(ctx.db);
  ctx.change(
    actor,
    () => putDoc(ctx.db, 'calendar', 'calendar', next),
    () => ({ action: 'calendar.update', targetKind: 'calendar', targetId: 'calendar', summary: '修改日历与排班', before, after: next }),
  );
}

/** Replaces the calendar configuration (timetable, cut-offs, roster), checked against the catalogue. */
export function updateCalendarConfig(ctx: AdminContext, actor: Actor, body: unknown): CalendarConfig {
  const checked = checkConfig(ctx, body);
  if (!checked.value) refuse('日历配置', checked.issues, body);
  writeConfig(ctx, actor, checked.value);
  ctx.deps.onCalendarChanged?.();
  return checked.value;
}

function writeOverride(ctx: AdminContext, actor: Actor, date: string, next: CalendarOverride): void {
  const before = readCalendarOverrides(ctx.db).find((o) => o.date === date) ?? null;
  ctx.change(
    actor,
    () =>
      ctx.db
        .prepare('INSERT INTO calendar_overrides (date, doc, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(date) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at, updated_by = excluded.updated_by')
        .run(date, JSON.stringify(next), ctx.now(), actor.id),
    () => ({
      action: before ? 'calendarOverride.update' : 'calendarOverride.create',
      targetKind: 'calendarOverride',
      targetId: date,
      summary: `${date} 调整为「${next.name}」`,
      before,
      after: next,
    }),
  );
}

function removeOverride(ctx: AdminContext, actor: Actor, before: CalendarOverride): void {
  ctx.change(
    actor,
    () => ctx.db.prepare('DELETE FROM calendar_overrides WHERE date = ?').run(before.date),
    () => ({ action: 'calendarOverride.delete', targetKind: 'calendarOverride', targetId: before.date, summary: `取消 ${before.date} 的日期调整「${before.name}」`, before, after: null }),
  );
}

function checkDate(date: string): void {
  if (!isIsoDate(date)) throw badRequest('日期格式为 YYYY-MM-DD，且须为真实日期', [{ path: 'date', message: '日期格式为 YYYY-MM-DD，且须为真实日期' }]);
}

/** Sets the override of one date (holiday, workday, closed, hours); logged with who and why. */
export function putOverride(ctx: AdminContext, actor: Actor, date: string, body: unknown): CalendarOverride {
  checkDate(date);
  const input = { ...(typeof body === 'object' && body !== null ? body : {}), date };
  const parsed = parseCalendarOverride(input);
  if (!parsed.ok) refuse('日期调整', parsed.error.issues, input);
  writeOverride(ctx, actor, date, parsed.value);
  ctx.deps.onCalendarChanged?.();
  return parsed.value;
}

export function deleteOverride(ctx: AdminContext, actor: Actor, date: string): void {
  const before = readCalendarOverrides(ctx.db).find((o) => o.date === date);
  if (!before) throw notFound(`${date} 没有日期调整`);
  removeOverride(ctx, actor, before);
  ctx.deps.onCalendarChanged?.();
}

/**
 * Saves one date as the console's day editor leaves it: its override (`null` = none: the statutory
 * arrangement and the roster decide) and the configuration holding the day's shifts (a new 办事无休日
 * shift, a shift that now names the date). Both are checked before either is written, and written in one
 * transaction with their audit rows, so a service day never lands without its roster. Override issues
 * come back under `override.`, configuration issues at their own path, and a shift the day would ignore
 * (a shift dated on a working day) under `shifts`.
 */
export function putDay(ctx: AdminContext, actor: Actor, date: string, body: unknown): CalendarDayView {
  checkDate(date);
  const shape = calendarDaySaveSchema.safeParse(body);
  if (!shape.success) throw badRequest('请求体应为 { override, config }');
  const { override: overrideBody, config: configBody } = shape.data;
  const issues: CalendarIssue[] = [];
  let override: CalendarOverride | null = null;
  const overrideInput = overrideBody === null ? null : { ...(typeof overrideBody === 'object' ? overrideBody : {}), date };
  if (overrideInput) {
    const parsed = parseCalendarOverride(overrideInput);
    if (parsed.ok) override = parsed.value;
    else issues.push(...parsed.error.issues.map((i) => ({ path: `override.${i.path}`, message: i.message })));
  }
  const checked = checkConfig(ctx, configBody);
  issues.push(...checked.issues);
  const labelOf = (p: string) => (p.startsWith('override.') ? `日期调整 · ${fieldLabel(p.slice('override.'.length), overrideInput)}` : p === 'shifts' ? '本日班次' : fieldLabel(p, configBody));
  if (issues.length > 0 || !checked.value) refuse('本日设置', issues, configBody, labelOf);
  const config = checked.value;

  const others = readCalendarOverrides(ctx.db).filter((o) => o.date !== date);
  const plan = createCalendar(config, override ? [...others, override] : others, holidaysOf(ctx)).plan(date);
  const ignored = config.roster.filter((s) => s.days.dates.includes(date) && plan.base === 'workday');
  if (ignored.length > 0) {
    refuse('本日设置', [{ path: 'shifts', message: `本日是工作日，按工作日时间表开放，班次「${ignored.map((s) => s.name).join('、')}」不会生效；如需按班次值班，请把本日调整为“放假”` }], configBody, labelOf);
  }

  const before = readCalendarOverrides(ctx.db).find((o) => o.date === date) ?? null;
  const configChanged = JSON.stringify(storedConfig(ctx.db)) !== JSON.stringify(config);
  const overrideChanged = JSON.stringify(before) !== JSON.stringify(override);
  ctx.db.transaction(() => {
    if (configChanged) writeConfig(ctx, actor, config);
    if (overrideChanged && override) writeOverride(ctx, actor, date, override);
    if (overrideChanged && !override && before) removeOverride(ctx, actor, before);
  })();
  if (configChanged || overrideChanged) ctx.deps.onCalendarChanged?.();
  return calendarView(ctx, date.slice(0, 7)).days.find((d) => d.date === date)!;
}
