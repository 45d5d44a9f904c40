import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterConfig, PrinterStatus, PrintResult, TicketPrintData } from '../protocol/print';
import type { ServicePrinter } from '../server/printing';
import type { TicketStatusView } from '../protocol/views';
import { FakeClock, rid, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/**
 * `ticket:print` through the one command pipeline on a real hall server (port 0, real database file):
 * the role table, the payload schema, the requests table. The printer is a fake the test controls.
 */
const READY: PrinterStatus = { online: true, paper: 'ok', coverOpen: false, error: null, checkedAt: '2026-11-24T01:00:00.000Z' };

class FakePrinter implements ServicePrinter {
  readonly printed: TicketPrintData[] = [];
  answer: PrintResult = { ok: true, status: READY };
  /** While set, a print waits for `release()`. */
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }
  async print(data: TicketPrintData): Promise<PrintResult> {
    this.printed.push(data);
    if (this.gate) await this.gate;
    return this.answer;
  }
  async status(): Promise<PrinterStatus> {
    return READY;
  }
}

let hall: TestHall | null = null;
afterEach(async () => {
  await hall?.stop();
  hall = null;
});

async function start(printer: FakePrinter, dir?: string) {
  hall = await startTestHall({ printing: { pollMs: 0, createPrinter: (_c: PrinterConfig) => printer }, ...(dir ? { dir } : {}) });
  const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
  const take = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
  if (!take.ok) throw new Error(take.error.message);
  return { kiosk, ticket: take.ticket as { id: string; number: string } };
}

describe('ticket:print through the command pipeline', () => {
  it("acks a kiosk's print with the printer's result; a printer failure is still ok: true", async () => {
    const printer = new FakePrinter();
    printer.answer = { ok: false, code: 'PRINTER_NO_PAPER', message: '打印机缺纸', printed: 'no', status: null };
    const { kiosk, ticket } = await start(printer);
    const ack = await send(kiosk, 'ticket:print', { ticketId: ticket.id });
    expect(ack).toEqual({ ok: true, seq: expect.any(Number), result: { ok: false, code: 'PRINTER_NO_PAPER', message: '打印机缺纸', printed: 'no', status: null } });
    expect(printer.printed.map((p) => p.number)).toEqual([ticket.number]);
  });

  it('refuses a malformed payload with BAD_REQUEST naming the field, and prints nothing', async () => {
    const printer = new FakePrinter();
    const { kiosk, ticket } = await start(printer);
    const ack = await send(kiosk, 'ticket:print', { ticketId: ticket.id, reprint: 'yes' as unknown as boolean });
    expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^reprint: /) } });
    expect(printer.printed).toEqual([]);
  });

  it('refuses a clerk with FORBIDDEN by the role table', async () => {
    const printer = new FakePrinter();
    const { ticket } = await start(printer);
    const token = await hall!.login('zhangwei');
    const clerk = (await hall!.terminal(token)).socket;
    const ack = await send(clerk, 'ticket:print', { ticketId: ticket.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(printer.printed).toEqual([]);
  });

  it('answers a repeat during the job with the same answer, and after a restart from the requests table', async () => {
    const printer = new FakePrinter();
    const { kiosk, ticket } = await start(printer);
    const dir = hall!.dir;
    const requestId = rid();
    printer.hold();
    const first = send(kiosk, 'ticket:print', { requestId, ticketId: ticket.id });
    const again = send(kiosk, 'ticket:print', { requestId, ticketId: ticket.id });
    await new Promise((r) => setTimeout(r, 50));
    printer.release();
    const [a, b] = await Promise.all([first, again]);
    expect(a).toMatchObject({ ok: true, result: { ok: true } });
    expect(b).toEqual(a);
    expect(printer.printed).toHaveLength(1);

    // A new process on the same database: the recorded answer, no second paper.
    await hall!.server.close();
    hall = null;
    const after = new FakePrinter();
    hall = await startTestHall({ dir, printing: { pollMs: 0, createPrinter: () => after } });
    const kiosk2 = (await hall.terminal(TOKENS.kiosk)).socket;
    expect(await send(kiosk2, 'ticket:print', { requestId, ticketId: ticket.id })).toEqual(a);
    expect(after.printed).toEqual([]);
    await hall.stop();
    hall = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second kiosk that reuses a requestId', async () => {
    const printer = new FakePrinter();
    const { kiosk, ticket } = await start(printer);
    const requestId = rid();
    await send(kiosk, 'ticket:print', { requestId, ticketId: ticket.id });
    const other = (await hall!.terminal(TOKENS.kiosk2)).socket;
    expect(await send(other, 'ticket:print', { requestId, ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } });
    expect(printer.printed).toHaveLength(1);
  });

  it('answers INTERNAL, without the exception text, when the job cannot be recorded', async () => {
    const printer = new FakePrinter();
    const { kiosk, ticket } = await start(printer);
    hall!.server.db.exec('DROP TABLE ticket_prints');
    const ack = await send(kiosk, 'ticket:print', { ticketId: ticket.id });
    expect(ack).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统内部错误，请稍后重试' } });
    expect(printer.printed).toEqual([]);
  });

  it('prints, and reprints, the estimate and range the status page shows at that moment', async () => {
    const printer = new FakePrinter();
    const clock = new FakeClock();
    hall = await startTestHall({ clock, printing: { pollMs: 0, createPrinter: () => printer } });
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    let take = await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] });
    for (let i = 0; i < 5; i++) take = await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] });
    expect(take.ok).toBe(true);
    const status = async () => {
      const res = await fetch(`${hall!.server.url}/api/tickets/${take.ticket.id}`);
      return ((await res.json()) as { ticket: TicketStatusView }).ticket;
    };

    // Five ahead at one window: a wait of tens of minutes, with a range from the simulator.
    expect(take.estimateRange?.high).toBeGreaterThan(take.estimateRange!.low);
    expect(await send(kiosk, 'ticket:print', { ticketId: take.ticket.id })).toMatchObject({ ok: true, result: { ok: true } });
    const now = await status();
    expect(printer.printed[0]).toMatchObject({ estimatedWaitMinutes: take.estimatedWaitMinutes, estimateRange: take.estimateRange });
    expect(printer.printed[0]).toMatchObject({ estimatedWaitMinutes: now.estimatedWaitMinutes, estimateRange: now.estimateRange });

    // Ten minutes on, the reprint says what the status page says then, not what the take said.
    clock.advance(10 * 60_000);
    expect(await send(kiosk, 'ticket:print', { ticketId: take.ticket.id, reprint: true })).toMatchObject({ ok: true, result: { ok: true } });
    const later = await status();
    expect(later.estimatedWaitMinutes).toBeLessThan(take.estimatedWaitMinutes);
    expect(printer.printed[1]).toMatchObject({ estimatedWaitMinutes: later.estimatedWaitMinutes, estimateRange: later.estimateRange });
  });
});
