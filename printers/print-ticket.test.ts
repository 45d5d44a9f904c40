import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TICKET } from './demo-ticket';
import { startPrinterEmulator, type EmulatorOptions, type PrinterEmulator } from './emulator/emulator';
import { pageQrPayloads, pageText } from './emulator/page-builder';
import { createTicketPrinter, printTicket } from './ticket-printer';
import type { PrinterConfig } from '../protocol/print';

let emu: PrinterEmulator | null = null;
afterEach(async () => {
  await emu?.close();
  emu = null;
});

async function emulator(options: EmulatorOptions = {}): Promise<PrinterEmulator> {
  emu = await startPrinterEmulator({ port: 0, ...options });
  return emu;
}

const config = (uri: string, extra: Partial<PrinterConfig> = {}): PrinterConfig => ({ uri, type: 'epson', paperWidthMm: 80, timeoutMs: 400, ...extra });

/** A port with nobody listening. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('printTicket over TCP', () => {
  it.each([58, 80] as const)('prints the demo ticket once on %i mm paper, and the emulator decodes text, number and QR', async (mm) => {
    const e = await emulator();
    const result = await printTicket(config(e.uri, { paperWidthMm: mm }), DEMO_TICKET);
    expect(result).toMatchObject({ ok: true, status: { online: true, paper: 'ok' } });
    expect(e.pages).toHaveLength(1);
    const text = pageText(e.pages[0]!);
    expect(text).toContain('某某区政务服务中心');
    expect(text).toContain('A023');
    expect(text).toContain('【老年人优先】');
    expect(pageQrPayloads(e.pages[0]!)).toEqual(['https://hall.example.gov.cn/t/3f9c2a71']);
    expect(e.pages[0]!.cut).toBe('partial');
  });

  it('prints on a STAR printer with its own status exchange', async () => {
    const e = await emulator({ type: 'star' });
    const result = await printTicket(config(e.uri, { type: 'star' }), DEMO_TICKET);
    expect(result.ok).toBe(true);
    expect(pageText(e.pages[0]!)).toContain('A023');
    expect(pageQrPayloads(e.pages[0]!)).toEqual([DEMO_TICKET.statusUrl]);
  });

  it.each(['epson', 'star'] as const)('refuses to print on %s when out of paper: nothing sent, no paper', async (type) => {
    const e = await emulator({ type, paper: 'out' });
    const result = await printTicket(config(e.uri, { type }), DEMO_TICKET);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_NO_PAPER', printed: 'no', status: { paper: 'out', online: false } });
    await e.idle();
    expect(e.cutsReceived).toBe(0);
    expect(e.pages).toHaveLength(0);
  });

  it('refuses when the cover is open', async () => {
    const e = await emulator({ coverOpen: true });
    const result = await printTicket(config(e.uri), DEMO_TICKET);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_COVER_OPEN', printed: 'no' });
    await e.idle();
    expect(e.cutsReceived).toBe(0);
  });

  it('refuses when the printer reports itself offline', async () => {
    const e = await emulator({ mode: 'offline' });
    const result = await printTicket(config(e.uri), DEMO_TICKET);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', printed: 'no' });
    await e.idle();
    expect(e.cutsReceived).toBe(0);
  });

  it('reports PRINTER_OFFLINE when nothing listens at the address', async () => {
    const result = await printTicket(config(`tcp://127.0.0.1:${await closedPort()}`), DEMO_TICKET);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', printed: 'no', status: null });
  });

  it('gives up on a hanging printer within the bound and never sends the ticket', async () => {
    const e = await emulator({ mode: 'hang' });
    const result = await printTicket(config(e.uri), DEMO_TICKET);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT', printed: 'no' });
    await e.idle();
    expect(e.cutsReceived).toBe(0);
    expect(e.pages).toHaveLength(0);
  });

  it('reports an unconfirmed print as "printed unknown" and never sends it again: exactly one paper ticket later', async () => {
    const e = await emulator({ mode: 'stall' });
    const printer = createTicketPrinter(config(e.uri));
    const result = await printer.print(DEMO_TICKET);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT', printed: 'unknown' });
    await e.idle();
    expect(e.cutsReceived).toBe(1);
    e.set({ mode: 'online' });
    await e.waitForPages(1);
    // A status poll afterwards must not resend anything either.
    expect((await printer.status()).online).toBe(true);
    await e.idle();
    expect(e.cutsReceived).toBe(1);
    expect(e.pages).toHaveLength(1);
  });

  it('reports paper running out in the middle of a ticket as PRINTER_NO_PAPER with a torn-off page', async () => {
    const e = await emulator({ linesLeft: 6 });
    const result = await printTicket(config(e.uri), DEMO_TICKET);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_NO_PAPER', printed: 'unknown', status: { paper: 'out' } });
    expect(e.pages).toHaveLength(1);
    expect(e.pages[0]!.cut).toBeNull();
    await e.idle();
    expect(e.cutsReceived).toBe(1);
  });

  it('prints with a warning when the paper is near its end', async () => {
    const e = await emulator({ paper: 'near-end' });
    const result = await printTicket(config(e.uri), DEMO_TICKET);
    expect(result).toMatchObject({ ok: true, warning: 'PAPER_NEAR_END', status: { paper: 'near-end' } });
    expect(e.pages).toHaveLength(1);
  });

  it('waits for a slow printer that answers within the bound', async () => {
    const e = await emulator({ delayMs: 100 });
    const result = await printTicket(config(e.uri, { timeoutMs: 2000 }), DEMO_TICKET);
    expect(result.ok).toBe(true);
    expect(e.pages).toHaveLength(1);
  });

  it('serialises jobs on one printer: two tickets, two pages, in order', async () => {
    const e = await emulator();
    const printer = createTicketPrinter(config(e.uri));
    const [a, b] = await Promise.all([printer.print(DEMO_TICKET), printer.print({ ...DEMO_TICKET, number: 'A024' })]);
    expect(a.ok && b.ok).toBe(true);
    expect(e.pages.map((p) => pageText(p).includes('A024'))).toEqual([false, true]);
  });

  it('refuses bad ticket data and a bad config without touching the printer', async () => {
    const e = await emulator();
    expect(await printTicket(config(e.uri), { ...DEMO_TICKET, statusUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false, code: 'PRINT_BAD_DATA', printed: 'no' });
    expect(await printTicket({ ...config(e.uri), uri: 'http://printer' }, DEMO_TICKET)).toMatchObject({ ok: false, code: 'PRINTER_BAD_CONFIG' });
    expect(e.connections).toBe(0);
  });
});

describe('TicketPrinter.status', () => {
  it.each([
    [{}, { online: true, paper: 'ok', coverOpen: false }],
    [{ paper: 'near-end' as const }, { online: true, paper: 'near-end' }],
    [{ paper: 'out' as const }, { online: false, paper: 'out' }],
    [{ coverOpen: true }, { online: false, coverOpen: true }],
    [{ mode: 'offline' as const }, { online: false, paper: 'ok' }],
  ])('reads %o from the printer as %o', async (state, expected) => {
    const e = await emulator(state);
    expect(await createTicketPrinter(config(e.uri)).status()).toMatchObject(expected);
  });

  it('reports a hanging printer as offline with an error', async () => {
    const e = await emulator({ mode: 'hang' });
    expect(await createTicketPrinter(config(e.uri)).status()).toMatchObject({ online: false, error: '打印机无响应' });
  });
});
