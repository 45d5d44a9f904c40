/**
 * Status queries and their answers, for both command sets. Pure functions over bytes; the TCP
 * transport sends the queries and hands back what it read.
 *
 * EPSON (ESC/POS):
 *  - before a job, real-time `DLE EOT 1`, `DLE EOT 2`, `DLE EOT 4` (answered at once, even while the
 *    printer is offline; each answer byte has bit 1 and bit 4 set and bit 0 and bit 7 clear);
 *  - after a job, `GS r 1`, which the printer executes in order, after the ticket's bytes: its answer
 *    means the ticket went through. Its answer has bit 4 clear, so it cannot be mistaken for a
 *    `DLE EOT` answer. A printer that stopped at paper end never answers it.
 * STAR (Line Mode):
 *  - before a job, `ESC ACK SOH` asks for the automatic status (ASB, 7+ bytes, length in the header);
 *  - after a job, `ETB` asks for an ASB once the preceding data is printed.
 */
import type { PrinterStatus, PrinterType } from '../protocol/print';

/** The bytes asking for the status before a job. */
export function statusQuery(type: PrinterType): Buffer {
  return type === 'star' ? Buffer.from([0x1b, 0x06, 0x01]) : Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
}

/** The bytes that, sent after a ticket, make the printer answer once the ticket has printed. */
export function completionQuery(type: PrinterType): Buffer {
  return type === 'star' ? Buffer.from([0x17]) : Buffer.from([0x1d, 0x72, 0x01]);
}

/** `DLE EOT n` answer bytes: bit 1 and bit 4 fixed on, bit 0 and bit 7 fixed off. */
export function isDleEotAnswer(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** Length of a Star ASB message from its first two bytes, or 0 if `b0` is not an ASB header. */
export function starAsbLength(b0: number, b1: number | undefined): number {
  if ((b0 & 0xf1) !== 0x21) return 0;
  return ((b0 >> 2) & 0x08) + ((b0 >> 1) & 0x07) + (b1 === undefined ? 0 : (b1 >> 6) & 0x02);
}

/**
 * How many bytes of `buf` make the complete answer to `statusQuery` (or `completionQuery` when
 * `completion` is set), or 0 if more bytes are needed. Stray bytes before an answer are skipped.
 */
export function answerEnd(type: PrinterType, buf: Buffer, completion: boolean): number {
  if (type === 'star') {
    for (let i = 0; i < buf.length; i++) {
      const len = starAsbLength(buf[i]!, buf[i + 1]);
      if (len > 0) return buf.length - i >= len ? i + len : 0;
    }
    return 0;
  }
  if (completion) {
    // The GS r 1 answer has bits 4 and 7 clear; late DLE EOT answers (bit 4 set) are skipped.
    for (let i = 0; i < buf.length; i++) if ((buf[i]! & 0x90) === 0) return i + 1;
    return 0;
  }
  let seen = 0;
  for (let i = 0; i < buf.length; i++) {
    if (isDleEotAnswer(buf[i]!) && ++seen === 3) return i + 1;
  }
  return 0;
}

/** Reads the three `DLE EOT 1/2/4` answers (in that order) into a PrinterStatus. */
export function parseEpsonStatus(answer: Buffer, checkedAt: string): PrinterStatus {
  const bytes = [...answer].filter(isDleEotAnswer);
  const [printer = 0, offline = 0, paper = 0] = bytes;
  const paperState = paper & 0x60 || offline & 0x20 ? 'out' : paper & 0x0c ? 'near-end' : 'ok';
  const coverOpen = (offline & 0x04) !== 0;
  const error = offline & 0x40 ? '打印机报告故障' : null;
  return { online: (printer & 0x08) === 0 && !coverOpen && paperState !== 'out' && !error, paper: paperState, coverOpen, error, checkedAt };
}

/** Reads a `GS r 1` answer (paper sensor) into the paper state. */
export function parseEpsonPaperSensor(b: number): 'ok' | 'near-end' | 'out' {
  return b & 0x0c ? 'out' : b & 0x03 ? 'near-end' : 'ok';
}

/** Reads a Star ASB message into a PrinterStatus. */
export function parseStarStatus(asb: Buffer, checkedAt: string): PrinterStatus {
  const start = [...asb].findIndex((b, i) => starAsbLength(b, asb[i + 1]) > 0);
  const m = asb.subarray(Math.max(0, start));
  const s2 = m[2] ?? 0;
  const s3 = m[3] ?? 0;
  const s4 = m[4] ?? 0;
  const s5 = m[5] ?? 0;
  const coverOpen = (s2 & 0x20) !== 0;
  const paper = s5 & 0x08 ? 'out' : s5 & 0x04 ? 'near-end' : 'ok';
  const error = (s3 & 0x2c) !== 0 || (s4 & 0x0a) !== 0 ? '打印机报告故障' : null;
  return { online: (s2 & 0x08) === 0 && !coverOpen && paper !== 'out' && !error, paper, coverOpen, error, checkedAt };
}

/** Reads a pre-job answer of either command set. */
export function parseStatus(type: PrinterType, answer: Buffer, checkedAt: string): PrinterStatus {
  return type === 'star' ? parseStarStatus(answer, checkedAt) : parseEpsonStatus(answer, checkedAt);
}
