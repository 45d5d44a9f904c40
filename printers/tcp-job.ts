/**
 * One print job on a network printer: status before, the ticket once, confirmation after.
 * Every step has the config's bound; nothing here ever sends the ticket a second time.
 */
import {
  answerEnd,
  completionQuery,
  parseEpsonPaperSensor,
  parseStatus,
  statusQuery,
} from './status';
import { LinkError, TcpLink } from './transport/tcp-link';
import { printFailure, type PrintErrorCode, type PrinterConfig, type PrinterStatus, type PrintResult } from '../protocol/print';

/** The refusal a status calls for before printing, or null when the printer is ready. */
export function refusalFor(status: PrinterStatus): PrintErrorCode | null {
  if (status.coverOpen) return 'PRINTER_COVER_OPEN';
  if (status.paper === 'out') return 'PRINTER_NO_PAPER';
  if (status.error) return 'PRINTER_ERROR';
  if (!status.online) return 'PRINTER_OFFLINE';
  return null;
}

/** What a job needs from outside: the clock, and somewhere to log causes that never reach a terminal. */
export interface JobDeps {
  now: () => Date;
  log?: (obj: Record<string, unknown>, msg: string) => void;
}
type Clock = () => Date;

async function askStatus(link: TcpLink, config: PrinterConfig, now: Clock, timeoutMs: number): Promise<PrinterStatus | null> {
  await link.write(statusQuery(config.type));
  const answer = await link.read((b) => answerEnd(config.type, b, false), timeoutMs);
  return answer ? parseStatus(config.type, answer, now().toISOString()) : null;
}

/** Asks a network printer for its status within the bound; null when it does not answer. */
export async function tcpStatus(host: string, port: number, config: PrinterConfig, now: Clock): Promise<PrinterStatus | null> {
  const link = await TcpLink.connect(host, port, config.timeoutMs);
  try {
    return await askStatus(link, config, now, config.timeoutMs);
  } finally {
    link.close();
  }
}

/** The status after a confirmed ticket: the confirmation itself carries the paper state. */
function statusAfter(config: PrinterConfig, answer: Buffer, now: Clock): PrinterStatus {
  const checkedAt = now().toISOString();
  if (config.type === 'star') return parseStatus('star', answer, checkedAt);
  const paper = parseEpsonPaperSensor(answer[answer.length - 1]!);
  return { online: paper !== 'out', paper, coverOpen: false, error: null, checkedAt };
}

/** Prints `ticket` (complete printer bytes) on a network printer. */
export async function printOverTcp(host: string, port: number, config: PrinterConfig, ticket: Buffer, deps: JobDeps): Promise<PrintResult> {
  const now = deps.now;
  let link: TcpLink;
  try {
    link = await TcpLink.connect(host, port, config.timeoutMs);
  } catch (err) {
    deps.log?.({ uri: config.uri, err: (err as Error).message }, 'printer unreachable');
    return printFailure('PRINTER_OFFLINE', 'no', null);
  }
  let sent = false;
  try {
    const before = await askStatus(link, config, now, config.timeoutMs);
    if (!before) return printFailure('PRINTER_TIMEOUT', 'no', null);
    const refusal = refusalFor(before);
    if (refusal) return printFailure(refusal, 'no', before);

    // The one and only send of this ticket, with the question that is answered once it has printed.
    sent = true;
    await link.write(Buffer.concat([ticket, completionQuery(config.type)]));
    const done = await link.read((b) => answerEnd(config.type, b, true), config.timeoutMs);
    if (done) {
      const after = statusAfter(config, done, now);
      // A Star printer answers ETB even when it stopped at paper end; then the ticket is cut short.
      if (after.paper === 'out') return printFailure('PRINTER_NO_PAPER', 'unknown', after);
      return after.paper === 'near-end' ? { ok: true, status: after, warning: 'PAPER_NEAR_END' } : { ok: true, status: after };
    }

    // No confirmation: ask (real-time) what happened, to tell the admin; the ticket is not resent.
    const diagnosis = await askStatus(link, config, now, Math.min(config.timeoutMs, 2000)).catch(() => null);
    if (!diagnosis) return printFailure('PRINTER_TIMEOUT', 'unknown', null);
    return printFailure(refusalFor(diagnosis) ?? 'PRINTER_TIMEOUT', 'unknown', diagnosis);
  } catch (err) {
    // The printer hung up: before the send nothing printed, after it we cannot know.
    deps.log?.({ uri: config.uri, sent, err: err instanceof LinkError ? err.message : String(err) }, 'printer connection lost');
    return printFailure('PRINTER_OFFLINE', sent ? 'unknown' : 'no', null);
  } finally {
    link.close();
  }
}
