import { parseCalendarConfig, parseCalendarOverride, type CalendarOverride } from '../calendar';
import { readCalendarDoc } from '../catalog/catalog-store';
import type { Db } from '../store/database';
import { checkReferences, putDoc, readDocs } from './catalog-docs';
import { refIssues } from './catalog-admin';
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

const dateRe = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar as the console edits it: the configuration, the overrides, warnings and a month of day plans. */
export function calendarView(ctx: AdminContext, month: string | undefined) {
  const config = readCalendarDoc(ctx.db);
  const calendar = ctx.deps.calendar?.() ?? null;
  const now = ctx.now();
  const days: unknown[] = [];
  if (calendar && month && /^\d{4}-\d{2}$/.test(month)) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
    for (let d = 1; d <= n; d++) {
      const date = `${month}-${String(d).padStart(2, '0')}`;
      const p = calendar.plan(date);
      days.push({
        date,
        weekday: p.weekday,
        dayKind: p.dayKind,
        holidayName: p.holidayName,
        makeUpWorkday: p.makeUpWorkday,
        override: p.override,
        shifts: p.shifts.map((s) => ({ id: s.id, name: s.name })),
        blocks: p.blocks,
      });
    }
  }
  return { config, overrides: readCalendarOverrides(ctx.db), warnings: calendar?.warnings(now) ?? [], days, calendarWired: !!calendar };
}

/** Replaces the calendar configuration (timetable, cut-offs, roster), checked against the catalogue. */
export function updateCalendarConfig(ctx: AdminContext, actor: Actor, body: unknown) {
  const parsed = parseCalendarConfig(body);
  if (!parsed.ok) throw badRequest(parsed.error.message);
  const issues = checkReferences(readDocs(ctx.db), parsed.value).filter((i) => i.kind === 'calendar');
  if (issues.length > 0) throw badRequest(`排班引用了不存在的对象：${issues[0]!.message}`, refIssues(issues));
  const before = readCalendarDoc(ctx.db);
  ctx.change(
    actor,
    () => putDoc(ctx.db, 'calendar', 'calendar', parsed.value),
    () => ({ action: 'calendar.update', targetKind: 'calendar', targetId: 'calendar', summary: '修改日历与排班', before, after: parsed.value }),
  );
  ctx.deps.onCalendarChanged?.();
  return parsed.value;
}

/** Sets the override of one date (holiday, workday, closed, hours); logged with who and why. */
export function putOverride(ctx: AdminContext, actor: Actor, date: string, body: unknown): CalendarOverride {
  if (!dateRe.test(date)) throw badRequest('日期格式为 YYYY-MM-DD');
  const parsed = parseCalendarOverride({ ...(body as object), date });
  if (!parsed.ok) throw badRequest(parsed.error.message);
  const before = readCalendarOverrides(ctx.db).find((o) => o.date === date) ?? null;
  ctx.change(
    actor,
    () =>
      ctx.db
        .prepare('INSERT INTO calendar_overrides (date, doc, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(date) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at, updated_by = excluded.updated_by')
        .run(date, JSON.stringify(parsed.value), ctx.now(), actor.id),
    () => ({
      action: before ? 'calendarOverride.update' : 'calendarOverride.create',
      targetKind: 'calendarOverride',
      targetId: date,
      summary: `${date} 调整为「${parsed.value.name}」`,
      before,
      after: parsed.value,
    }),
  );
  ctx.deps.onCalendarChanged?.();
  return parsed.value;
}

export function deleteOverride(ctx: AdminContext, actor: Actor, date: string): void {
  const before = readCalendarOverrides(ctx.db).find((o) => o.date === date);
  if (!before) throw notFound(`${date} 没有日期调整`);
  ctx.change(
    actor,
    () => ctx.db.prepare('DELETE FROM calendar_overrides WHERE date = ?').run(date),
    () => ({ action: 'calendarOverride.delete', targetKind: 'calendarOverride', targetId: date, summary: `取消 ${date} 的日期调整「${before.name}」`, before, after: null }),
  );
  ctx.deps.onCalendarChanged?.();
}
