/**
 * A PNG of a ticket layout, drawn the way the printer draws it: one pixel per printer dot (203 dpi),
 * 12 × 24-dot cells for ASCII and 24 × 24 for Chinese, text centred by dots as `ESC a 1` does, the
 * QR code module by module. The font is Noto Sans SC (Noto Sans Hans) from the npm package
 * @embedpdf/fonts-sc, so the preview reads the same on any machine, fonts installed or not.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import { layoutTicket, type LayoutOp, type TicketLayout } from './layout';
import { charColumns } from './text';
import type { PrinterCharset, TicketPrintData } from '../protocol/print';

const FAMILY = 'YichuangTicketSans';
const CELL_W = 12; // dots per column, font A
const CELL_H = 24;
const LINE_GAP = 6; // ESC 2 default line spacing is 30 dots for a 24-dot font
const MARGIN = 16;

// Registering a font is process-wide in Skia; once is enough.
let fontsReady = false;
function ensureFonts(): void {
  if (fontsReady) return;
  const pkg = dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc'));
  for (const file of ['NotoSansHans-Regular.otf', 'NotoSansHans-Bold.otf']) {
    if (!GlobalFonts.registerFromPath(join(pkg, '..', 'fonts', file), FAMILY)) throw new Error(`cannot load preview font ${file}`);
  }
  fontsReady = true;
}

function qrModules(op: Extract<LayoutOp, { op: 'qr' }>): { size: number; dark: (r: number, c: number) => boolean } {
  const qr = QRCode.create(op.payload, { errorCorrectionLevel: op.correction });
  return { size: qr.modules.size, dark: (r, c) => qr.modules.get(r, c) === 1 };
}

function opHeight(op: LayoutOp): number {
  switch (op.op) {
    case 'text':
      return CELL_H * op.scale + LINE_GAP;
    case 'rule':
      return CELL_H + LINE_GAP;
    case 'qr':
      // The QR is followed by a line feed in the printer bytes.
      return qrModules(op).size * op.cellSize + CELL_H + LINE_GAP;
    case 'feed':
      return op.lines * (CELL_H + LINE_GAP);
    case 'cut':
      return 0;
  }
}

function drawText(ctx: SKRSContext2D, layout: TicketLayout, text: string, align: string, bold: boolean, scale: number, top: number): void {
  const cw = CELL_W * scale;
  const h = CELL_H * scale;
  let cols = 0;
  for (const ch of text) cols += charColumns(ch);
  const width = cols * cw;
  let x = MARGIN + (align === 'center' ? Math.floor((layout.dotsPerLine - width) / 2) : align === 'right' ? layout.dotsPerLine - width : 0);
  ctx.font = `${bold ? 'bold ' : ''}${Math.round(h * 0.92)}px ${FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  for (const ch of text) {
    const w = charColumns(ch) * cw;
    if (ch !== ' ') ctx.fillText(ch, x + w / 2, top + h * 0.84);
    x += w;
  }
}

/** Draws a laid-out ticket to PNG bytes. */
export function renderPreviewPng(layout: TicketLayout): Buffer {
  ensureFonts();
  const height = layout.ops.reduce((sum, op) => sum + opHeight(op), 0) + 2 * MARGIN;
  const canvas = createCanvas(layout.dotsPerLine + 2 * MARGIN, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000000';
  let top = MARGIN;
  for (const op of layout.ops) {
    if (op.op === 'text') drawText(ctx, layout, op.text, op.align, op.bold, op.scale, top);
    else if (op.op === 'rule') drawText(ctx, layout, '-'.repeat(layout.columns), 'left', false, 1, top);
    else if (op.op === 'qr') {
      const { size, dark } = qrModules(op);
      const x0 = MARGIN + Math.floor((layout.dotsPerLine - size * op.cellSize) / 2);
      for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (dark(r, c)) ctx.fillRect(x0 + c * op.cellSize, top + r * op.cellSize, op.cellSize, op.cellSize);
    } else if (op.op === 'cut') {
      // Where the cutter cuts: a dashed line across the paper.
      ctx.fillStyle = '#999999';
      for (let x = 0; x < canvas.width; x += 12) ctx.fillRect(x, canvas.height - 2, 6, 2);
      ctx.fillStyle = '#000000';
    }
    top += opHeight(op);
  }
  return canvas.toBuffer('image/png');
}

/** Lays out and draws a ticket for one paper width. */
export function previewTicketPng(data: TicketPrintData, options: { paperWidthMm: 58 | 80; charset?: PrinterCharset; timeZone?: string }): Buffer {
  return renderPreviewPng(layoutTicket(data, options));
}
