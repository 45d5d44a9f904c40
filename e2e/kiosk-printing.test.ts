import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPrinterEmulator, type PrinterEmulator } from '../printers/emulator/emulator';
import { pageQrPayloads, pageText } from '../printers/emulator/page-builder';
import { startTestHall, TOKENS, type TestHall } from '../test/helpers/hall';
import { fontsReady, launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { buildTerminals } from './helpers/web';

/**
 * Ticket printing end to end, in real Chromium against a real hall server: kiosk 1's network printer
 * is our printer emulator on 127.0.0.1. A citizen takes a ticket on the kiosk page; the hall server
 * prints it on `ticket:print`. When the printer is out of paper, hangs or is gone, the kiosk shows the
 * ticket on screen with its QR code and a 重新打印 button, the queue holds the ticket once, and no
 * paper comes out until the citizen presses the button.
 */
const GROUP = 'kiosk-printing';
/** Short, so a hanging printer costs the test well under a second per step. */
const PRINT_TIMEOUT_MS = 500;
const MATTER = '社会保障卡申领';

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });

describe('kiosk ticket printing in the browser', () => {
  let hall: TestHall;
  let browser: Browser;
  let emu: PrinterEmulator | null = null;
  let terminal: Terminal | null = null;

  beforeAll(async () => {
    const webDir = await buildTerminals();
    hall = await startTestHall({ webDir, printing: { timeoutMs: PRINT_TIMEOUT_MS, pollMs: 0 } });
    browser = await launchChromium();
  });

  afterEach(async () => {
    // A case that failed midway must not leave its printer or page to the next one.
    await terminal?.context.close();
    terminal = null;
    await emu?.close().catch(() => undefined);
    emu = null;
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
  });

  /** Points kiosk 1's network printer at `uri`, the way the admin console changes a device: its catalog document, then a reload. */
  function pointKioskPrinterAt(uri: string): void {
    const db = hall.server.db;
    const row = db.prepare("SELECT doc FROM catalog WHERE kind = 'device' AND id = 'kiosk-1'").get() as { doc: string } | undefined;
    if (!row) throw new Error('kiosk-1 has no device document');
    const doc = JSON.parse(row.doc) as { printer?: Record<string, unknown> };
    doc.printer = { ...doc.printer, uri, type: 'epson', paperWidthMm: 80, attached: false };
    db.prepare("UPDATE catalog SET doc = ? WHERE kind = 'device' AND id = 'kiosk-1'").run(JSON.stringify(doc));
    hall.server.reloadDevices();
  }

  /** A printer emulator kiosk 1 prints to. */
  async function printer(opts: Parameters<typeof startPrinterEmulator>[0] = {}): Promise<PrinterEmulator> {
    emu = await startPrinterEmulator({ port: 0, ...opts });
    pointKioskPrinterAt(emu.uri);
    return emu;
  }

  /** The hall's tickets with this number today (the queue as the server holds it). */
  const ticketsNumbered = (number: string) =>
    [...hall.server.hall.state.tickets.values()].filter((t) => t.number === number && t.businessDate === hall.server.hall.state.businessDate);

  /** Takes a ticket for 社会保障卡申领 on kiosk 1, as a citizen does, and returns what the screen shows. */
  async function takeTicket(): Promise<{ page: Page; number: string; ticketId: string; statusUrl: string; ticketsBefore: number }> {
    terminal = await openTerminal(browser, `${hall.server.url}/kiosk?token=${TOKENS.kiosk}`, SCREENS.kioskPortrait);
    const page = terminal.page;
    await page.getByTestId('kiosk-home').waitFor();
    await page.getByTestId('open-search').click();
    for (const k of ['S', 'B', 'K']) await page.locator(`[data-key="${k}"]`).click();
    await page.locator('[data-choice="svc-sscard"]').click();
    await poll(() => page.getByTestId('materials').innerText()).toContain('居民身份证');
    const ticketsBefore = hall.server.hall.state.tickets.size;
    await page.getByTestId('take').click();
    await page.getByTestId('ticket-number').waitFor();
    const number = await page.getByTestId('ticket-number').innerText();
    const statusUrl = (await page.locator('[data-qr-text]').getAttribute('data-qr-text')) ?? '';
    const ticketId = statusUrl.split('/t/')[1] ?? '';
    expect(statusUrl).toBe(`${hall.server.url}/t/${ticketId}`);
    expect(hall.server.hall.state.tickets.get(ticketId)?.number).toBe(number);
    return { page, number, ticketId, statusUrl, ticketsBefore };
  }

  /** The on-screen ticket: number, matter, QR drawn from the status URL. */
  async function expectTicketOnScreen(page: Page, number: string, statusUrl: string): Promise<void> {
    await expect(page.getByTestId('kiosk-ticket').isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('ticket-number').innerText()).toBe(number);
    expect(await page.getByTestId('kiosk-ticket').innerText()).toContain(MATTER);
    expect(await page.locator('[data-qr-text]').getAttribute('data-qr-text')).toBe(statusUrl);
    await page.locator('[data-qr-text] svg').waitFor();
    // What a phone reads from the screen, not only what the element says it drew.
    expect(await screenQr(page)).toBe(statusUrl);
  }

  /** Decodes the QR code drawn on the kiosk's screen from a screenshot of it. */
  async function screenQr(page: Page): Promise<string | null> {
    const png = await page.locator('[data-qr-text]').screenshot();
    const img = await loadImage(png);
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, img.width, img.height);
    return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height)?.data ?? null;
  }

  /** The kiosk's fallback after a failed print: a plain message with the reason, and the 重新打印 button. */
  async function expectFallback(page: Page, reason: string): Promise<void> {
    await poll(() => page.getByTestId('print-status').getAttribute('class')).toContain('failed');
    const text = await page.getByTestId('print-status').innerText();
    expect(text).toContain(reason);
    expect(text).toContain('请以屏幕上的号码为准');
    // Plain words for a citizen: no error code, no stack, no English.
    expect(text).not.toMatch(/PRINTER_|Error|[A-Za-z]{4,}/);
    await expect(page.getByTestId('reprint').isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('reprint').innerText()).toBe('重新打印');
  }

  /** The ticket is in today's queue once, waiting, and the take added exactly one ticket. */
  function expectQueuedOnce(number: string, ticketId: string, ticketsBefore: number): void {
    expect(ticketsNumbered(number).map((t) => t.id)).toEqual([ticketId]);
    expect(hall.server.hall.state.tickets.get(ticketId)?.state).toBe('waiting');
    expect(hall.server.hall.state.tickets.size).toBe(ticketsBefore + 1);
  }

  /** Asserts one page of paper: the number, the matter in Chinese and the status QR. */
  function expectPaperTicket(p: PrinterEmulator, number: string, statusUrl: string): void {
    expect(p.pages).toHaveLength(1);
    expect(p.cutsReceived).toBe(1);
    const page = p.pages[0]!;
    const lines = pageText(page);
    expect(lines.some((l) => l.includes(number))).toBe(true);
    expect(lines.some((l) => l.includes(MATTER))).toBe(true);
    expect(page.unknownBytes).toBe(0);
    expect(pageQrPayloads(page)).toEqual([statusUrl]);
  }

  /** The citizen presses 重新打印: exactly one page comes out, and the ticket is still once in the queue. */
  async function reprintOnce(
    page: Page,
    p: PrinterEmulator,
    t: { number: string; ticketId: string; statusUrl: string; ticketsBefore: number },
  ): Promise<void> {
    await page.getByTestId('reprint').click();
    await poll(() => page.getByTestId('print-status').innerText()).toContain('号票已打印');
    await p.idle();
    expectPaperTicket(p, t.number, t.statusUrl);
    expectQueuedOnce(t.number, t.ticketId, t.ticketsBefore);
  }

  it('prints one paper ticket with the number, the Chinese matter and the status QR, and shows it on screen', async () => {
    const p = await printer();
    const { page, number, ticketId, statusUrl, ticketsBefore } = await takeTicket();
    await poll(() => page.getByTestId('print-status').innerText()).toContain('号票已打印');
    await p.idle();
    expectPaperTicket(p, number, statusUrl);
    expect(statusUrl).toBe(`${hall.server.url}/t/${ticketId}`);
    await expectTicketOnScreen(page, number, statusUrl);
    expect(await page.getByTestId('reprint').count()).toBe(0);
    expectQueuedOnce(number, ticketId, ticketsBefore);
    await fontsReady(page);
    await shot(page, GROUP, '01-printed');
    expect(terminal!.errors).toEqual([]);
  });

  it('shows the ticket on screen when the printer is out of paper, and prints one page when the citizen asks after the paper is back', async () => {
    const p = await printer({ paper: 'out' });
    const { page, number, ticketId, statusUrl, ticketsBefore } = await takeTicket();
    await expectFallback(page, '打印机缺纸');
    await expectTicketOnScreen(page, number, statusUrl);
    await p.idle();
    expect(p.pages).toHaveLength(0);
    expect(p.cutsReceived).toBe(0);
    expectQueuedOnce(number, ticketId, ticketsBefore);
    await fontsReady(page);
    await shot(page, GROUP, '02-out-of-paper');

    // The paper is back: nothing prints until the citizen presses 重新打印, then exactly one page.
    p.set({ paper: 'ok' });
    await p.idle();
    expect(p.cutsReceived).toBe(0);
    await reprintOnce(page, p, { number, ticketId, statusUrl, ticketsBefore });
    await fontsReady(page);
    await shot(page, GROUP, '03-out-of-paper-reprinted');
    expect(terminal!.errors).toEqual([]);
  });

  it('shows the ticket on screen when the printer does not answer within the bound, and prints nothing by itself', async () => {
    const p = await printer({ mode: 'hang' });
    const { page, number, ticketId, statusUrl, ticketsBefore } = await takeTicket();
    await expectFallback(page, '打印机无响应');
    await expectTicketOnScreen(page, number, statusUrl);
    await p.idle();
    expect(p.cutsReceived).toBe(0);
    expectQueuedOnce(number, ticketId, ticketsBefore);
    await fontsReady(page);
    await shot(page, GROUP, '04-printer-hangs');

    // The printer wakes up: whatever it held in its buffer would print now; it holds no ticket.
    p.set({ mode: 'online' });
    await p.idle();
    expect(p.pages).toHaveLength(0);
    expect(p.cutsReceived).toBe(0);
    await reprintOnce(page, p, { number, ticketId, statusUrl, ticketsBefore });
    expect(terminal!.errors).toEqual([]);
  });

  it('shows the ticket on screen when the printer is gone, and prints once when the citizen asks after it is back', async () => {
    const gone = await printer();
    const port = gone.port;
    await gone.close();
    emu = null;
    const { page, number, ticketId, statusUrl, ticketsBefore } = await takeTicket();
    await expectFallback(page, '打印机未连接');
    await expectTicketOnScreen(page, number, statusUrl);
    expectQueuedOnce(number, ticketId, ticketsBefore);
    await fontsReady(page);
    await shot(page, GROUP, '05-printer-offline');

    // The printer is back on the same address; it gets nothing until the citizen presses 重新打印.
    const back = await startPrinterEmulator({ port });
    emu = back;
    await back.idle();
    expect(back.connections).toBe(0);
    await reprintOnce(page, back, { number, ticketId, statusUrl, ticketsBefore });
    expect(terminal!.errors).toEqual([]);
  });
});
