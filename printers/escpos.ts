/**
 * Renders a ticket layout to printer bytes. node-thermal-printer supplies the layout and control
 * commands of each command set (align, bold, size, cut); three things it gets wrong for Chinese
 * tickets are done here instead:
 *  - Chinese text: encoded as GB18030 by us and appended as bytes, after `ESC @` + `FS &` (EPSON), so
 *    the library never hops code pages (its `CHINA` set is `ESC R 15`, not Chinese mode);
 *  - QR: built by `qrCommand` with the byte length (the library counts UTF-16 units);
 *  - widths: the layout already wrapped text by printer columns, not by `.length`.
 */
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { LayoutOp, TicketLayout } from './layout';
import { qrCommand } from './qr-command';
import { encodeText } from './text';
import type { PrinterType } from '../protocol/print';

const INIT = Buffer.from([0x1b, 0x40]);
/** FS &: enter Chinese (double-byte) character mode on Chinese-market ESC/POS printers. */
const CHINESE_MODE_ON = Buffer.from([0x1c, 0x26]);

/** Star Line Mode `ESC i n1 n2`: character expansion (n = multiplier − 1, 0–5). */
function starSize(scale: number): Buffer {
  const n = Math.min(5, Math.max(0, scale - 1));
  return Buffer.from([0x1b, 0x69, n, n]);
}

function createPrinter(type: PrinterType, columns: number): ThermalPrinter {
  // No interface: this instance only builds bytes; the transports in this module send them.
  return new ThermalPrinter({
    type: type === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: '',
    width: columns,
  });
}

function setScale(p: ThermalPrinter, type: PrinterType, scale: number): void {
  if (type === 'star') p.add(starSize(scale));
  else p.setTextSize(Math.min(7, scale - 1), Math.min(7, scale - 1)); // GS ! n, equal width and height
}

function renderOp(p: ThermalPrinter, type: PrinterType, layout: TicketLayout, op: LayoutOp): void {
  switch (op.op) {
    case 'text': {
      if (op.align === 'center') p.alignCenter();
      else if (op.align === 'right') p.alignRight();
      else p.alignLeft();
      if (op.bold) p.bold(true);
      if (op.scale !== 1) setScale(p, type, op.scale);
      p.add(encodeText(op.text));
      p.newLine();
      if (op.scale !== 1) setScale(p, type, 1);
      if (op.bold) p.bold(false);
      return;
    }
    case 'rule':
      p.alignLeft();
      p.add(Buffer.from('-'.repeat(layout.columns), 'ascii'));
      p.newLine();
      return;
    case 'qr':
      p.alignCenter();
      p.add(qrCommand(type, op.payload, { cellSize: op.cellSize, correction: op.correction }));
      p.newLine();
      return;
    case 'feed':
      for (let i = 0; i < op.lines; i++) p.newLine();
      return;
    case 'cut':
      // Feed is an explicit layout op, so no vertical tabs here (VT means something else on Star).
      p.partialCut({ verticalTabAmount: 0 });
      return;
  }
}

/** The bytes of one ticket for one command set, from `ESC @` to the cut. */
export function renderEscPos(layout: TicketLayout, type: PrinterType): Buffer {
  const p = createPrinter(type, layout.columns);
  p.add(type === 'star' ? INIT : Buffer.concat([INIT, CHINESE_MODE_ON]));
  for (const op of layout.ops) renderOp(p, type, layout, op);
  return Buffer.from(p.getBuffer());
}
