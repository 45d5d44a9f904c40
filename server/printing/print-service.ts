/**
 * The hall server's print service: it prints tickets on kiosks' network printers, polls their
 * status for the admin console, and guards the paper rules:
 *  - a ticket's first print happens once; any further paper needs the citizen's explicit reprint
 *    (`reprint: true`), up to a limit;
 *  - a failed print is answered, never retried: the kiosk shows the ticket on screen;
 *  - the same requestId answers the same result and prints nothing again.
 * Printing never touches the queue: a print failure cannot lose or duplicate a ticket.
 */
import type { Logger } from 'pino';
import type { Device } from '../../protocol/catalog';
import { createTicketPrinter } from '../../printers/ticket-printer';
import type { PrinterConfig, PrinterStatus, PrintResult, TicketPrintData } from '../../printers/types';
import { FINAL_STATES } from '../domain/types';
import type { Hall } from '../hall/hall';
import type { Db } from '../store/database';
import { printPayload, ticketStatus } from '../hall/views';

/** Refusals of a print command. */
export const PRINT_COMMAND_ERRORS = {
  PRINTER_NOT_CONFIGURED: '本机未配置网络打印机',
  UNKNOWN_TICKET: '号票不存在',
  TICKET_NOT_PRINTABLE: '该号票已结束，不能打印',
  ALREADY_PRINTED: '该号票已打印过，如需补打请选择重新打印',
  NOT_PRINTED_YET: '该号票尚未打印，无需补打',
  REPRINT_LIMIT: '补打次数已达上限，请到服务台咨询',
  PRINT_IN_PROGRESS: '正在打印，请稍候',
} as const;
export type PrintCommandErrorCode = keyof typeof PRINT_COMMAND_ERRORS;

/** A kiosk's print command, already parsed. */
export interface PrintCommand {
  requestId: string;
  ticketId: string;
  reprint: boolean;
}

/** The answer to a print command. A printer failure is `ok: true` with `result.ok === false`. */
export type PrintAnswer = { ok: true; result: PrintResult } | { ok: false; error: { code: PrintCommandErrorCode; message: string } };

import type { PrinterStatusView } from '../../protocol/admin';
export type { PrinterStatusView };

/** The printer a service prints on; `printers/` gives the real one, tests may pass a fake. */
export interface ServicePrinter {
  print(data: TicketPrintData): Promise<PrintResult>;
  status(): Promise<PrinterStatus>;
}

/** What the print service needs from the composition root. */
export interface PrintServiceDeps {
  hall: Hall;
  /** Where the paper issued per ticket is kept across restarts (table ticket_prints); absent = memory only. */
  db?: Db;
  devices: () => Map<string, Device>;
  /** Base URL for the QR code when the hall has no public URL configured. */
  publicBaseUrl: () => string;
  logger: Logger;
  createPrinter?: (config: PrinterConfig) => ServicePrinter;
  /** Bound for each printer step (default 5000 ms). */
  timeoutMs?: number;
  /** Status poll period; 0 = no polling (default 30 s). */
  pollMs?: number;
  /** Reprints a citizen may ask for per ticket (default 2). */
  maxReprints?: number;
}

/** The print service. */
export interface PrintService {
  print(deviceId: string, command: PrintCommand): Promise<PrintAnswer>;
  /** Every kiosk with a network printer, for the admin console. */
  printers(): PrinterStatusView[];
  /** Reads every idle network printer's status once. */
  pollOnce(): Promise<void>;
  /** Called whenever a printer's view changes; returns an unsubscribe function. */
  onChange(listener: (view: PrinterStatusView) => void): () => void;
  stop(): void;
}

interface TicketPaper {
  started: boolean;
  reprints: number;
  inFlight: boolean;
}

const ANSWER_MEMORY = 1000;

/** The network printer config of a kiosk, or null when it has none (or prints through its own shell). */
export function networkPrinterOf(device: Device | undefined, timeoutMs: number): PrinterConfig | null {
  if (!device || device.kind !== 'kiosk' || !device.printer || device.printer.attached) return null;
  if (!device.printer.uri.startsWith('tcp://')) return null;
  return { uri: device.printer.uri, type: device.printer.type, paperWidthMm: device.printer.paperWidthMm, timeoutMs, charset: 'gbk' };
}

/** Creates the print service; polling starts at once when `pollMs` > 0. */
export function createPrintService(deps: PrintServiceDeps): PrintService {
  const timeoutMs = deps.timeoutMs ?? 5000;
  const maxReprints = deps.maxReprints ?? 2;
  const make = deps.createPrinter ?? ((config: PrinterConfig) => createTicketPrinter(config, { logger: deps.logger }));
  const printers = new Map<string, { key: string; printer: ServicePrinter }>();
  const views = new Map<string, PrinterStatusView>();
  const papers = new Map<string, TicketPaper>();
  const answers = new Map<string, Promise<PrintAnswer>>();
  const busy = new Set<string>();
  const listeners = new Set<(view: PrinterStatusView) => void>();

  const refuse = (code: PrintCommandErrorCode): PrintAnswer => ({ ok: false, error: { code, message: PRINT_COMMAND_ERRORS[code] } });

  /** The kiosk's printer, recreated when the admin changed its config. */
  function printerFor(device: Device, config: PrinterConfig): ServicePrinter {
    const key = JSON.stringify(config);
    const known = printers.get(device.id);
    if (known && known.key === key) return known.printer;
    const printer = make(config);
    printers.set(device.id, { key, printer });
    return printer;
  }

  function viewFor(device: Device, config: PrinterConfig): PrinterStatusView {
    const view = views.get(device.id) ?? {
      deviceId: device.id,
      deviceName: device.name,
      uri: config.uri,
      type: config.type,
      paperWidthMm: config.paperWidthMm,
      status: null,
      lastPrint: null,
    };
    Object.assign(view, { deviceName: device.name, uri: config.uri, type: config.type, paperWidthMm: config.paperWidthMm });
    views.set(device.id, view);
    return view;
  }

  function changed(view: PrinterStatusView): void {
    for (const l of listeners) {
      try {
        l({ ...view });
      } catch (err) {
        deps.logger.error({ err }, 'printer status listener failed');
      }
    }
  }

  /** Paper already issued for a ticket before this process started. */
  function storedPaper(ticketId: string): TicketPaper | null {
    const row = deps.db?.prepare('SELECT reprints FROM ticket_prints WHERE ticket_id = ?').get(ticketId) as { reprints: number } | undefined;
    return row ? { started: true, reprints: row.reprints, inFlight: false } : null;
  }

  async function run(deviceId: string, cmd: PrintCommand): Promise<PrintAnswer> {
    const device = deps.devices().get(deviceId);
    const config = networkPrinterOf(device, timeoutMs);
    if (!device || !config) return refuse('PRINTER_NOT_CONFIGURED');
    const state = deps.hall.state;
    const ticket = state.tickets.get(cmd.ticketId);
    if (!ticket || ticket.businessDate !== state.businessDate) return refuse('UNKNOWN_TICKET');
    if (FINAL_STATES.includes(ticket.state)) return refuse('TICKET_NOT_PRINTABLE');

    const paper = papers.get(ticket.id) ?? storedPaper(ticket.id) ?? { started: false, reprints: 0, inFlight: false };
    if (paper.inFlight) return refuse('PRINT_IN_PROGRESS');
    if (!cmd.reprint && paper.started) return refuse('ALREADY_PRINTED');
    if (cmd.reprint && !paper.started) return refuse('NOT_PRINTED_YET');
    if (cmd.reprint && paper.reprints >= maxReprints) return refuse('REPRINT_LIMIT');

    // Counted before the job starts: a print that fails still used up the citizen's request.
    paper.started = true;
    if (cmd.reprint) paper.reprints++;
    paper.inFlight = true;
    papers.set(ticket.id, paper);
    deps.db
      ?.prepare(
        `INSERT INTO ticket_prints (ticket_id, device_id, first_at, reprints) VALUES (?, ?, ?, ?)
         ON CONFLICT(ticket_id) DO UPDATE SET reprints = excluded.reprints`,
      )
      .run(ticket.id, device.id, deps.hall.clock.now(), paper.reprints);

    const now = deps.hall.clock.now();
    const st = ticketStatus(state, ticket);
    const data = printPayload(state, ticket, st.ahead ?? 0, st.estimatedWaitMinutes ?? 0, deps.publicBaseUrl());
    const view = viewFor(device, config);
    busy.add(device.id);
    try {
      const result = await printerFor(device, config).print(data);
      if (result.status) view.status = result.status;
      else if (!result.ok) view.status = { online: false, paper: 'unknown', coverOpen: false, error: result.message, checkedAt: new Date(now).toISOString() };
      view.lastPrint = { at: now, ticketNumber: ticket.number, reprint: cmd.reprint, ok: result.ok, code: result.ok ? null : result.code };
      if (!result.ok) deps.logger.warn({ deviceId, ticketId: ticket.id, code: result.code, printed: result.printed }, 'ticket not printed');
      changed(view);
      return { ok: true, result };
    } finally {
      paper.inFlight = false;
      busy.delete(device.id);
    }
  }

  async function pollOnce(): Promise<void> {
    for (const device of deps.devices().values()) {
      const config = networkPrinterOf(device, timeoutMs);
      if (!config || busy.has(device.id)) continue;
      const view = viewFor(device, config);
      const before = JSON.stringify({ ...view.status, checkedAt: null });
      try {
        view.status = await printerFor(device, config).status();
      } catch (err) {
        deps.logger.warn({ err, deviceId: device.id }, 'printer status poll failed');
        continue;
      }
      if (JSON.stringify({ ...view.status, checkedAt: null }) !== before) changed(view);
    }
  }

  let polling = false;
  const timer =
    (deps.pollMs ?? 30_000) > 0
      ? setInterval(() => {
          if (polling) return;
          polling = true;
          void pollOnce().finally(() => {
            polling = false;
          });
        }, deps.pollMs ?? 30_000)
      : null;
  timer?.unref();

  return {
    print(deviceId, cmd) {
      const key = `${deviceId}:${cmd.requestId}`;
      const known = answers.get(key);
      if (known) return known;
      const answer = run(deviceId, cmd).catch((err: unknown): PrintAnswer => {
        deps.logger.error({ err, deviceId }, 'print command failed');
        return { ok: true, result: { ok: false, code: 'PRINTER_ERROR', message: '打印机故障', printed: 'unknown', status: null } };
      });
      answers.set(key, answer);
      // Remember recent answers only; a kiosk repeats a request within seconds, not hours.
      if (answers.size > ANSWER_MEMORY) answers.delete(answers.keys().next().value!);
      return answer;
    },
    printers() {
      for (const device of deps.devices().values()) {
        const config = networkPrinterOf(device, timeoutMs);
        if (config) viewFor(device, config);
      }
      return [...views.values()].filter((v) => networkPrinterOf(deps.devices().get(v.deviceId), timeoutMs)).map((v) => ({ ...v }));
    },
    pollOnce,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      if (timer) clearInterval(timer);
      listeners.clear();
    },
  };
}
