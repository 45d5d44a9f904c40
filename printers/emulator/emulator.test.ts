import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TICKET } from '../demo-ticket';
import { renderTicket } from '../ticket-printer';
import { startPrinterEmulator, type EmulatorOptions, type PrinterEmulator } from './emulator';
import { pageText, type PrintedPage } from './page-builder';

let emu: PrinterEmulator | null = null;
afterEach(async () => {
  await emu?.close();
  emu = null;
});

async function start(options: EmulatorOptions = {}): Promise<PrinterEmulator> {
  emu = await startPrinterEmulator({ port: 0, ...options });
  return emu;
}

/** Sends bytes (optionally one at a time) and collects `expect` answer bytes. */
async function exchange(port: number, bytes: Buffer, expectBytes: number, byteByByte = false): Promise<Buffer> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const got: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    const check = () => {
      const all = Buffer.concat(got);
      if (all.length >= expectBytes) resolve(all);
    };
    socket.on('data', (c: Buffer) => {
      got.push(c);
      check();
    });
    check();
  });
  if (byteByByte) for (const b of bytes) await new Promise<void>((r) => socket.write(Buffer.from([b]), () => r()));
  else socket.write(bytes);
  const answer = await done;
  socket.end();
  return answer;
}

const DLE_EOT_1_2_4 = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);

describe('printer emulator', () => {
  it.each([
    [{}, [0x16, 0x12, 0x12]],
    [{ paper: 'near-end' as const }, [0x16, 0x12, 0x1e]],
    [{ paper: 'out' as const }, [0x1e, 0x32, 0x7e]],
    [{ coverOpen: true }, [0x1e, 0x16, 0x12]],
    [{ mode: 'offline' as const }, [0x1e, 0x12, 0x12]],
  ])('answers DLE EOT 1/2/4 for %o as an EPSON printer does: %o', async (state, bytes) => {
    const e = await start(state);
    expect([...(await exchange(e.port, DLE_EOT_1_2_4, 3))]).toEqual(bytes);
  });

  it('answers GS r 1 only after the bytes before it have printed', async () => {
    const e = await start();
    const ticket = renderTicket({ type: 'epson', paperWidthMm: 58 }, DEMO_TICKET);
    const answer = await exchange(e.port, Buffer.concat([ticket, Buffer.from([0x1d, 0x72, 0x01])]), 1);
    expect([...answer]).toEqual([0x00]);
    expect(e.pages).toHaveLength(1);
  });

  it('decodes a ticket that arrives one byte at a time exactly as one sent whole', async () => {
    const e = await start();
    const ticket = renderTicket({ type: 'epson', paperWidthMm: 80 }, DEMO_TICKET);
    await exchange(e.port, ticket, 0, true);
    await exchange(e.port, ticket, 0);
    const [a, b] = (await e.waitForPages(2)) as PrintedPage[];
    expect(a!.items).toEqual(b!.items);
    expect(pageText(a!)).toContain('A023');
  });

  it('keeps what arrived while out of paper and prints it once paper is loaded, as a real printer does', async () => {
    const e = await start({ paper: 'out' });
    await exchange(e.port, renderTicket({ type: 'epson', paperWidthMm: 58 }, DEMO_TICKET), 0);
    await e.idle();
    expect(e.pages).toHaveLength(0);
    e.set({ paper: 'ok' });
    expect(await e.waitForPages(1)).toHaveLength(1);
  });

  it('saves each page as decoded JSON and the raw bytes it printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yichuang-emulator-'));
    try {
      const e = await start({ outDir: dir });
      const ticket = renderTicket({ type: 'epson', paperWidthMm: 58 }, DEMO_TICKET);
      await exchange(e.port, ticket, 0);
      await e.waitForPages(1);
      expect(readdirSync(dir).sort()).toEqual(['page-0001.bin', 'page-0001.json']);
      const saved = JSON.parse(readFileSync(join(dir, 'page-0001.json'), 'utf8')) as PrintedPage;
      expect(pageText(saved)).toContain('某某区政务服务中心');
      expect(readFileSync(join(dir, 'page-0001.bin')).equals(ticket.subarray(0, ticket.length - 2))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers a STAR status request with a 9-byte ASB showing paper end', async () => {
    const e = await start({ type: 'star', paper: 'out' });
    const asb = await exchange(e.port, Buffer.from([0x1b, 0x06, 0x01]), 9);
    expect(asb[0]).toBe(0x23);
    expect(asb[5]! & 0x08).toBe(0x08);
  });
});
