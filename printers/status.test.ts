import { describe, expect, it } from 'vitest';
import { answerEnd, parseEpsonPaperSensor, parseEpsonStatus, parseStarStatus, starAsbLength } from './status';

const at = '2026-11-28T01:31:00.000Z';

describe('EPSON status', () => {
  it.each([
    [[0x16, 0x12, 0x12], { online: true, paper: 'ok', coverOpen: false, error: null }],
    [[0x16, 0x12, 0x1e], { online: true, paper: 'near-end' }],
    [[0x1e, 0x32, 0x7e], { online: false, paper: 'out' }],
    [[0x1e, 0x16, 0x12], { online: false, coverOpen: true }],
    [[0x1e, 0x52, 0x12], { online: false, error: '打印机报告故障' }],
    [[0x1e, 0x12, 0x12], { online: false, paper: 'ok', coverOpen: false, error: null }],
  ])('reads DLE EOT answers %o as %o', (bytes, expected) => {
    expect(parseEpsonStatus(Buffer.from(bytes), at)).toMatchObject({ ...expected, checkedAt: at });
  });

  it('reads the GS r 1 paper sensor byte (0x03 near end, 0x0C paper end)', () => {
    expect([0x00, 0x03, 0x0c, 0x0f].map(parseEpsonPaperSensor)).toEqual(['ok', 'near-end', 'out', 'out']);
  });

  it('finds the GS r 1 answer behind late DLE EOT answers', () => {
    expect(answerEnd('epson', Buffer.from([0x12, 0x16]), true)).toBe(0);
    expect(answerEnd('epson', Buffer.from([0x12, 0x16, 0x03]), true)).toBe(3);
  });

  it('waits for all three DLE EOT answers', () => {
    expect(answerEnd('epson', Buffer.from([0x16, 0x12]), false)).toBe(0);
    expect(answerEnd('epson', Buffer.from([0x16, 0x12, 0x12]), false)).toBe(3);
  });
});

describe('STAR status', () => {
  it('reads the ASB length from its header', () => {
    expect(starAsbLength(0x23, 0x00)).toBe(9);
    expect(starAsbLength(0x0f, 0x00)).toBe(0);
    expect(answerEnd('star', Buffer.from([0x23, 0, 0, 0]), false)).toBe(0);
  });

  it.each([
    [[0x23, 0, 0, 0, 0, 0, 0, 0, 0], { online: true, paper: 'ok', coverOpen: false, error: null }],
    [[0x23, 0, 0, 0, 0, 0x04, 0, 0, 0], { online: true, paper: 'near-end' }],
    [[0x23, 0, 0x08, 0, 0, 0x0c, 0, 0, 0], { online: false, paper: 'out' }],
    [[0x23, 0, 0x28, 0, 0, 0, 0, 0, 0], { online: false, coverOpen: true }],
    [[0x23, 0, 0, 0x08, 0, 0, 0, 0, 0], { online: false, error: '打印机报告故障' }],
  ])('reads ASB %o as %o', (bytes, expected) => {
    expect(parseStarStatus(Buffer.from(bytes), at)).toMatchObject(expected);
  });
});
