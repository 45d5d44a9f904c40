/**
 * The printer's own QR commands, built here because node-thermal-printer's `printQR` writes the
 * payload's UTF-16 length where the printer expects its byte length (a non-ASCII payload then
 * swallows the following bytes as QR data, or leaves bytes over that print as text).
 */
import type { PrinterType } from '../protocol/print';

/** QR options shared by both command sets. */
export interface QrOptions {
  /** Module size in dots, 1–8 (16 on some printers; we stay within what every model takes). */
  cellSize: number;
  correction: 'L' | 'M' | 'Q' | 'H';
}

/** The most a QR symbol holds, in bytes (version 40, level L). */
export const QR_MAX_BYTES = 7089;

const EC = { L: 0, M: 1, Q: 2, H: 3 } as const;

/** ESC/POS `GS ( k`: model 2, module size, error correction, store (pL pH = bytes + 3), print. */
function epsonQr(data: Buffer, o: QrOptions): Buffer {
  const gsk = (...body: number[]) => Buffer.from([0x1d, 0x28, 0x6b, body.length & 0xff, body.length >> 8, ...body]);
  const storeLen = data.length + 3;
  return Buffer.concat([
    gsk(0x31, 0x41, 0x32, 0x00),
    gsk(0x31, 0x43, o.cellSize),
    gsk(0x31, 0x45, 0x30 + EC[o.correction]),
    Buffer.from([0x1d, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30]),
    data,
    gsk(0x31, 0x51, 0x30),
  ]);
}

/** Star Line Mode `ESC GS y`: model 2, correction, cell size, auto-set data (nL nH = bytes), print. */
function starQr(data: Buffer, o: QrOptions): Buffer {
  const escGsY = (...rest: number[]) => Buffer.from([0x1b, 0x1d, 0x79, ...rest]);
  return Buffer.concat([
    escGsY(0x53, 0x30, 0x02),
    escGsY(0x53, 0x31, EC[o.correction]),
    escGsY(0x53, 0x32, o.cellSize),
    escGsY(0x44, 0x31, 0x00, data.length & 0xff, data.length >> 8),
    data,
    escGsY(0x50),
  ]);
}

/** The bytes that make the printer draw a QR code of `payload` (UTF-8 when given a string). */
export function qrCommand(type: PrinterType, payload: string | Buffer, options: QrOptions): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  if (data.length === 0 || data.length > QR_MAX_BYTES) throw new RangeError(`QR payload must be 1–${QR_MAX_BYTES} bytes`);
  if (!Number.isInteger(options.cellSize) || options.cellSize < 1 || options.cellSize > 8) {
    throw new RangeError('QR cell size must be 1–8');
  }
  return type === 'star' ? starQr(data, options) : epsonQr(data, options);
}
