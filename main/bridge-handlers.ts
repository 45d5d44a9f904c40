import { z } from 'zod';
import type { BridgePrintResult, DeviceInfo } from '../protocol/bridge';
import { ERROR_CODES, refusal } from '../protocol/errors';
import { printFailure, ticketPrintDataSchema, type PrinterStatus, type PrintResult, type TicketPrintData } from '../protocol/print';
import { IPC, type IpcChannel } from './ipc-channels';
import { isSameOrigin } from './navigation-guard';
import type { IpcHandler, IpcSender } from './ports';

/**
 * The main-process side of the preload bridge. Every call first checks who is calling: only the top
 * frame of a page on the hall server's origin is answered (not the offline page, not an iframe, not a
 * page that got there by some other way). Then the arguments are validated, then the call runs.
 */

/** The printer the bridge prints on; printers/ provides the real one, tests a fake. */
export interface LocalPrinter {
  /** Resolves (never rejects) with the outcome. */
  print(data: TicketPrintData): Promise<PrintResult>;
  status(): Promise<PrinterStatus>;
}

export interface BridgeDeps {
  /** The hall server's origin. */
  origin: string;
  deviceInfo: DeviceInfo;
  /** Held here, in the main process; handed only to a trusted page that asks. */
  deviceToken: string | null;
  printer: LocalPrinter | null;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/** Thrown (so the page's promise rejects) when the caller is not a trusted page. */
export class UntrustedSenderError extends Error {
  readonly code = 'FORBIDDEN';
  constructor() {
    super('FORBIDDEN: the bridge answers only the hall server pages');
    this.name = 'UntrustedSenderError';
  }
}

/** True when an IPC call comes from the top frame of a page on the hall server's origin. */
export function isTrustedSender(sender: IpcSender, origin: string): boolean {
  return sender.isMainFrame && sender.url !== null && isSameOrigin(sender.url, origin);
}

const printOptionsSchema = z
  .object({ requestId: z.string().trim().min(1).max(100).optional() })
  .strict()
  .optional();

/** How many finished print results are remembered for repeated request ids. */
const REMEMBERED_RESULTS = 200;

/** The handler for each channel, with the sender check in front of every one. */
export function createBridgeHandlers(deps: BridgeDeps): Record<IpcChannel, IpcHandler> {
  const results = new Map<string, Promise<BridgePrintResult>>();

  const guard =
    (channel: IpcChannel, run: (args: unknown[]) => Promise<unknown>): IpcHandler =>
    async (sender, args) => {
      if (!isTrustedSender(sender, deps.origin)) {
        deps.log?.('ipc-refused', { channel, sender: sender.url === null ? null : originOf(sender.url), mainFrame: sender.isMainFrame });
        throw new UntrustedSenderError();
      }
      return run(args);
    };

  const printTicket = async (args: unknown[]): Promise<BridgePrintResult> => {
    const data = ticketPrintDataSchema.safeParse(args[0]);
    const options = printOptionsSchema.safeParse(args[1]);
    if (!data.success || !options.success) {
      return printFailure('PRINT_BAD_DATA', 'no');
    }
    const printer = deps.printer;
    if (!printer) {
      return { ok: false, ...refusal('PRINTER_NOT_CONFIGURED'), printed: 'no', status: null };
    }
    const requestId = options.data?.requestId;
    if (requestId === undefined) return safePrint(printer, data.data as TicketPrintData, deps.log);
    const earlier = results.get(requestId);
    if (earlier) {
      deps.log?.('print-repeated', { requestId });
      return earlier;
    }
    // Remember the promise, not the result: a second tap during the first job waits for that job.
    const job = safePrint(printer, data.data as TicketPrintData, deps.log);
    results.set(requestId, job);
    if (results.size > REMEMBERED_RESULTS) results.delete(results.keys().next().value as string);
    return job;
  };

  return {
    [IPC.getDeviceInfo]: guard(IPC.getDeviceInfo, async () => deps.deviceInfo),
    [IPC.getDeviceToken]: guard(IPC.getDeviceToken, async () => deps.deviceToken),
    [IPC.printTicket]: guard(IPC.printTicket, printTicket),
    [IPC.printerStatus]: guard(IPC.printerStatus, async () => (deps.printer ? safeStatus(deps.printer, deps.log) : null)),
  };
}

/** Registers the bridge's handlers with the host. */
export function registerBridge(handleIpc: (channel: string, handler: IpcHandler) => void, deps: BridgeDeps): void {
  for (const [channel, handler] of Object.entries(createBridgeHandlers(deps))) handleIpc(channel, handler);
}

// A printer that throws instead of answering must not send its exception text to the page.
async function safePrint(printer: LocalPrinter, data: TicketPrintData, log: BridgeDeps['log']): Promise<PrintResult> {
  try {
    return await printer.print(data);
  } catch (err) {
    log?.('print-threw', { err: String(err) });
    return printFailure('PRINTER_ERROR', 'unknown');
  }
}

async function safeStatus(printer: LocalPrinter, log: BridgeDeps['log']): Promise<PrinterStatus> {
  try {
    return await printer.status();
  } catch (err) {
    log?.('printer-status-threw', { err: String(err) });
    return { online: false, paper: 'unknown', coverOpen: false, error: ERROR_CODES.PRINTER_TIMEOUT, checkedAt: new Date().toISOString() };
  }
}

function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : 'invalid';
}
