import type { Device } from '../../protocol/catalog';
import { createTicketPrinter, PrinterConfigError, type PrinterStatus, type TicketPrintData } from '../../printers';
import { networkPrinterOf } from '../printing/print-service';

/** A kiosk printer as the console shows it after a check or a test print. */
export interface PrinterCheck {
  /** The hall server could talk to the printer. */
  reachable: boolean;
  /** For a test print: it printed. */
  printed?: boolean;
  status: PrinterStatus | null;
  /** Chinese, for the console. */
  message: string;
}

/**
 * The seam to the printing engineer's side: status and a test print for a kiosk's printer. A printer
 * attached to the kiosk itself is reached only by the kiosk's shell (it reports through `server/printing/`
 * once that exists); the default port answers for network printers the hall server prints to itself.
 */
export interface PrinterPort {
  status(device: Device): Promise<PrinterCheck>;
  testPrint(device: Device, hallName: string, at: number): Promise<PrinterCheck>;
}

const ATTACHED: PrinterCheck = { reachable: false, status: null, message: '打印机连接在取号机本机，请在取号机上自检' };

/** The kiosk's network printer, as the print service would drive it; null for an attached or non-TCP printer. */
function printerFor(device: Device) {
  const config = networkPrinterOf(device, 3000);
  return config ? createTicketPrinter(config) : null;
}

function describe(status: PrinterStatus): string {
  if (!status.online) return '打印机未连接';
  if (status.coverOpen) return '打印机盖未关好';
  if (status.paper === 'out') return '打印机缺纸';
  if (status.error) return `打印机故障：${status.error}`;
  if (status.paper === 'near-end') return '纸将用完';
  return '正常';
}

/** The default port: network printers through `printers/`. */
export function createNetworkPrinterPort(): PrinterPort {
  return {
    async status(device) {
      if (!device.printer) return { reachable: false, status: null, message: '该设备未配置打印机' };
      if (device.printer.attached) return ATTACHED;
      const printer = printerFor(device);
      if (!printer) return { reachable: false, status: null, message: '只能检查网络打印机（tcp://地址:端口）' };
      try {
        const status = await printer.status();
        return { reachable: status.online, status, message: describe(status) };
      } catch (err) {
        if (err instanceof PrinterConfigError) return { reachable: false, status: null, message: '打印机地址格式不正确' };
        throw err;
      }
    },
    async testPrint(device, hallName, at) {
      if (!device.printer) return { reachable: false, status: null, message: '该设备未配置打印机' };
      if (device.printer.attached) return ATTACHED;
      const ticket: TicketPrintData = {
        hallName,
        number: 'T000',
        groupName: '测试',
        serviceNames: ['打印测试'],
        ahead: 0,
        estimatedWaitMinutes: 0,
        takenAt: new Date(at).toISOString(),
        statusUrl: 'http://127.0.0.1/t/test',
        materials: [`设备：${device.name}`],
        footer: '此为测试号票，无效',
      };
      const printer = printerFor(device);
      if (!printer) return { reachable: false, printed: false, status: null, message: '只能测试网络打印机（tcp://地址:端口）' };
      try {
        const r = await printer.print(ticket);
        if (r.ok) return { reachable: true, printed: true, status: r.status, message: r.warning === 'PAPER_NEAR_END' ? '已打印，纸将用完' : '已打印测试号票' };
        return { reachable: r.code !== 'PRINTER_OFFLINE', printed: false, status: r.status, message: r.message };
      } catch (err) {
        if (err instanceof PrinterConfigError) return { reachable: false, printed: false, status: null, message: '打印机地址格式不正确' };
        throw err;
      }
    },
  };
}
