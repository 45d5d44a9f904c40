import type { Device } from '../../protocol/catalog';
import { ERROR_CODES } from '../../protocol/errors';
import type { PrinterStatus, TicketPrintData } from '../../protocol/print';
import { PrinterConfigError } from '../../printers/ticket-printer';
import type { PrintService } from '../printing/print-service';

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
 * Status and a test print for a kiosk's printer, as the console asks for them. A printer attached to the
 * kiosk itself is reached only by the kiosk's shell; the default port reaches network printers through
 * the hall's print service, so a test print waits its turn behind a ticket (one busy guard per printer).
 */
export interface PrinterPort {
  status(device: Device): Promise<PrinterCheck>;
  testPrint(device: Device, hallName: string, at: number): Promise<PrinterCheck>;
}

const ATTACHED: PrinterCheck = { reachable: false, status: null, message: '打印机连接在取号机本机，请在取号机上自检' };
const NONE: PrinterCheck = { reachable: false, status: null, message: '该设备未配置打印机' };
const BAD_URI: PrinterCheck = { reachable: false, status: null, message: '打印机地址格式不正确' };
const NOT_NETWORK = '只能检查网络打印机（tcp://地址:端口）';

function describe(status: PrinterStatus): string {
  if (!status.online) return ERROR_CODES.PRINTER_OFFLINE;
  if (status.coverOpen) return ERROR_CODES.PRINTER_COVER_OPEN;
  if (status.paper === 'out') return ERROR_CODES.PRINTER_NO_PAPER;
  if (status.error) return `${ERROR_CODES.PRINTER_ERROR}：${status.error}`;
  if (status.paper === 'near-end') return '纸将用完';
  return '正常';
}

/** The test ticket: marked as such, naming the device. */
function testTicket(device: Device, hallName: string, at: number): TicketPrintData {
  return {
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
}

/** A printer URI the printer module cannot use is the admin's to fix, not an error of the server. */
async function configChecked(job: () => Promise<PrinterCheck>, printed?: false): Promise<PrinterCheck> {
  try {
    return await job();
  } catch (err) {
    if (err instanceof PrinterConfigError) return printed === false ? { ...BAD_URI, printed } : BAD_URI;
    throw err;
  }
}

/** The default port: network printers through the hall's print service. */
export function createNetworkPrinterPort(printing: PrintService): PrinterPort {
  return {
    async status(device) {
      if (!device.printer) return NONE;
      if (device.printer.attached) return ATTACHED;
      return configChecked(async () => {
        const r = await printing.check(device.id);
        if (!r.ok) return { reachable: r.error.code === 'PRINT_IN_PROGRESS', status: null, message: r.error.code === 'PRINTER_NOT_CONFIGURED' ? NOT_NETWORK : r.error.message };
        return { reachable: r.result.online, status: r.result, message: describe(r.result) };
      });
    },
    async testPrint(device, hallName, at) {
      if (!device.printer) return NONE;
      if (device.printer.attached) return ATTACHED;
      return configChecked(async () => {
        const r = await printing.testPrint(device.id, testTicket(device, hallName, at));
        if (!r.ok) {
          const message = r.error.code === 'PRINTER_NOT_CONFIGURED' ? '只能测试网络打印机（tcp://地址:端口）' : r.error.message;
          return { reachable: r.error.code === 'PRINT_IN_PROGRESS', printed: false, status: null, message };
        }
        const p = r.result;
        if (p.ok) return { reachable: true, printed: true, status: p.status, message: p.warning === 'PAPER_NEAR_END' ? '已打印，纸将用完' : '已打印测试号票' };
        return { reachable: p.code !== 'PRINTER_OFFLINE', printed: false, status: p.status, message: p.message };
      }, false);
    },
  };
}
