/**
 * zod schemas for what crosses into the printer module (from the server, the preload bridge or a
 * config file). Environment-neutral: zod only.
 */
import { z } from 'zod';
import type { PrinterConfig, TicketPrintData } from './types';

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
    .object({ low: z.number().int().min(0).max(9_999), high: z.number().int().min(0).max(9_999).nullable(), noWindow: z.boolean(), servableFrom: z.number().int().nullable() })
    .nullable()
    .optional(),
  takenAt: z.union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)]),
  // Printers store QR data as bytes; an ASCII URL keeps every scanner happy.
  statusUrl: z.string().regex(/^https?:\/\/[\x21-\x7e]+$/).max(300),
  materials: z.array(line(60)).max(12),
  footer: optionalLine(120),
  priorityLabel: optionalLine(20),
}) satisfies z.ZodType<TicketPrintData>;
