import jsQR from 'jsqr';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { tokenize } from './emulator/tokenizer';
import { qrCommand } from './qr-command';

/** Draws QR modules into an RGBA image and reads it back, as a phone would. */
function scan(payload: Buffer): string | null {
  const qr = QRCode.create([{ data: new Uint8ClampedArray(payload), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const scale = 4;
  const quiet = 4;
  const n = (qr.modules.size + 2 * quiet) * scale;
  const rgba = new Uint8ClampedArray(n * n * 4).fill(255);
  for (let r = 0; r < qr.modules.size; r++) {
    for (let c = 0; c < qr.modules.size; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((r + quiet) * scale + dy) * n + (c + quiet) * scale + dx) * 4;
          rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
      }
    }
  }
  return jsQR(rgba, n, n)?.data ?? null;
}

const stored = (bytes: Buffer, type: 'epson' | 'star') => {
  const { tokens } = tokenize(bytes, type, { strict: true, final: true });
  return tokens.flatMap((t) => (t.t === 'qrStore' ? [t.data] : []));
};

describe('qrCommand', () => {
  const url = 'https://hall.example.gov.cn/t/3f9c2a71';
  const chinese = 'https://hall.example.gov.cn/查询?号=A023';

  it.each(['epson', 'star'] as const)('stores the exact payload bytes for %s, non-ASCII included', (type) => {
    for (const payload of [url, chinese]) {
      const data = stored(qrCommand(type, payload, { cellSize: 6, correction: 'M' }), type);
      expect(data).toHaveLength(1);
      expect(data[0]!.equals(Buffer.from(payload, 'utf8'))).toBe(true);
    }
  });

  it('writes pL pH as the byte count plus 3 in GS ( k store', () => {
    const bytes = qrCommand('epson', chinese, { cellSize: 6, correction: 'M' });
    const at = bytes.indexOf(Buffer.from([0x31, 0x50, 0x30])) - 2;
    expect(bytes[at]! + 256 * bytes[at + 1]!).toBe(Buffer.byteLength(chinese) + 3);
  });

  it('sets model 2, the cell size and the correction level', () => {
    const { tokens } = tokenize(qrCommand('epson', url, { cellSize: 7, correction: 'Q' }), 'epson', { strict: true, final: true });
    expect(tokens.filter((t) => t.t === 'qrParam').map((t) => (t.t === 'qrParam' ? [t.name, t.value] : null))).toEqual([
      ['model', 2],
      ['cell', 7],
      ['ec', 2],
    ]);
  });

  it('round-trips the stored bytes through a QR symbol and a scanner', () => {
    const data = stored(qrCommand('epson', chinese, { cellSize: 6, correction: 'M' }), 'epson')[0]!;
    expect(scan(data)).toBe(chinese);
  });

  it('refuses an empty or oversized payload and a cell size the printer does not take', () => {
    expect(() => qrCommand('epson', '', { cellSize: 6, correction: 'M' })).toThrow(RangeError);
    expect(() => qrCommand('epson', 'x'.repeat(7090), { cellSize: 6, correction: 'M' })).toThrow(RangeError);
    expect(() => qrCommand('epson', url, { cellSize: 9, correction: 'M' })).toThrow(RangeError);
  });

  it("differs from node-thermal-printer's printQR, which counts UTF-16 units instead of bytes", () => {
    const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '' });
    p.printQR(chinese, { cellSize: 6, correction: 'M', model: 2 });
    const lib = p.getBuffer();
    const at = lib.indexOf(Buffer.from([0x31, 0x50, 0x30])) - 2;
    expect(lib[at]! + 256 * lib[at + 1]!).toBe(chinese.length + 3);
    expect(chinese.length).not.toBe(Buffer.byteLength(chinese));
  });
});
