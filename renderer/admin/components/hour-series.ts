import type { HourRow } from '../../../protocol/admin';
import type { PlannerFigures } from '../../../protocol/planner';

/**
 * What `HourChart` draws, hour by hour: bars for one series against a line for another, each on its own
 * scale (or one shared), with an optional dashed rule (a target). The reports and the staffing planner
 * build one of these from their own figures; the chart itself knows neither.
 */
export interface HourSeries {
  /** One entry per hour shown, left to right. `line` null: no point that hour (no misleading zero). */
  points: { hour: number; bar: number; line: number | null; barTitle: string; lineTitle: string }[];
  bar: { label: string; max: number; maxLabel: string };
  line: { label: string; max: number; maxLabel: string };
  rule?: { value: number; label: string };
  /** Hour labels under the bars: `9` or `9时`. */
  hourSuffix: string;
  testId?: string;
}

/** A round upper bound for an axis: 1, 2, …, 9 times a power of ten (at least 1). */
export function niceMax(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  return Math.ceil(v / p) * p;
}

/**
 * The reports' hours (`HourRow`), trimmed to the span with arrivals or windows open: arrivals per day
 * against windows open, or the average wait against the p90 wait on one scale.
 */
export function reportSeries(hours: HourRow[], mode: 'arrivals' | 'wait'): HourSeries {
  const active = hours.filter((h) => h.arrivals > 0 || h.windowsOpen > 0);
  const lo = Math.min(...active.map((h) => h.hour));
  const hi = Math.max(...active.map((h) => h.hour));
  const shown = active.length === 0 ? [] : hours.filter((h) => h.hour >= lo && h.hour <= hi);
  const [barLabel, lineLabel] = mode === 'arrivals' ? ['日均取号', '日均开放窗口'] : ['平均等候（分钟）', 'P90 等候（分钟）'];
  const points = shown.map((h) => {
    const bar = mode === 'arrivals' ? h.arrivalsPerDay : (h.avgWaitMinutes ?? 0);
    // An hour without served tickets has no wait: no point, rather than a misleading zero.
    const line = mode === 'arrivals' ? h.windowsOpen : h.p90WaitMinutes;
    return { hour: h.hour, bar, line, barTitle: `${h.hour}时 ${barLabel} ${bar}`, lineTitle: `${h.hour}时 ${lineLabel} ${line ?? '—'}` };
  });
  const lines = points.map((p) => p.line ?? 0);
  const barMax = niceMax(Math.max(0, ...points.map((p) => p.bar), ...(mode === 'wait' ? lines : [])));
  const lineMax = mode === 'wait' ? barMax : niceMax(Math.max(0, ...lines));
  return {
    points,
    bar: { label: barLabel, max: barMax, maxLabel: String(barMax) },
    line: { label: lineLabel, max: lineMax, maxLabel: String(lineMax) },
    hourSuffix: '',
  };
}

/**
 * The staffing planner's figures: the windows' utilisation as bars (0–100 %), the worst group's p90 wait
 * as the line, the target wait as the rule. A group with tickets not called by closing (p90 null) is off
 * the scale: drawn at the top.
 */
export function plannerSeries(figures: PlannerFigures, hours: number[], target: number): HourSeries {
  const rows = hours.map((hour) => {
    const groups = figures.byHourAndGroup.filter((f) => f.hour === hour && f.taken > 0);
    const p90 = groups.length === 0 ? null : Math.max(...groups.map((g) => g.waitP90Min ?? Infinity));
    return { hour, util: figures.byHour.find((x) => x.hour === hour)?.utilisation ?? 0, p90 };
  });
  const waitMax = niceMax(Math.max(target * 1.5, ...rows.map((r) => (r.p90 !== null && Number.isFinite(r.p90) ? r.p90 : 0))));
  const fmt = (v: number | null) => (v === null ? '—' : Number.isFinite(v) ? `${v.toFixed(1)} 分钟` : '闭厅前办不完');
  return {
    points: rows.map((r) => ({
      hour: r.hour,
      bar: r.util,
      line: r.p90,
      barTitle: `${r.hour}时 窗口利用率 ${Math.round(r.util * 100)}%`,
      lineTitle: `${r.hour}时 最长队列 P90 等候 ${fmt(r.p90)}`,
    })),
    bar: { label: '窗口利用率', max: 1, maxLabel: '100%' },
    line: { label: '各队列中最长的 P90 等候（虚线为目标）', max: waitMax, maxLabel: `${waitMax}分` },
    rule: { value: target, label: '目标' },
    hourSuffix: '时',
    testId: 'planner-chart',
  };
}
