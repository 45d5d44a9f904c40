import { loadExcel } from '../excel';
import { FOLLOW_UP_STATE_NAMES, LEVEL_NAMES, type FollowUpState, type Report, type ReportRow } from '../../protocol/admin';


/** Column headers and values of the summary table, shared by CSV and xlsx. */
export function summaryTable(r: Report): { header: string[]; rows: (string | number | null)[][] } {
  const header = [
    r.byLabel,
    '取号数',
    '办结数',
    '过号数',
    '转办数',
    '平均等候(分钟)',
    'P90等候(分钟)',
    '平均办理(分钟)',
    '非常满意',
    '满意',
    '基本满意',
    '不满意',
    '非常不满意',
    '其中默认好评',
    '评价数',
    '满意率(%)',
    '满意率不含默认(%)',
    '差评数',
    '申诉成立(不计)',
  ];
  const line = (x: ReportRow) => [
    x.label,
    x.taken,
    x.served,
    x.noShows,
    x.transfers,
    x.avgWaitMinutes,
    x.p90WaitMinutes,
    x.avgHandlingMinutes,
    x.levels[5],
    x.levels[4],
    x.levels[3],
    x.levels[2],
    x.levels[1],
    x.defaults,
    x.rated,
    x.satisfactionRate,
    x.satisfactionRateRated,
    x.badRatings,
    x.appealsUpheld,
  ];
  return { header, rows: [...r.rows.map(line), line(r.total)] };
}

export function badRatingsTable(r: Report): { header: string[]; rows: (string | number | null)[][] } {
  return {
    header: ['办件编号', '号票', '办理日期', '窗口', '工作人员', '事项', '评价', '评价内容', '回访状态', '回访期限', '是否逾期'],
    rows: r.badRatings.map((b) => [
      b.caseId,
      b.ticketNumber,
      b.businessDate,
      b.windowName,
      b.staffName,
      b.serviceNames.join('、'),
      LEVEL_NAMES[b.level] ?? String(b.level),
      b.comment,
      b.followUp ? (FOLLOW_UP_STATE_NAMES[b.followUp.state as FollowUpState] ?? b.followUp.state) : '',
      b.followUp?.dueDate ?? '',
      b.followUp?.overdue ? '逾期' : '',
    ]),
  };
}

export function hoursTable(r: Report): { header: string[]; rows: (string | number | null)[][] } {
  return {
    header: ['时段', '取号数', '日均取号', '日均开放窗口', '平均等候(分钟)', 'P90等候(分钟)'],
    rows: r.hours
      .filter((h) => h.arrivals > 0 || h.windowsOpen > 0)
      .map((h) => [`${String(h.hour).padStart(2, '0')}:00-${String(h.hour + 1).padStart(2, '0')}:00`, h.arrivals, h.arrivalsPerDay, h.windowsOpen, h.avgWaitMinutes, h.p90WaitMinutes]),
  };
}

/**
 * Leading characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection": = + - @,
 * tab and carriage return), with their full-width forms (＝ ＋ － ＠), which a Chinese input method types
 * and some spreadsheets fold to the ASCII ones, and a line feed for good measure.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV cell: text a citizen or a clerk wrote (evaluation comments, names) that starts like a formula
 * is prefixed with `'`, so it stays text; numbers are written as they are (a negative figure is data).
 */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  const safe = typeof v === 'string' && FORMULA_START.test(s) ? `'${s}` : s;
  return /[",\r\n\t]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV (UTF-8 with BOM, so Excel opens the Chinese right) of one table of the report. */
export function reportCsv(r: Report, table: 'summary' | 'bad' | 'hours' = 'summary'): string {
  const t = table === 'bad' ? badRatingsTable(r) : table === 'hours' ? hoursTable(r) : summaryTable(r);
  const lines = [t.header, ...t.rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The report as a workbook: 汇总, 差评, 分时段. */
export async function reportXlsx(r: Report, hallName: string): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Yichuang';
  const add = (name: string, title: string, t: { header: string[]; rows: (string | number | null)[][] }) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([title]);
    ws.getRow(1).font = { bold: true };
    ws.addRow(t.header);
    ws.getRow(2).font = { bold: true };
    for (const row of t.rows) ws.addRow(row.map((v) => (v === null ? '' : v)));
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 18 : 12));
  };
  const range = `${r.query.from} 至 ${r.query.to}`;
  add('汇总', `${hallName} 服务报表（${range}，按${r.byLabel}）`, summaryTable(r));
  add('差评', `差评清单（${range}）`, badRatingsTable(r));
  add('分时段', `分时段取号与窗口（${range}）`, hoursTable(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
