import iconv from 'iconv-lite';
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { describe, expect, it } from 'vitest';
import { DEMO_TICKET } from './demo-ticket';
import { PageBuilder, pageQrPayloads, pageText, type PrintedPage } from './emulator/page-builder';
import { tokenize } from './emulator/tokenizer';
import { renderEscPos } from './escpos';
import { layoutTicket } from './layout';
import { textColumns } from './text';
import type { PrinterType } from '../protocol/print';

function printOffline(bytes: Buffer, type: PrinterType): PrintedPage[] {
  const { tokens } = tokenize(bytes, type, { strict: true, final: true });
  const b = new PageBuilder();
  return tokens.flatMap((t) => b.apply(t) ?? []);
}

const render = (type: PrinterType, paperWidthMm: 58 | 80, data = DEMO_TICKET) => renderEscPos(layoutTicket(data, { paperWidthMm }), type);

describe('renderEscPos', () => {
  it('starts an EPSON ticket with ESC @ and FS & and never selects a code page', () => {
    const bytes = render('epson', 80);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1b, 0x40, 0x1c, 0x26]);
    const { tokens } = tokenize(bytes, 'epson', { strict: true, final: true });
    expect(tokens.filter((t) => t.t === 'other' && (t.name === 'codepage' || t.name === 'intl'))).toEqual([]);
  });

  it.each(['epson', 'star'] as const)('prints the demo ticket as one %s page whose Chinese text, number and QR decode', (type) => {
    const pages = printOffline(render(type, 80), type);
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.cut).toBe('partial');
    expect(page.unknownBytes).toBe(0);
    const text = pageText(page);
    expect(text).toContain('某某区政务服务中心');
    expect(text).toContain('一件事：企业开办一件事');
    expect(text).toContain('前面等候：12 人');
    expect(text).toContain('取号时间：2026-11-28 09:31');
    const number = page.items.find((i) => i.kind === 'text' && i.text === 'A023');
    expect(number).toMatchObject({ align: 'center', bold: true, width: 5, height: 5 });
    expect(pageQrPayloads(page)).toEqual([DEMO_TICKET.statusUrl]);
  });

  it.each([
    [58, 32],
    [80, 48],
  ] as const)('fits every printed line of a %i mm ticket into %i columns at its size', (mm, cols) => {
    const page = printOffline(render('epson', mm, { ...DEMO_TICKET, serviceNames: ['不动产登记（转移登记）', '税费缴纳', '水电气网联动过户'] }), 'epson')[0]!;
    for (const item of page.items) if (item.kind === 'text') expect(textColumns(item.text) * item.width).toBeLessThanOrEqual(cols);
  });

  it('prints a rare character as □ and the rest of the line unchanged', () => {
    const data = { ...DEMO_TICKET, hallName: '𠀀鎔某某区政务服务中心', materials: ['申请人王𠀀明的身份证'] };
    const text = pageText(printOffline(render('epson', 58, data), 'epson')[0]!);
    expect(text).toContain('□鎔某某区政务服务中心');
    expect(text).toContain('1.申请人王□明的身份证');
  });
});

describe("node-thermal-printer's own Chinese path (the trap we avoid)", () => {
  it('hops to another code page after a rare character and garbles what follows', () => {
    const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '', characterSet: CharacterSet.CHINA });
    p.print('请到𠀀鎔喆号窗口');
    const bytes = p.getBuffer();
    expect(iconv.decode(bytes.subarray(3), 'gb18030')).not.toContain('喆号窗口');
    // Ours: one replacement, the rest intact.
    const ours = pageText(printOffline(render('epson', 80, { ...DEMO_TICKET, hallName: '请到𠀀鎔喆号窗口' }), 'epson')[0]!);
    expect(ours).toContain('请到□鎔喆号窗口');
  });

  it('sends ESC R 15 for CHINA, which is not Chinese character mode', () => {
    const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '', characterSet: CharacterSet.CHINA });
    expect([...p.getBuffer()]).toEqual([0x1b, 0x52, 0x0f]);
  });
});

