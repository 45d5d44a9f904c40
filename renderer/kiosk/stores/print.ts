import type { CommandResults } from '../../../protocol/answers';
import type { YichuangBridge } from '../../../protocol/bridge';
import type { KioskSnapshot, TakeResult } from '../../../protocol/views';
import type { CommandAck } from '../../shared/socket/hall-client';

/** What the kiosk says about the paper ticket. The screen ticket is the ticket whatever this says. */
export interface PrintState {
  state: 'idle' | 'printing' | 'printed' | 'failed' | 'none';
  message: string | null;
  attempts: number;
  /** False once the hall says no more reprints of this ticket. */
  canReprint?: boolean;
}

export type PrintBridge = Pick<YichuangBridge, 'printTicket'>;

const FAILED = '号票打印失败，请以屏幕上的号码为准，或拍照、扫码保存';

/**
 * Prints a ticket once: on the printer attached to this kiosk (through the shell's bridge), else on the
 * hall's network printer (the server's `ticket:print`), else not at all. Never retries by itself: a
 * failure is reported, and a reprint is the citizen's choice (`reprint`).
 */
export async function printTicket(
  result: TakeResult,
  deps: {
    device: KioskSnapshot['device'] | null;
    bridge: PrintBridge | null;
    send: (name: 'ticket:print', payload: { ticketId: string; reprint?: boolean }, opts?: { requestId?: string }) => Promise<CommandAck<'ticket:print'>>;
    reprint: boolean;
    attempt: number;
  },
): Promise<Omit<PrintState, 'attempts'>> {
  const printer = deps.device?.printer;
  const ticketId = result.ticket.id;
  // The ticket id keys the first print; each reprint has its own key, so a double tap prints once.
  const requestId = deps.reprint ? `print-${ticketId}-r${deps.attempt}` : `print-${ticketId}`;
  if (printer?.attached && deps.bridge?.printTicket) {
    try {
      // The server's print payload is the print wire's type: the shell prints exactly what the take answered.
      const r = await deps.bridge.printTicket(result.print, { requestId });
      return r.ok ? { state: 'printed', message: null } : { state: 'failed', message: `${r.message}。${FAILED}` };
    } catch {
      return { state: 'failed', message: FAILED };
    }
  }
  if (printer?.network) {
    const ack = await deps.send('ticket:print', { ticketId, ...(deps.reprint ? { reprint: true } : {}) }, { requestId });
    if (ack.ok) {
      // Read defensively all the same: a paper that may not have come is reported, never thrown over.
      const r: CommandResults['ticket:print']['result'] | undefined = ack.result;
      if (r?.ok) return { state: 'printed', message: null };
      return { state: 'failed', message: r?.message ? `${r.message}。${FAILED}` : FAILED };
    }
    // The hall refused (a reprint limit, a finished ticket): its message says why.
    const known = ack.error.code !== 'BAD_REQUEST' && ack.error.code !== 'INTERNAL' && ack.error.message;
    return { state: 'failed', message: known ? `${ack.error.message}。${FAILED}` : FAILED, canReprint: (ack.error.code as string) !== 'REPRINT_LIMIT' };
  }
  return { state: 'none', message: '本机不打印号票，请以屏幕上的号码为准，或拍照、扫码保存' };
}
