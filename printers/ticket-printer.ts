/**
 * The printer module's front door: `createTicketPrinter(config)` for a printer the caller keeps
 * (the hall server per kiosk, the Electron shell for its attached printer), `printTicket` for a
 * one-off job. Each print checks the status before (where the transport can say), sends the ticket
 * once, checks after, and answers a PrintResult. A failed print is never retried here.
 */
import { ERROR_CODES } from '../protocol/errors';
import type { Logger } from 'pino';
import { renderEscPos } from './escpos';
import { layoutTicket } from './layout';
import {
  printerConfigSchema,
  printFailure,
  ticketPrintDataSchema,
  type PrinterConfig,
  type PrinterStatus,
  type PrintResult,
  type TicketPrintData,
} from '../protocol/print';
import { printOverTcp, tcpStatus, type JobDeps } from './tcp-job';
import { DeviceWriter } from './transport/device-writer';
import { parsePrinterUri } from './transport/uri';

/** Renders a ticket to the bytes `config`'s printer takes. */
export function renderTicket(config: Pick<PrinterConfig, 'type' | 'paperWidthMm' | 'charset'>, data: TicketPrintData, timeZone?: string): Buffer {
  const layout = layoutTicket(data, { paperWidthMm: config.paperWidthMm, charset: config.charset ?? 'gbk', ...(timeZone ? { timeZone } : {}) });
  return renderEscPos(layout, config.type);
}

/** A printer the caller keeps for its lifetime; it serialises jobs and remembers a blocked device. */
export interface TicketPrinter {
  readonly config: PrinterConfig;
  /** Prints one ticket. Resolves (never rejects) with the outcome. */
  print(data: TicketPrintData): Promise<PrintResult>;
  /** Asks the printer how it is, within the bound. */
  status(): Promise<PrinterStatus>;
}

/** Outside things a printer uses. */
export interface TicketPrinterDeps {
  now?: () => Date;
  logger?: Pick<Logger, 'warn'>;
  /** The hall's time zone for the printed time (default Asia/Shanghai). */
  timeZone?: string;
}

/** Thrown by `createTicketPrinter` for a config that does not parse. */
export class PrinterConfigError extends Error {
  readonly code = 'PRINTER_BAD_CONFIG';
}

/** Creates a printer from a validated config; throws PrinterConfigError otherwise. */
export function createTicketPrinter(config: PrinterConfig, deps: TicketPrinterDeps = {}): TicketPrinter {
  const parsed = printerConfigSchema.safeParse(config);
  if (!parsed.success) throw new PrinterConfigError(`invalid printer config: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const cfg = parsed.data as PrinterConfig;
  const target = parsePrinterUri(cfg.uri);
  const now = deps.now ?? (() => new Date());
  const jobDeps: JobDeps = { now, log: (obj, msg) => deps.logger?.warn(obj, msg) };
  const writer = target.kind === 'tcp' ? null : new DeviceWriter(target.path, target.kind);
  // Jobs on one printer run one after another; a TCP job always settles within a few bounds.
  let queue: Promise<unknown> = Promise.resolve();

  const unknownStatus = (online: boolean): PrinterStatus => ({ online, paper: 'unknown', coverOpen: false, error: null, checkedAt: now().toISOString() });

  async function printOnce(data: TicketPrintData): Promise<PrintResult> {
    const valid = ticketPrintDataSchema.safeParse(data);
    if (!valid.success) return printFailure('PRINT_BAD_DATA', 'no', null);
    let bytes: Buffer;
    try {
      bytes = renderTicket(cfg, valid.data, deps.timeZone);
    } catch (err) {
      jobDeps.log?.({ err: (err as Error).message }, 'ticket could not be rendered');
      return printFailure('PRINT_BAD_DATA', 'no', null);
    }
    return target.kind === 'tcp' ? printOverTcp(target.host, target.port, cfg, bytes, jobDeps) : printToDevice(writer!, bytes);
  }

  async function printToDevice(w: DeviceWriter, bytes: Buffer): Promise<PrintResult> {
    if (!w.busy && !(await w.writable())) return printFailure('PRINTER_OFFLINE', 'no', unknownStatus(false));
    const outcome = await w.write(bytes, cfg.timeoutMs);
    switch (outcome.kind) {
      case 'written':
        return { ok: true, status: unknownStatus(true) };
      case 'busy':
        return printFailure('PRINTER_BUSY', 'no', null);
      case 'timeout':
        // The write may still complete when the device wakes up; it will not be repeated.
        return printFailure('PRINTER_TIMEOUT', 'unknown', null);
      case 'failed':
        jobDeps.log?.({ uri: cfg.uri, errno: outcome.errno, err: outcome.message }, 'device write failed');
        // ENOENT/ENODEV/ENXIO: unplugged or powered off. Other errors may have left part of a ticket.
        return ['ENOENT', 'ENODEV', 'ENXIO', 'EACCES', 'EPERM'].includes(outcome.errno)
          ? printFailure('PRINTER_OFFLINE', 'no', unknownStatus(false))
          : printFailure('PRINTER_ERROR', 'unknown', null);
    }
  }

  return {
    config: cfg,
    print(data) {
      const job = queue.then(() => printOnce(data));
      queue = job.catch(() => undefined);
      return job.catch((err: unknown) => {
        jobDeps.log?.({ err: String(err) }, 'print job failed unexpectedly');
        return printFailure('PRINTER_ERROR', 'unknown', null);
      });
    },
    async status() {
      if (target.kind !== 'tcp') {
        if (writer!.busy) return { ...unknownStatus(false), error: '上一张打印未完成' };
        return unknownStatus(await writer!.writable());
      }
      try {
        const st = await tcpStatus(target.host, target.port, cfg, now);
        return st ?? { ...unknownStatus(false), error: ERROR_CODES.PRINTER_TIMEOUT };
      } catch {
        return unknownStatus(false);
      }
    },
  };
}

/** Prints one ticket with a printer made for this job alone; bad input gives a failure result. */
export async function printTicket(config: unknown, data: unknown, deps: TicketPrinterDeps = {}): Promise<PrintResult> {
  const cfg = printerConfigSchema.safeParse(config);
  if (!cfg.success) return printFailure('PRINTER_BAD_CONFIG', 'no', null);
  return createTicketPrinter(cfg.data as PrinterConfig, deps).print(data as TicketPrintData);
}

