import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Device } from '../protocol/catalog';
import { startPrinterEmulator, type PrinterEmulator } from '../printers/emulator/emulator';
import { pageQrPayloads, pageText } from '../printers/emulator/page-builder';
import { createPrintService, type PrinterStatusView, type PrintService } from '../server/printing';
import { rid, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

let hall: TestHall;
let emu: PrinterEmulator;
let service: PrintService;
let kiosk: Socket;

const devices = (uri: string) =>
  new Map<string, Device>([
    ['kiosk-1', { id: 'kiosk-1', kind: 'kiosk', name: '1号取号机', printer: { uri, type: 'epson', paperWidthMm: 80, attached: false } }],
    ['kiosk-2', { id: 'kiosk-2', kind: 'kiosk', name: '2号取号机' }],
    ['kiosk-3', { id: 'kiosk-3', kind: 'kiosk', name: '3号取号机', printer: { uri: '/dev/usb/lp0', type: 'epson', paperWidthMm: 58, attached: true } }],
  ]);

beforeEach(async () => {
  hall = await startTestHall();
  emu = await startPrinterEmulator({ port: 0 });
  service = createPrintService({
    hall: hall.server.hall,
    devices: () => devices(emu.uri),
    publicBaseUrl: () => hall.server.url,
    logger: pino({ level: 'silent' }),
    timeoutMs: 400,
    pollMs: 0,
  });
  kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
});
afterEach(async () => {
  service.stop();
  await emu.close();
  await hall.stop();
});

/** Takes a ticket at the kiosk the way the kiosk page does. */
async function take(): Promise<{ id: string; number: string }> {
  const r = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
  if (!r.ok) throw new Error(r.error.message);
  return r.ticket;
}

const waitingCount = () => [...hall.server.hall.state.tickets.values()].filter((t) => t.state === 'waiting').length;

describe('print service', () => {
  it('remembers across a restart that a ticket was printed: the same request again gives no second paper', async () => {
    const make = () =>
      createPrintService({
        hall: hall.server.hall,
        devices: () => devices(emu.uri),
        publicBaseUrl: () => hall.server.url,
        logger: pino({ level: 'silent' }),
        timeoutMs: 400,
        pollMs: 0,
      });
    const t = await take();
    const requestId = `${t.id}-print`;
    const first = make();
    const answer = await first.print('kiosk-1', { requestId, ticketId: t.id, reprint: false });
    expect(answer).toMatchObject({ ok: true, result: { ok: true } });
    first.stop();
    // A new process: its memory is empty, the database is not. The request is answered as the first time
    // (from the requests table, like every command); asking anew without the citizen is refused.
    const second = make();
    expect(await second.print('kiosk-1', { requestId, ticketId: t.id, reprint: false })).toEqual(answer);
    expect(await second.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: false })).toMatchObject({ ok: false, error: { code: 'ALREADY_PRINTED' } });
    expect(await second.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: true })).toMatchObject({ ok: true, result: { ok: true } });
    second.stop();
    await emu.idle();
    expect(emu.pages).toHaveLength(2);
  });

  it('prints a ticket taken at the kiosk on its network printer: number, Chinese text and the status QR', async () => {
    const t = await take();
    const answer = await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: false });
    expect(answer).toMatchObject({ ok: true, result: { ok: true } });
    expect(emu.pages).toHaveLength(1);
    const text = pageText(emu.pages[0]!);
    expect(text).toContain(t.number);
    expect(text.some((l) => l.includes('社会保障卡申领'))).toBe(true);
    expect(pageQrPayloads(emu.pages[0]!)).toEqual([`${hall.server.url}/t/${t.id}`]);
  });

  it('keeps the ticket when the printer is out of paper, and prints again only when the citizen asks', async () => {
    emu.set({ paper: 'out' });
    const t = await take();
    const before = waitingCount();
    const failed = await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: false });
    expect(failed).toMatchObject({ ok: true, result: { ok: false, code: 'PRINTER_NO_PAPER', printed: 'no' } });
    expect(waitingCount()).toBe(before);
    expect(hall.server.hall.state.tickets.get(t.id)!.state).toBe('waiting');

    // The kiosk asking again without the citizen is refused: no second paper by accident.
    emu.set({ paper: 'ok' });
    expect(await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: false })).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_PRINTED' },
    });
    await emu.idle();
    expect(emu.cutsReceived).toBe(0);

    // The citizen presses 重新打印.
    expect(await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: true })).toMatchObject({ ok: true, result: { ok: true } });
    expect(emu.pages).toHaveLength(1);
  });

  it('answers a hanging printer within the bound; the queue still has the ticket once and nothing prints', async () => {
    emu.set({ mode: 'hang' });
    const t = await take();
    const answer = await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: false });
    expect(answer).toMatchObject({ ok: true, result: { ok: false, code: 'PRINTER_TIMEOUT', printed: 'no' } });
    expect([...hall.server.hall.state.tickets.values()].filter((x) => x.number === t.number)).toHaveLength(1);
    await emu.idle();
    expect(emu.cutsReceived).toBe(0);
  });

  it('answers a repeated requestId with the first answer and prints once', async () => {
    const t = await take();
    const requestId = rid();
    const [a, b] = await Promise.all([
      service.print('kiosk-1', { requestId, ticketId: t.id, reprint: false }),
      service.print('kiosk-1', { requestId, ticketId: t.id, reprint: false }),
    ]);
    expect(a).toEqual(b);
    expect(await service.print('kiosk-1', { requestId, ticketId: t.id, reprint: false })).toEqual(a);
    await emu.idle();
    expect(emu.cutsReceived).toBe(1);
  });

  it('limits reprints', async () => {
    const t = await take();
    await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: false });
    for (let i = 0; i < 2; i++) expect((await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: true })).ok).toBe(true);
    expect(await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: true })).toMatchObject({ ok: false, error: { code: 'REPRINT_LIMIT' } });
    expect(emu.pages).toHaveLength(3);
  });

  it.each([
    ['kiosk-2', 'a kiosk without a printer'],
    ['kiosk-3', 'a kiosk whose printer is attached to it (its shell prints)'],
    ['display-main', 'a device that is no kiosk'],
  ])('refuses %s (%s) with PRINTER_NOT_CONFIGURED', async (deviceId) => {
    const t = await take();
    expect(await service.print(deviceId, { requestId: rid(), ticketId: t.id, reprint: false })).toMatchObject({
      ok: false,
      error: { code: 'PRINTER_NOT_CONFIGURED' },
    });
  });

  it('refuses an unknown ticket and a reprint of a ticket never printed', async () => {
    expect(await service.print('kiosk-1', { requestId: rid(), ticketId: 'no-such-ticket', reprint: false })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TICKET' },
    });
    const t = await take();
    expect(await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: true })).toMatchObject({ ok: false, error: { code: 'NOT_PRINTED_YET' } });
    expect(emu.connections).toBe(0);
  });
});

describe('printer status for the admin console', () => {
  it('lists the network printers and reports a change found by polling', async () => {
    const seen: PrinterStatusView[] = [];
    service.onChange((v) => seen.push(v));
    expect(service.printers().map((p) => p.deviceId)).toEqual(['kiosk-1']);
    await service.pollOnce();
    expect(service.printers()[0]!.status).toMatchObject({ online: true, paper: 'ok' });
    emu.set({ paper: 'near-end' });
    await service.pollOnce();
    emu.set({ paper: 'out' });
    await service.pollOnce();
    await service.pollOnce(); // no change, no notice
    expect(seen.map((v) => v.status?.paper)).toEqual(['ok', 'near-end', 'out']);
  });

  it('records the last print and its failure code', async () => {
    emu.set({ coverOpen: true });
    const t = await take();
    await service.print('kiosk-1', { requestId: rid(), ticketId: t.id, reprint: false });
    expect(service.printers()[0]).toMatchObject({ status: { coverOpen: true }, lastPrint: { ticketNumber: t.number, ok: false, code: 'PRINTER_COVER_OPEN' } });
  });
});
