/**
 * The hall server's print service: it prints tickets on kiosks' network printers, test-prints and checks
 * them for the admin console, polls their status, and guards the paper rules:
 *  - a ticket's first print happens once; any further paper needs the citizen's explicit reprint
 *    (`reprint: true`), up to a limit;
 *  - a failed print is answered, never retried: the kiosk shows the ticket on screen;
 *  - the same requestId answers the same result and prints nothing again, also after a restart: the
 *    job is recorded in the `requests` table with the paper it uses (`ticket_prints`) in one
 *    transaction, like every other command's answer, and the printer is asked only after the commit;
 *  - one job at a time per printer: a kiosk's ticket and the admin's test print share the busy guard.
 * Printing never touches the queue: a print failure cannot lose or duplicate a ticket.
 */
import type { Logger } from 'pino';
import type { PrinterStatusView } from '../../protocol/admin';
import type { Device } from '../../protocol/catalog';
import { refused, type ErrorBody } from '../../protocol/errors';
import { printFailure, type PrinterConfig, type PrinterStatus, type PrintResult, type TicketPrintData, type WaitRange } from '../../protocol/print';
import { createTicketPrinter } from '../../printers/ticket-printer';
import { FINAL_STATES, type HallState, type Ticket } from '../domain/types';
import type { Hall } from '../hall/hall';
import { printPayload, ticketStatus } from '../hall/views';

export type { PrinterStatusView };

/** The command name a print job is recorded under in the `requests` table. */
export const PRINT_COMMAND = 'ticket:print';

/** A kiosk's print command, already parsed. */
export interface PrintCommand {
  requestId: string;
  ticketId: string;
  reprint: boolean;
}

/** The answer to a print command. A printer failure is `ok: true` with `result.ok === false`. */
export type PrintAnswer = { ok: true; result: PrintResult } | { ok: false; error: ErrorBody };

/** The answer to an admin's test print or check: the printer's result, or why it was not asked. */
export type PrinterProbe<T> = { ok: true; result: T } | { ok: false; error: ErrorBody };

/** The printer a service prints on; `printers/` gives the real one, tests may pass a fake. */
export interface ServicePrinter {
  print(data: TicketPrintData): Promise<PrintResult>;
  status(): Promise<PrinterStatus>;
}

/** The wait estimate of a waiting ticket now (the estimate service's `forTicket`); null: the catalogue formula. */
interface TicketOutlook {
  forTicket(state: HallState, t: Ticket, now: number): { minutes: number; range: WaitRange } | null;
}

/** What the print service needs from the composition root. */
export interface PrintServiceDeps {
  /** The hall: its state (tickets), its clock, and its database (`requests`, `ticket_prints`). */
  hall: Hall;
  devices: () => Map<string, Device>;
  /** Base URL for the QR code when the hall has no public URL configured. */
  publicBaseUrl: () => string;
  /** Wait estimates from the hall simulator: a print carries what the status page says at that moment. */
  estimates?: TicketOutlook;
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
  /** A test ticket on a kiosk's network printer (admin console), through the same busy guard. */
  testPrint(deviceId: string, data: TicketPrintData): Promise<PrinterProbe<PrintResult>>;
  /** Reads one kiosk printer's status now (admin console); a printer in the middle of a job is not disturbed. */
  check(deviceId: string): Promise<PrinterProbe<PrinterStatus>>;
  /** Every kiosk with a network printer, for the admin console. */
  printers(): PrinterStatusView[];
  /** Reads every idle network printer's status once. */
  pollOnce(): Promise<void>;
  /** Called whenever a printer's view changes; returns an unsubscribe function. */
  onChange(listener: (view: PrinterStatusView) => void): () => void;
  stop(): void;
}

/** The network printer config of a kiosk, or null when it has none (or prints through its own shell). */
export function networkPrinterOf(device: Device | undefined, timeoutMs: number): PrinterConfig | null {
  if (!device || device.kind !== 'kiosk' || !device.printer || device.printer.attached) return null;
  if (!device.printer.uri.startsWith('tcp://')) return null;
  return { uri: device.printer.uri, type: device.printer.type, paperWidthMm: device.printer.paperWidthMm, timeoutMs, charset: 'gbk' };
}

/** What a repeat gets if the process stopped in the middle of the job: paper may or may not have come. */
const INTERRUPTED: PrintAnswer = { ok: true, result: printFailure('PRINTER_ERROR', 'unknown') };

/** Creates the print service; polling starts at once when `pollMs` > 0. */
export function createPrintService(deps: PrintServiceDeps): PrintService {
  const timeoutMs = deps.timeoutMs ?? 5000;
  const maxReprints = deps.maxReprints ?? 2;
  const make = deps.createPrinter ?? ((config: PrinterConfig) => createTicketPrinter(config, { logger: deps.logger }));
  const db = deps.hall.store.db;
  const sql = {
    findRequest: db.prepare('SELECT actor, command, response FROM requests WHERE request_id = ?'),
    insertRequest: db.prepare('INSERT INTO requests (request_id, actor, command, response, at) VALUES (?, ?, ?, ?, ?)'),
    answerRequest: db.prepare('UPDATE requests SET response = ? WHERE request_id = ?'),
    paper: db.prepare('SELECT reprints FROM ticket_prints WHERE ticket_id = ?'),
    usePaper: db.prepare(
      `INSERT INTO ticket_prints (ticket_id, device_id, first_at, reprints) VALUES (?, ?, ?, ?)
       ON CONFLICT(ticket_id) DO UPDATE SET reprints = excluded.reprints`,
    ),
  };
  // The paper a job uses and the job's (provisional) answer commit together: after a crash, a repeat
  // of the request gets that answer and the ticket's paper count holds, so nothing prints twice.
  const accept = db.transaction((job: { requestId: string; actor: string; ticketId: string; deviceId: string; reprints: number; at: number }) => {
    sql.usePaper.run(job.ticketId, job.deviceId, job.at, job.reprints);
    sql.insertRequest.run(job.requestId, job.actor, PRINT_COMMAND, JSON.stringify(INTERRUPTED), job.at);
  });

  const printers = new Map<string, { key: string; printer: ServicePrinter }>();
  const views = new Map<string, PrinterStatusView>();
  /** Jobs being printed, by requestId: a repeat while the paper is coming out waits for the same job. */
  const jobs = new Map<string, Promise<PrintAnswer>>();
  /** Tickets with a job in flight. */
  const ticketsPrinting = new Set<string>();
  /** Printers with a job or a status read in flight: the busy guard. */
  const busy = new Set<string>();
  const listeners = new Set<(view: PrinterStatusView) => void>();

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

  /** Prints on a printer under the busy guard and records what it said in the printer's view. */
  async function printOn(device: Device, config: PrinterConfig, data: TicketPrintData, ticket: { number: string; reprint: boolean }): Promise<PrintResult> {
    const now = deps.hall.clock.now();
    const view = viewFor(device, config);
    busy.add(device.id);
    try {
      const result = await printerFor(device, config)
        .print(data)
        .catch((err: unknown) => {
          deps.logger.error({ err, deviceId: device.id }, 'printer threw');
          return printFailure('PRINTER_ERROR', 'unknown');
        });
      if (result.status) view.status = result.status;
      else if (!result.ok) view.status = { online: false, paper: 'unknown', coverOpen: false, error: result.message, checkedAt: new Date(now).toISOString() };
      view.lastPrint = { at: now, ticketNumber: ticket.number, reprint: ticket.reprint, ok: result.ok, code: result.ok ? null : result.code };
      if (!result.ok) deps.logger.warn({ deviceId: device.id, ticket: ticket.number, code: result.code, printed: result.printed }, 'ticket not printed');
      changed(view);
      return result;
    } finally {
      busy.delete(device.id);
    }
  }

  /** Checks a new print command against the paper rules; on acceptance records it and starts the job. */
  function start(deviceId: string, actor: string, cmd: PrintCommand): Promise<PrintAnswer> {
    const device = deps.devices().get(deviceId);
    const config = networkPrinterOf(device, timeoutMs);
    if (!device || !config) return Promise.resolve(refused('PRINTER_NOT_CONFIGURED'));
    const state = deps.hall.state;
    const ticket = state.tickets.get(cmd.ticketId);
    if (!ticket || ticket.businessDate !== state.businessDate) return Promise.resolve(refused('UNKNOWN_TICKET'));
    if (FINAL_STATES.includes(ticket.state)) return Promise.resolve(refused('TICKET_NOT_PRINTABLE'));
    if (ticketsPrinting.has(ticket.id)) return Promise.resolve(refused('PRINT_IN_PROGRESS'));
    const paper = sql.paper.get(ticket.id) as { reprints: number } | undefined;
    if (!cmd.reprint && paper) return Promise.resolve(refused('ALREADY_PRINTED'));
    if (cmd.reprint && !paper) return Promise.resolve(refused('NOT_PRINTED_YET'));
    if (cmd.reprint && paper && paper.reprints >= maxReprints) return Promise.resolve(refused('REPRINT_LIMIT'));

    // The paper says what the status page says now (the take's estimate, moved on by the hall since).
    const now = deps.hall.clock.now();
    const st = ticketStatus(state, ticket, deps.estimates?.forTicket(state, ticket, now) ?? null);
    const data = printPayload(state, ticket, st.ahead ?? 0, st.estimatedWaitMinutes ?? 0, deps.publicBaseUrl(), st.estimateRange ?? null);
    // Counted before the job starts: a print that fails still used up the citizen's request.
    const reprints = (paper?.reprints ?? 0) + (cmd.reprint ? 1 : 0);
    accept({ requestId: cmd.requestId, actor, ticketId: ticket.id, deviceId: device.id, reprints, at: deps.hall.clock.now() });
    ticketsPrinting.add(ticket.id);
    const job = printOn(device, config, data, { number: ticket.number, reprint: cmd.reprint })
      .then((result): PrintAnswer => {
        const answer: PrintAnswer = { ok: true, result };
        sql.answerRequest.run(JSON.stringify(answer), cmd.requestId);
        return answer;
      })
      .finally(() => {
        ticketsPrinting.delete(ticket.id);
        jobs.delete(cmd.requestId);
      });
    jobs.set(cmd.requestId, job);
    return job;
  }

  /** Runs an admin's job on a kiosk's network printer unless the printer is busy. */
  async function probe<T>(deviceId: string, run: (device: Device, config: PrinterConfig) => Promise<T>): Promise<PrinterProbe<T>> {
    const device = deps.devices().get(deviceId);
    const config = networkPrinterOf(device, timeoutMs);
    if (!device || !config) return refused('PRINTER_NOT_CONFIGURED');
    if (busy.has(device.id)) return refused('PRINT_IN_PROGRESS');
    return { ok: true, result: await run(device, config) };
  }

  async function readStatus(device: Device, config: PrinterConfig): Promise<PrinterStatus> {
    const view = viewFor(device, config);
    const before = JSON.stringify({ ...view.status, checkedAt: null });
    busy.add(device.id);
    try {
      view.status = await printerFor(device, config).status();
    } finally {
      busy.delete(device.id);
    }
    if (JSON.stringify({ ...view.status, checkedAt: null }) !== before) changed(view);
    return view.status;
  }

  async function pollOnce(): Promise<void> {
    for (const device of deps.devices().values()) {
      const config = networkPrinterOf(device, timeoutMs);
      if (!config || busy.has(device.id)) continue;
      try {
        await readStatus(device, config);
      } catch (err) {
        deps.logger.warn({ err, deviceId: device.id }, 'printer status poll failed');
      }
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
      // The same actor a socket command is recorded under (server/realtime/command.ts).
      const actor = `device:${deviceId}`;
      const prior = sql.findRequest.get(cmd.requestId) as { actor: string; command: string; response: string } | undefined;
      if (prior) {
        if (prior.actor !== actor) return Promise.resolve(refused('REQUEST_ID_REUSED', 'requestId 已被其他终端使用'));
        if (prior.command !== PRINT_COMMAND) return Promise.resolve(refused('REQUEST_ID_REUSED', 'requestId 已用于其他命令'));
        return jobs.get(cmd.requestId) ?? Promise.resolve(JSON.parse(prior.response) as PrintAnswer);
      }
      return start(deviceId, actor, cmd);
    },
    testPrint(deviceId, data) {
      return probe(deviceId, (device, config) => printOn(device, config, data, { number: data.number, reprint: false }));
    },
    check(deviceId) {
      return probe(deviceId, readStatus);
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
