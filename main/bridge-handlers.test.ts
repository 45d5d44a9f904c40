import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../protocol/bridge';
import type { PrinterStatus, PrintResult, TicketPrintData } from '../protocol/print';
import { type BridgeDeps, type LocalPrinter, createBridgeHandlers, isTrustedSender } from './bridge-handlers';
import { IPC } from './ipc-channels';
import type { IpcSender } from './ports';

const origin = 'http://10.0.0.5:8080';
const kioskPage: IpcSender = { url: 'http://10.0.0.5:8080/kiosk', isMainFrame: true };

const ticket: TicketPrintData = {
  hallName: '某某区政务服务中心',
  number: 'A023',
  groupName: '个人综合',
  serviceNames: ['居民身份证换领'],
  ahead: 5,
  estimatedWaitMinutes: 15,
  takenAt: '2025-03-03T09:12:00+08:00',
  statusUrl: 'http://10.0.0.5:8080/t/abc123',
  materials: ['居民身份证原件'],
};

const status: PrinterStatus = { online: true, paper: 'ok', coverOpen: false, error: null, checkedAt: '2025-03-03T01:12:00.000Z' };

/** A printer that records jobs and answers what the test says. */
class FakePrinter implements LocalPrinter {
  jobs: TicketPrintData[] = [];
  release: (() => void) | null = null;
  constructor(private readonly answer: () => Promise<PrintResult> = async () => ({ ok: true, status })) {}
  async print(data: TicketPrintData): Promise<PrintResult> {
    this.jobs.push(data);
    return this.answer();
  }
  async status(): Promise<PrinterStatus> {
    return status;
  }
}

const info: DeviceInfo = { role: 'kiosk', window: null, server: origin, label: '取号机', hasPrinter: true, hostname: 'kiosk-1', shellVersion: '0.1.0', platform: 'linux' };

function handlers(overrides: Partial<BridgeDeps> = {}) {
  const log: string[] = [];
  const printer = new FakePrinter();
  const h = createBridgeHandlers({ origin, deviceInfo: info, deviceToken: 'kiosk-token-1', printer, log: (e) => log.push(e), ...overrides });
  return { h, printer, log };
}

describe('isTrustedSender', () => {
  it.each([
    [{ url: 'http://10.0.0.5:8080/kiosk', isMainFrame: true }, true],
    [{ url: 'http://10.0.0.5:8080/kiosk', isMainFrame: false }, false],
    [{ url: 'http://10.0.0.6:8080/kiosk', isMainFrame: true }, false],
    [{ url: 'data:text/html,offline', isMainFrame: true }, false],
    [{ url: 'file:///tmp/x.html', isMainFrame: true }, false],
    [{ url: null, isMainFrame: true }, false],
  ])('%j → %s', (sender, trusted) => {
    expect(isTrustedSender(sender, origin)).toBe(trusted);
  });
});

describe('bridge handlers', () => {
  it('refuses every channel to a page off the hall server origin, and logs it', async () => {
    const { h, printer, log } = handlers();
    const stranger: IpcSender = { url: 'https://evil.example/', isMainFrame: true };
    for (const channel of Object.values(IPC)) {
      await expect(h[channel](stranger, [ticket])).rejects.toThrow('FORBIDDEN');
    }
    expect(printer.jobs).toEqual([]);
    expect(log).toEqual(['ipc-refused', 'ipc-refused', 'ipc-refused', 'ipc-refused']);
  });

  it('refuses an iframe on the right origin', async () => {
    const { h } = handlers();
    await expect(h[IPC.getDeviceToken]({ url: 'http://10.0.0.5:8080/kiosk', isMainFrame: false }, [])).rejects.toThrow('FORBIDDEN');
  });

  it('hands the device token and the device info to the hall server page', async () => {
    const { h } = handlers();
    expect(await h[IPC.getDeviceToken](kioskPage, [])).toBe('kiosk-token-1');
    expect(await h[IPC.getDeviceInfo](kioskPage, [])).toEqual(info);
  });

  it('prints a valid ticket on the local printer', async () => {
    const { h, printer } = handlers();
    expect(await h[IPC.printTicket](kioskPage, [ticket])).toEqual({ ok: true, status });
    expect(printer.jobs).toEqual([ticket]);
  });

  it('refuses ticket data that does not validate, and prints nothing', async () => {
    const { h, printer } = handlers();
    const result = await h[IPC.printTicket](kioskPage, [{ ...ticket, number: 'A 023; rm -rf' }]);
    expect(result).toMatchObject({ ok: false, code: 'PRINT_BAD_DATA', printed: 'no' });
    expect(await h[IPC.printTicket](kioskPage, [ticket, { requestId: 42 }])).toMatchObject({ ok: false, code: 'PRINT_BAD_DATA' });
    expect(printer.jobs).toEqual([]);
  });

  it('says so when this machine has no printer', async () => {
    const { h } = handlers({ printer: null });
    expect(await h[IPC.printTicket](kioskPage, [ticket])).toEqual({ ok: false, code: 'PRINTER_NOT_CONFIGURED', message: '本机未配置打印机', printed: 'no', status: null });
    expect(await h[IPC.printerStatus](kioskPage, [])).toBeNull();
  });

  it('prints once for a repeated request id, even while the first job is still running', async () => {
    let finish: (r: PrintResult) => void = () => {};
    const gate = new Promise<PrintResult>((resolve) => (finish = resolve));
    const printer = new FakePrinter(() => gate);
    const { h } = handlers({ printer });
    const first = h[IPC.printTicket](kioskPage, [ticket, { requestId: 'ticket-1' }]);
    const second = h[IPC.printTicket](kioskPage, [ticket, { requestId: 'ticket-1' }]);
    await new Promise((r) => setImmediate(r));
    finish({ ok: true, status });
    expect(await first).toEqual({ ok: true, status });
    expect(await second).toEqual({ ok: true, status });
    expect(await h[IPC.printTicket](kioskPage, [ticket, { requestId: 'ticket-1' }])).toEqual({ ok: true, status });
    expect(printer.jobs).toHaveLength(1);
    await h[IPC.printTicket](kioskPage, [ticket, { requestId: 'ticket-1:reprint-1' }]);
    expect(printer.jobs).toHaveLength(2);
  });

  it('passes a printer failure through as a result, never as a rejection', async () => {
    const failed: PrintResult = { ok: false, code: 'PRINTER_NO_PAPER', message: '打印机缺纸', printed: 'no', status: { ...status, paper: 'out' } };
    const { h } = handlers({ printer: new FakePrinter(async () => failed) });
    expect(await h[IPC.printTicket](kioskPage, [ticket])).toEqual(failed);
  });

  it('keeps a throwing printer exception away from the page', async () => {
    const { h } = handlers({
      printer: {
        print: async () => {
          throw new Error('EHOSTUNREACH 192.168.1.50:9100 at Socket.connect');
        },
        status: async () => {
          throw new Error('boom at /opt/x.js:1');
        },
      },
    });
    const result = await h[IPC.printTicket](kioskPage, [ticket]);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_ERROR', printed: 'unknown' });
    expect(JSON.stringify(result)).not.toContain('EHOSTUNREACH');
    const st = await h[IPC.printerStatus](kioskPage, []);
    expect(st).toMatchObject({ online: false });
    expect(JSON.stringify(st)).not.toContain('boom');
  });

  it('reports the printer status', async () => {
    const { h } = handlers();
    expect(await h[IPC.printerStatus](kioskPage, [])).toEqual(status);
  });
});
