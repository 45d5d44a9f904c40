/**
 * The print wire: what a ticket printer is given (`TicketPrintData`, checked by `ticketPrintDataSchema`),
 * how it is configured, and what a print answers. Shared by the hall server, the Electron shell's
 * bridge, the printer module (`printers/`) and the kiosk page. Environment-neutral: zod only, so a
 * sandboxed page can import it and the preload bridge passes these shapes through IPC unchanged.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors';

/**
 * A wait's 10–90 % range in minutes (`high` null: may not be served today); `noWindow`: no open window can
 * serve the ticket now, `servableFrom`: when one is due on the roster (epoch ms).
 */
export interface WaitRange {
  low: number;
  high: number | null;
  noWindow: boolean;
  servableFrom: number | null;
}

/**
 * What a paper ticket shows: the one print type, built by the hall server (the take answer's `print`, the
 * network printer's job) and printed as it is by the kiosk's shell and the printer module. All strings are
 * display text; the printer module sanitises them. Optional fields: null, '' and absent all mean "not
 * printed" (the server sends null; the schema reads all three the same).
 */
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
  /** The wait's 10–90 % range, from the hall simulator (docs/simulation.md). */
  estimateRange?: WaitRange | null;
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

/** Why a print that was carried out gave no paper: a subset of the hall's catalogue (`errors.ts`), where its messages are. */
export const PRINT_ERROR_CODES = [
  'PRINTER_OFFLINE',
  'PRINTER_NO_PAPER',
  'PRINTER_TIMEOUT',
  'PRINTER_COVER_OPEN',
  'PRINTER_BUSY',
  'PRINTER_ERROR',
  'PRINTER_BAD_CONFIG',
  'PRINT_BAD_DATA',
] as const satisfies readonly ErrorCode[];
export type PrintErrorCode = (typeof PRINT_ERROR_CODES)[number];

/** A failed print's result, its message from the catalogue. */
export function printFailure(code: PrintErrorCode, printed: 'no' | 'unknown', status: PrinterStatus | null = null): PrintResult {
  return { ok: false, code, message: ERROR_CODES[code], printed, status };
}

/**
 * The outcome of one print job. A failure is final: the caller shows the ticket on screen and never
 * resends on its own. `printed` says whether paper may have come out anyway (the job was sent, but the
 * printer did not confirm it), so a reprint is offered only when the citizen asks for one.
 */
export type PrintResult =
  | { ok: true; status: PrinterStatus | null; warning?: 'PAPER_NEAR_END' }
  | { ok: false; code: PrintErrorCode; message: string; printed: 'no' | 'unknown'; status: PrinterStatus | null };

const line = (max: number) => z.string().trim().min(1).max(max);
/** Optional text: null, '' and absent all mean "not printed" (the hall server sends null and ''). */
const optionalLine = (max: number) =>
  z.preprocess((v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v), line(max).optional());

/** A `tcp://host:port` URI; host is a name or an IPv4/IPv6 literal. */
const tcpUri = z.string().regex(/^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/);
/** An absolute device path (`/dev/usb/lp0`, `/dev/ttyUSB0`). */
const devicePath = z.string().regex(/^\/dev\/[A-Za-z0-9/_.-]+$/);
/** `file:/absolute/path`: an archive file that each job is appended to. */
const fileUri = z.string().regex(/^file:\/[^\0]+$/);

/** Validates a PrinterConfig. */
export const printerConfigSchema = z.object({
  uri: z.union([tcpUri, devicePath, fileUri]),
  type: z.enum(['epson', 'star']),
  paperWidthMm: z.union([z.literal(58), z.literal(80)]),
  timeoutMs: z.number().int().min(100).max(120_000),
  charset: z.enum(['gbk', 'gb18030']).optional(),
}) satisfies z.ZodType<PrinterConfig>;

/** Validates TicketPrintData. Lengths are generous bounds, not layout limits (the layout wraps). */
export const ticketPrintDataSchema = z.object({
  hallName: line(60),
  number: z.string().regex(/^[A-Za-z0-9-]{1,8}$/),
  groupName: optionalLine(30),
  serviceNames: z.array(line(80)).max(20),
  bundleName: optionalLine(60),
  ahead: z.number().int().min(0).max(99_999),
  estimatedWaitMinutes: z.number().int().min(0).max(9_999),
  estimateRange: z
    .object({
      low: z.number().int().min(0).max(9_999),
      high: z.number().int().min(0).max(9_999).nullable(),
      noWindow: z.boolean(),
      servableFrom: z.number().int().nullable(),
    })
    .nullable()
    .optional(),
  takenAt: z.union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)]),
  // Printers store QR data as bytes; an ASCII URL keeps every scanner happy.
  statusUrl: z.string().regex(/^https?:\/\/[\x21-\x7e]+$/).max(300),
  materials: z.array(line(60)).max(12),
  footer: optionalLine(120),
  priorityLabel: optionalLine(20),
}) satisfies z.ZodType<TicketPrintData>;
