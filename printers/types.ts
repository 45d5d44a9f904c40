/**
 * Ticket-printing types shared by the hall server, the Electron shell and the renderer.
 *
 * Environment-neutral on purpose: no imports at all, so a sandboxed page can `import type` this
 * file and the preload bridge can pass these shapes through IPC unchanged.
 */

/** What a paper ticket shows. All strings are display text; the printer module sanitises them. */
export interface TicketPrintData {
  /** The hall's name, printed on top (e.g. 某某区政务服务中心). */
  hallName: string;
  /** The ticket number, printed very large (e.g. A023). */
  number: string;
  /** The queue group's display name (e.g. 个人综合). Null or empty means none, as for every optional text. */
  groupName?: string | null;
  /** The matters (事项) the ticket was taken for, display names. */
  serviceNames: string[];
  /** The 一件事 (bundle) name when the ticket is for a life event. */
  bundleName?: string | null;
  /** Tickets ahead in the queue when the ticket was taken. */
  ahead: number;
  /** Estimated wait in minutes when the ticket was taken. */
  estimatedWaitMinutes: number;
  /** The wait's 10–90 % range in minutes (high null: may not be served today); noWindow: no window serves it now, servableFrom: when one is due (epoch ms). */
  estimateRange?: { low: number; high: number | null; noWindow: boolean; servableFrom: number | null } | null;
  /** When the ticket was taken: ISO 8601 with offset or Z, or `YYYY-MM-DD HH:mm` already in the hall's time. */
  takenAt: string;
  /** The ticket's public status page, encoded in the QR code. ASCII only (a real printer's QR store takes bytes). */
  statusUrl: string;
  /** Materials to bring, short display lines. */
  materials: string[];
  /** A line the hall configures, printed at the bottom. */
  footer?: string | null;
  /** Priority class label (e.g. 老年人优先), printed under the number. */
  priorityLabel?: string | null;
}

/** The command set the printer speaks, as node-thermal-printer names them. */
export type PrinterType = 'epson' | 'star';

/**
 * Which GB18030 code points the printer's font holds.
 * `gbk`: one- and two-byte codes only (what nearly every Chinese-market printer has); anything else is replaced.
 * `gb18030`: four-byte codes too (CJK Ext-A/B), for printers whose ROM has them.
 */
export type PrinterCharset = 'gbk' | 'gb18030';

/** One printer, as configured per kiosk. */
export interface PrinterConfig {
  /** `tcp://host:port` (network), an absolute device path (`/dev/usb/lp0`, `/dev/ttyUSB0`) or `file:/path` (archive, tests). */
  uri: string;
  type: PrinterType;
  paperWidthMm: 58 | 80;
  /** Bound for connecting, for each status answer and for the print itself. */
  timeoutMs: number;
  /** Defaults to `gbk`. */
  charset?: PrinterCharset;
}

/** Paper as far as the printer can tell. `unknown` where the transport cannot read back (device paths, files). */
export type PaperState = 'ok' | 'near-end' | 'out' | 'unknown';

/** A printer's state at one moment. */
export interface PrinterStatus {
  /** Reachable and ready to print. */
  online: boolean;
  paper: PaperState;
  coverOpen: boolean;
  /** The printer reports an error (cutter jam, head temperature...), or null. */
  error: string | null;
  /** ISO time of the check. */
  checkedAt: string;
}

/** Why a print failed. Codes double as i18n keys (see PRINT_ERROR_MESSAGES). */
export type PrintErrorCode =
  | 'PRINTER_OFFLINE'
  | 'PRINTER_NO_PAPER'
  | 'PRINTER_TIMEOUT'
  | 'PRINTER_COVER_OPEN'
  | 'PRINTER_BUSY'
  | 'PRINTER_ERROR'
  | 'PRINTER_BAD_CONFIG'
  | 'PRINT_BAD_DATA';

/** Default (Simplified Chinese) messages for each failure code. */
export const PRINT_ERROR_MESSAGES: Readonly<Record<PrintErrorCode, string>> = {
  PRINTER_OFFLINE: '打印机未连接',
  PRINTER_NO_PAPER: '打印机缺纸',
  PRINTER_TIMEOUT: '打印机无响应',
  PRINTER_COVER_OPEN: '打印机盖未关好',
  PRINTER_BUSY: '打印机正忙，上一张尚未完成',
  PRINTER_ERROR: '打印机故障',
  PRINTER_BAD_CONFIG: '打印机配置有误',
  PRINT_BAD_DATA: '号票内容不完整',
};

/**
 * The outcome of one print job. A failure is final: the caller shows the ticket on screen and never
 * resends on its own. `printed` says whether paper may have come out anyway (the job was sent, but the
 * printer did not confirm it), so a reprint is offered only when the citizen asks for one.
 */
export type PrintResult =
  | { ok: true; status: PrinterStatus | null; warning?: 'PAPER_NEAR_END' }
  | { ok: false; code: PrintErrorCode; message: string; printed: 'no' | 'unknown'; status: PrinterStatus | null };
