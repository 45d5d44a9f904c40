import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_TICKET } from '../demo-ticket';
import { PageBuilder, type PrintedPage } from '../emulator/page-builder';
import { tokenize } from '../emulator/tokenizer';
import { createTicketPrinter, printTicket } from '../ticket-printer';
import type { PrinterConfig } from '../../protocol/print';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yichuang-printer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (uri: string): PrinterConfig => ({ uri, type: 'epson', paperWidthMm: 58, timeoutMs: 300 });

function pagesIn(bytes: Buffer): PrintedPage[] {
  const b = new PageBuilder();
  return tokenize(bytes, 'epson', { strict: true, final: true }).tokens.flatMap((t) => b.apply(t) ?? []);
}

describe('file printer (archive)', () => {
  it('appends each ticket exactly once', async () => {
    const path = join(dir, 'tickets.bin');
    const printer = createTicketPrinter(config(`file:${path}`));
    expect(await printer.print(DEMO_TICKET)).toMatchObject({ ok: true, status: { paper: 'unknown', online: true } });
    expect(await printer.print({ ...DEMO_TICKET, number: 'A024' })).toMatchObject({ ok: true });
    const pages = pagesIn(readFileSync(path));
    expect(pages.map((p) => p.items.some((i) => i.kind === 'text' && i.text === 'A024'))).toEqual([false, true]);
  });

  it('fails at once when the archive folder does not exist, and writes nothing later', async () => {
    const path = join(dir, 'missing', 'tickets.bin');
    expect(await printTicket(config(`file:${path}`), DEMO_TICKET)).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', printed: 'no' });
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

describe('device printer', () => {
  it('reports an unplugged device as offline and never creates a file in its place', async () => {
    const path = join('/dev', `yichuang-test-lp-${process.pid}`);
    expect(await printTicket(config(path), DEMO_TICKET)).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', printed: 'no' });
    expect(existsSync(path)).toBe(false);
  });

  it('times out on a blocked device, refuses the next job, and the first ticket comes out once when it unblocks', async () => {
    // A FIFO with no reader blocks open(): a printer that takes nothing.
    const fifo = join(dir, 'lp0');
    execFileSync('mkfifo', [fifo]);
    const printer = createTicketPrinter(config(`file:${fifo}`));
    const first = await printer.print(DEMO_TICKET);
    expect(first).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT', printed: 'unknown' });
    const second = await printer.print({ ...DEMO_TICKET, number: 'A024' });
    expect(second).toMatchObject({ ok: false, code: 'PRINTER_BUSY', printed: 'no' });
    expect(await printer.status()).toMatchObject({ online: false, error: '上一张打印未完成' });

    // The printer wakes up: whatever was written arrives, once.
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      createReadStream(fifo)
        .on('data', (c) => chunks.push(c as Buffer))
        .on('end', () => resolve())
        .on('error', reject);
    });
    const pages = pagesIn(Buffer.concat(chunks));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items.some((i) => i.kind === 'text' && i.text === 'A023')).toBe(true);
    // Free again once the write has closed.
    await vi.waitFor(async () => expect(await printer.status()).toMatchObject({ error: null }));
  });
});
