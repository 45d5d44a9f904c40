/**
 * One layout of a ticket, as a list of printer-neutral operations. Both the ESC/POS renderer and the
 * PNG preview draw from it, so the preview shows exactly the lines the printer gets.
 */
import { padColumns, sanitizeText, textColumns, wrapText } from './text';
import type { PrinterCharset, TicketPrintData } from '../protocol/print';

export type Align = 'left' | 'center' | 'right';

/** One printer-neutral operation. Text is already sanitised and wrapped to fit one printed line. */
export type LayoutOp =
  | { op: 'text'; text: string; align: Align; bold: boolean; scale: number }
  | { op: 'rule' }
  | { op: 'qr'; payload: string; cellSize: number; correction: 'L' | 'M' | 'Q' | 'H' }
  | { op: 'feed'; lines: number }
  | { op: 'cut' };

/** A laid-out ticket for one paper width. */
export interface TicketLayout {
  paperWidthMm: 58 | 80;
  /** Font A columns: 32 on 58 mm, 48 on 80 mm (12-dot half-width cells at 203 dpi). */
  columns: number;
  /** Printable dots per line: 384 on 58 mm, 576 on 80 mm. */
  dotsPerLine: number;
  ops: LayoutOp[];
}

/** Options for laying out a ticket. */
export interface LayoutOptions {
  paperWidthMm: 58 | 80;
  charset?: PrinterCharset;
  /** The hall's time zone, for the printed time. */
  timeZone?: string;
}

const GEOMETRY = {
  58: { columns: 32, dotsPerLine: 384, numberScale: 4, qrCell: 6 },
  80: { columns: 48, dotsPerLine: 576, numberScale: 5, qrCell: 7 },
} as const;

/** Formats an ISO time as `2026-11-28 09:31` in the hall's time zone (a time already in that form stays). */
export function formatTakenAt(iso: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(iso)) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * The printed wait: the central estimate with its 10–90 % range ("约 25 分钟（15–40 分钟）"), "即将叫号"
 * only when nine runs in ten call it within two minutes, and when no open window can serve the ticket,
 * that and when one is due.
 */
export function waitLine(data: Pick<TicketPrintData, 'estimatedWaitMinutes' | 'estimateRange'>, timeZone: string): string {
  const r = data.estimateRange;
  if (!r) return `约 ${data.estimatedWaitMinutes} 分钟`;
  if (r.noWindow) {
    if (r.servableFrom !== null) {
      const hm = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(r.servableFrom));
      return `暂无可办理窗口，预计 ${hm} 起办理`;
    }
    if (r.high === null) return '暂无可办理窗口，今日可能无法办理';
    return r.high <= 2 ? '暂无可办理窗口，窗口开放后即叫号' : `暂无可办理窗口，待窗口开放后约 ${r.low}–${r.high} 分钟`;
  }
  if (r.high !== null && r.high <= 2) return '即将叫号';
  if (r.high === null) return `约 ${data.estimatedWaitMinutes} 分钟（至少 ${r.low} 分钟，今日可能办不完）`;
  return `约 ${data.estimatedWaitMinutes} 分钟（${r.low}–${r.high} 分钟）`;
}

/** Lays out a ticket for one paper width. Pure: same data, same layout. */
export function layoutTicket(data: TicketPrintData, options: LayoutOptions): TicketLayout {
  const geo = GEOMETRY[options.paperWidthMm];
  const cols = geo.columns;
  const clean = (s: string) => sanitizeText(s, options.charset ?? 'gbk');
  const ops: LayoutOp[] = [];

  const para = (text: string, align: Align, bold = false, scale = 1) => {
    for (const line of wrapText(clean(text), Math.floor(cols / scale))) ops.push({ op: 'text', text: line, align, bold, scale });
  };
  // A label with its value; continuation lines hang under the value.
  const labelled = (label: string, value: string, bold = false) => {
    const lab = clean(label);
    const indent = textColumns(lab);
    const lines = wrapText(clean(value), cols - indent);
    lines.forEach((line, i) => {
      ops.push({ op: 'text', text: (i === 0 ? lab : padColumns('', indent)) + line, align: 'left', bold, scale: 1 });
    });
  };

  para(data.hallName, 'center', true);
  ops.push({ op: 'rule' });
  para('您的号码', 'center');
  const number = clean(data.number);
  const scale = Math.max(1, Math.min(geo.numberScale, Math.floor(cols / textColumns(number))));
  ops.push({ op: 'text', text: number, align: 'center', bold: true, scale });
  if (data.groupName) para(data.groupName, 'center');
  if (data.priorityLabel) para(`【${data.priorityLabel}】`, 'center', true);
  ops.push({ op: 'rule' });

  if (data.bundleName) labelled('一件事：', data.bundleName, true);
  if (data.serviceNames.length > 0) labelled('办理事项：', data.serviceNames.join('、'));
  labelled('前面等候：', `${data.ahead} 人`, true);
  labelled('预计等候：', waitLine(data, options.timeZone ?? 'Asia/Shanghai'));
  labelled('取号时间：', formatTakenAt(data.takenAt, options.timeZone ?? 'Asia/Shanghai'));

  if (data.materials.length > 0) {
    ops.push({ op: 'rule' });
    para('请备齐以下材料：', 'left', true);
    data.materials.forEach((m, i) => labelled(`${i + 1}.`, m));
  }

  ops.push({ op: 'rule' });
  ops.push({ op: 'qr', payload: data.statusUrl, cellSize: geo.qrCell, correction: 'M' });
  para('扫码查看排队进度', 'center');
  para('请留意叫号屏和语音提示', 'center');
  if (data.footer) para(data.footer, 'center');
  ops.push({ op: 'feed', lines: 4 });
  ops.push({ op: 'cut' });

  return { paperWidthMm: options.paperWidthMm, columns: cols, dotsPerLine: geo.dotsPerLine, ops };
}
