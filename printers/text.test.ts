import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charColumns, encodeText, REPLACEMENT, sanitizeText, textColumns, wrapText } from './text';

describe('sanitizeText', () => {
  it('replaces a character outside GBK one for one, leaving the rest of the line intact', () => {
    const s = sanitizeText('张𠀀明请到5号窗口');
    expect(s).toBe(`张${REPLACEMENT}明请到5号窗口`);
    expect(iconv.decode(encodeText(s), 'gb18030')).toBe(s);
  });

  it('keeps rare characters that GBK holds (鎔 喆 堃 镕) and replaces Ext-A 㐀 on a GBK printer', () => {
    expect(sanitizeText('鎔喆堃镕㐀')).toBe(`鎔喆堃镕${REPLACEMENT}`);
  });

  it('keeps four-byte Han characters only when the printer has a full GB18030 font', () => {
    expect(sanitizeText('𠀀㐀', 'gb18030')).toBe('𠀀㐀');
    expect(encodeText('𠀀').length).toBe(4);
  });

  it('never lets text carry a printer command (ESC, GS, DLE become spaces)', () => {
    const s = sanitizeText('王\x1b@\x1dV\x01五\x10\x04\x01');
    expect(s).toBe('王 @ V 五   ');
    expect([...encodeText(s)].some((b) => b < 0x20)).toBe(false);
  });

  it('replaces emoji and private-use characters, drops zero-width ones', () => {
    expect(sanitizeText('办😀事\ue000\u200b好')).toBe(`办${REPLACEMENT}事${REPLACEMENT}好`);
  });
});

describe('columns', () => {
  it('counts ASCII as one column and every GB multi-byte character as two', () => {
    expect(textColumns('A023')).toBe(4);
    expect(textColumns('请到5号窗口')).toBe(11);
    expect(charColumns('·')).toBe(2);
    expect(charColumns('：')).toBe(2);
  });
});

describe('wrapText', () => {
  const long = '营业执照设立登记、公章刻制备案、申领发票、社保登记、公积金缴存登记、银行开户预约';

  it.each([32, 48, 16, 24])('never exceeds %i columns', (cols) => {
    for (const line of wrapText(long, cols)) expect(textColumns(line)).toBeLessThanOrEqual(cols);
    expect(wrapText(long, cols).join('')).toBe(long);
  });

  it('does not start a line with closing punctuation', () => {
    // 15 characters fill 30 columns; the 16th is '、' and must not start line 2.
    const text = `${'办'.repeat(15)}、事`;
    const lines = wrapText(text, 30);
    expect(lines[1]!.startsWith('、')).toBe(false);
    expect(lines.join('')).toBe(text);
  });

  it('keeps an ASCII word whole when it fits a line', () => {
    const lines = wrapText('请访问 hall.example.gov.cn 查询', 20);
    expect(lines.some((l) => l.includes('hall.example.gov.cn'))).toBe(true);
  });

  it('cuts a word longer than a line', () => {
    const lines = wrapText('x'.repeat(50), 32);
    expect(lines.map((l) => l.length)).toEqual([32, 18]);
  });
});

describe('wrapText orphans', () => {
  it('does not leave one Chinese character alone on the last line', () => {
    const lines = wrapText('营业执照设立登记、公章刻制备案、申领发票', 38);
    expect(lines).toEqual(['营业执照设立登记、公章刻制备案、申领', '发票']);
  });
});
