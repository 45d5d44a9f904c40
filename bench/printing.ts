import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { startPrinterEmulator, type PrinterEmulator } from '../printers/emulator/emulator';
import { rid, startTestHall, TOKENS, type TestHall } from '../test/helpers/hall';
import { runAlone } from './run-alone';
import { nearestRank, round } from './stats';

/**
 * A kiosk tap to paper: from the kiosk emitting `ticket:take` (then `ticket:print` on its ack, as the
 * kiosk page does) to the first ESC/POS byte arriving at the printer emulator on loopback, over
 * `TICKETS` tickets one after another; also to the `ticket:take` ack (the durable ticket) and to the
 * printer's confirmation (the `ticket:print` ack).
 * Beside it, the floor: the emulator's own round trip (connect, `DLE EOT 1`, its answer) through the
 * same tap. `npx tsx bench/printing.ts` prints the figures; `npm run bench` calls `runPrintingBench()`.
 */
export const TAP_TO_PRINTER_BUDGET_P95_MS = 100;
const TICKETS = Number(process.env.BENCH_PRINT_TICKETS ?? 200);

/**
 * A pass-through in front of the emulator that notes when each connection's first byte arrives (the
 * emulator prints; it has no hook for "the first byte came"). Costs both sides the same loopback hop.
 */
async function tap(target: number): Promise<{ port: number; firstBytes: number[]; close(): Promise<void> }> {
  const firstBytes: number[] = [];
  const server = net.createServer((client) => {
    let first = true;
    const upstream = net.connect(target, '127.0.0.1');
    client.on('data', (b) => {
      if (first) {
        first = false;
        firstBytes.push(performance.now());
      }
      upstream.write(b);
    });
    upstream.on('data', (b) => client.write(b));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    firstBytes,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Points kiosk 1's network printer at `uri` the way the admin console does: its device document, then a reload. */
function pointKioskPrinterAt(hall: TestHall, uri: string): void {
  const db = hall.server.db;
  const row = db.prepare("SELECT doc FROM catalog WHERE kind = 'device' AND id = 'kiosk-1'").get() as { doc: string } | undefined;
  if (!row) throw new Error('kiosk-1 has no device document');
  const doc = JSON.parse(row.doc) as { printer?: Record<string, unknown> };
  doc.printer = { ...doc.printer, uri, type: 'epson', paperWidthMm: 80, attached: false };
  db.prepare("UPDATE catalog SET doc = ? WHERE kind = 'device' AND id = 'kiosk-1'").run(JSON.stringify(doc));
  hall.server.reloadDevices();
}

function percentile(xs: number[], p: number): number {
  return round(nearestRank(xs, p / 100), 2);
}

/** Connect, ask `DLE EOT 1`, read the answer, hang up: the least a print job costs on this printer. */
async function statusRoundTrip(port: number): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(Buffer.from([0x10, 0x04, 0x01])));
    s.once('data', () => {
      s.end();
      resolve();
    });
    s.once('error', reject);
  });
  return performance.now() - t0;
}

export async function runPrintingBench(): Promise<Record<string, number>> {
  let emu: PrinterEmulator | null = null;
  let hall: TestHall | null = null;
  let proxy: Awaited<ReturnType<typeof tap>> | null = null;
  try {
    emu = await startPrinterEmulator({ port: 0 });
    proxy = await tap(emu.port);
    hall = await startTestHall();
    pointKioskPrinterAt(hall, `tcp://127.0.0.1:${proxy.port}`);
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);

    const toFirstByte: number[] = [];
    const toPrinted: number[] = [];
    const toTaken: number[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const before = proxy.firstBytes.length;
      const t0 = performance.now();
      const take = await kiosk.timeout(10_000).emitWithAck('ticket:take', { requestId: rid(), serviceIds: ['svc-sscard'] });
      if (!take.ok) throw new Error(`take refused: ${JSON.stringify(take.error)}`);
      toTaken.push(performance.now() - t0);
      const print = await kiosk.timeout(10_000).emitWithAck('ticket:print', { requestId: rid(), ticketId: take.ticket.id });
      if (!print.ok || !print.result.ok) throw new Error(`print failed: ${JSON.stringify(print)}`);
      toPrinted.push(performance.now() - t0);
      if (proxy.firstBytes.length === before) throw new Error('the printer confirmed a ticket it never received');
      toFirstByte.push(proxy.firstBytes[before]! - t0);
    }
    await emu.waitForPages(TICKETS, 10_000);

    const floor: number[] = [];
    for (let i = 0; i < TICKETS; i++) floor.push(await statusRoundTrip(proxy.port));
    return {
      printTickets: TICKETS,
      tapToFirstPrinterByteP50Ms: percentile(toFirstByte, 50),
      tapToFirstPrinterByteP95Ms: percentile(toFirstByte, 95),
      tapToFirstPrinterByteBudgetP95Ms: TAP_TO_PRINTER_BUDGET_P95_MS,
      tapToTakeAckP50Ms: percentile(toTaken, 50),
      tapToTakeAckP95Ms: percentile(toTaken, 95),
      tapToPrintedP50Ms: percentile(toPrinted, 50),
      tapToPrintedP95Ms: percentile(toPrinted, 95),
      emulatorStatusRoundTripP50Ms: percentile(floor, 50),
      emulatorStatusRoundTripP95Ms: percentile(floor, 95),
    };
  } finally {
    await hall?.stop();
    await proxy?.close();
    await emu?.close();
  }
}

runAlone(import.meta.url, runPrintingBench);
