/**
 * A small tokenizer for the printer bytes we send (ESC/POS as EPSON and Chinese-market printers take
 * it, and Star Line Mode). No npm parser handles GB18030 text together with `GS ( k`, so the
 * emulator and the tests read bytes with this. Incremental: a command cut off at the end of a chunk
 * is left for the next one. Unknown commands throw in strict mode (a test then notices a command
 * nobody meant to send) and become `unknown` tokens otherwise.
 */
import type { PrinterType } from '../../protocol/print';

/** One command or run of text, with the bytes it came from. */
export type Token = { raw: Buffer } & (
  | { t: 'text'; bytes: Buffer }
  | { t: 'lf' }
  | { t: 'init' }
  | { t: 'cjk'; on: boolean }
  | { t: 'align'; value: number }
  | { t: 'bold'; on: boolean }
  | { t: 'size'; width: number; height: number }
  | { t: 'feed'; lines: number }
  | { t: 'cut'; partial: boolean }
  | { t: 'qrParam'; name: 'model' | 'cell' | 'ec'; value: number }
  | { t: 'qrStore'; data: Buffer }
  | { t: 'qrPrint' }
  | { t: 'status'; query: 'dle-eot' | 'gs-r' | 'asb' | 'etb'; n: number }
  | { t: 'beep' }
  | { t: 'other'; name: string }
  | { t: 'unknown' }
);

/** Real-time requests: a printer answers them on arrival, ahead of buffered data. */
export function isRealtime(tok: Token): boolean {
  return tok.t === 'status' && (tok.query === 'dle-eot' || tok.query === 'asb');
}

type Body = Token extends infer T ? (T extends Token ? Omit<T, 'raw'> : never) : never;
/** [length, token] of the command at the start of `b`, or null if `b` ends before it does. */
type Match = [number, Body] | null;

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

function need(b: Buffer, n: number, body: Body): Match {
  return b.length >= n ? [n, body] : null;
}

// ESC x with fixed lengths that only need naming.
const EPSON_ESC_OTHER: Record<number, [string, number]> = {
  0x74: ['codepage', 3], 0x52: ['intl', 3], 0x4d: ['font', 3], 0x2d: ['underline', 3], 0x32: ['line-spacing-default', 2],
  0x33: ['line-spacing', 3], 0x4a: ['feed-dots', 3], 0x7b: ['upside-down', 3], 0x47: ['double-strike', 3],
  0x56: ['rotate', 3], 0x70: ['drawer', 5], 0x20: ['char-spacing', 3],
};
const EPSON_GS_OTHER: Record<number, [string, number]> = {
  0x42: ['invert', 3], 0x48: ['hri-position', 3], 0x66: ['hri-font', 3], 0x77: ['barcode-width', 3],
  0x68: ['barcode-height', 3], 0x61: ['asb', 3], 0x4c: ['left-margin', 4], 0x57: ['print-width', 4],
};

function epsonEsc(b: Buffer): Match {
  if (b.length < 2) return null;
  const c = b[1]!;
  if (c === 0x40) return [2, { t: 'init' }];
  if (c === 0x61) return need(b, 3, { t: 'align', value: (b[2] ?? 0) & 0x03 });
  if (c === 0x45) return need(b, 3, { t: 'bold', on: ((b[2] ?? 0) & 1) === 1 });
  if (c === 0x21) {
    const n = b[2] ?? 0;
    return need(b, 3, { t: 'size', width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 });
  }
  if (c === 0x64) return need(b, 3, { t: 'feed', lines: b[2] ?? 0 });
  if (c === 0x42) return need(b, 4, { t: 'beep' });
  const other = EPSON_ESC_OTHER[c];
  return other ? need(b, other[1], { t: 'other', name: other[0] }) : [1, { t: 'unknown' }];
}

function gsParenK(b: Buffer): Match {
  if (b.length < 5) return null;
  const len = b[3]! + 256 * b[4]!;
  if (b.length < 5 + len) return null;
  const body = b.subarray(5, 5 + len);
  const fn = body[1];
  if (body[0] !== 0x31) return [5 + len, { t: 'other', name: '2d-symbol' }];
  if (fn === 0x41) return [5 + len, { t: 'qrParam', name: 'model', value: (body[2] ?? 0x32) - 0x30 }];
  if (fn === 0x43) return [5 + len, { t: 'qrParam', name: 'cell', value: body[2] ?? 3 }];
  if (fn === 0x45) return [5 + len, { t: 'qrParam', name: 'ec', value: (body[2] ?? 0x30) - 0x30 }];
  if (fn === 0x50) return [5 + len, { t: 'qrStore', data: Buffer.from(body.subarray(3)) }];
  if (fn === 0x51) return [5 + len, { t: 'qrPrint' }];
  return [5 + len, { t: 'other', name: 'qr-other' }];
}

function epsonGs(b: Buffer): Match {
  if (b.length < 2) return null;
  const c = b[1]!;
  if (c === 0x21) {
    const n = b[2] ?? 0;
    return need(b, 3, { t: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 });
  }
  if (c === 0x56) {
    if (b.length < 3) return null;
    const m = b[2]!;
    return need(b, m === 65 || m === 66 ? 4 : 3, { t: 'cut', partial: (m & 1) === 1 });
  }
  if (c === 0x72) return need(b, 3, { t: 'status', query: 'gs-r', n: b[2] ?? 1 });
  if (c === 0x28 && b.length >= 3 && b[2] === 0x6b) return gsParenK(b);
  if (c === 0x28 && b.length < 3) return null;
  const other = EPSON_GS_OTHER[c];
  return other ? need(b, other[1], { t: 'other', name: other[0] }) : [1, { t: 'unknown' }];
}

function epsonCommand(b: Buffer): Match {
  switch (b[0]) {
    case 0x0a:
      return [1, { t: 'lf' }];
    case 0x0d:
      return [1, { t: 'other', name: 'cr' }];
    case ESC:
      return epsonEsc(b);
    case GS:
      return epsonGs(b);
    case FS:
      if (b.length < 2) return null;
      if (b[1] === 0x26) return [2, { t: 'cjk', on: true }];
      if (b[1] === 0x2e) return [2, { t: 'cjk', on: false }];
      if (b[1] === 0x21 || b[1] === 0x43) return need(b, 3, { t: 'other', name: 'kanji-mode' });
      return [1, { t: 'unknown' }];
    case DLE:
      if (b.length < 3) return null;
      if (b[1] === 0x04) return [3, { t: 'status', query: 'dle-eot', n: b[2]! }];
      return [1, { t: 'unknown' }];
    default:
      return [1, { t: 'unknown' }];
  }
}

function starEsc(b: Buffer): Match {
  if (b.length < 2) return null;
  const c = b[1]!;
  if (c === 0x40) return [2, { t: 'init' }];
  if (c === 0x45) return [2, { t: 'bold', on: true }];
  if (c === 0x46) return [2, { t: 'bold', on: false }];
  if (c === 0x69) return need(b, 4, { t: 'size', height: (b[2] ?? 0) + 1, width: (b[3] ?? 0) + 1 });
  if (c === 0x64) return need(b, 3, { t: 'cut', partial: ((b[2] ?? 0) & 1) === 1 });
  if (c === 0x06) return need(b, 3, { t: 'status', query: 'asb', n: b[2] ?? 1 });
  if (c === 0x7a || c === 0x2d || c === 0x52 || c === 0x24) return need(b, 3, { t: 'other', name: 'mode' });
  if (c === 0x30 || c === 0x34 || c === 0x35) return [2, { t: 'other', name: 'mode' }];
  if (c !== GS) return [1, { t: 'unknown' }];
  if (b.length < 3) return null;
  const d = b[2]!;
  if (d === 0x61) return need(b, 4, { t: 'align', value: (b[3] ?? 0) & 0x03 });
  if (d === 0x74) return need(b, 4, { t: 'other', name: 'codepage' });
  if (d === 0x07) return need(b, 6, { t: 'beep' });
  if (d !== 0x79) return [1, { t: 'unknown' }];
  if (b.length < 4) return null;
  const e = b[3]!;
  if (e === 0x50) return [4, { t: 'qrPrint' }];
  if (e === 0x53) {
    if (b.length < 6) return null;
    const name = b[4] === 0x30 ? 'model' : b[4] === 0x31 ? 'ec' : 'cell';
    return [6, { t: 'qrParam', name, value: b[5]! }];
  }
  if (e === 0x44) {
    if (b.length < 8) return null;
    const len = b[6]! + 256 * b[7]!;
    return need(b, 8 + len, { t: 'qrStore', data: Buffer.from(b.subarray(8, 8 + len)) });
  }
  return [1, { t: 'unknown' }];
}

function starCommand(b: Buffer): Match {
  switch (b[0]) {
    case 0x0a:
      return [1, { t: 'lf' }];
    case 0x0b:
      return [1, { t: 'feed', lines: 1 }];
    case 0x17:
      return [1, { t: 'status', query: 'etb', n: 0 }];
    case 0x0d:
      return [1, { t: 'other', name: 'cr' }];
    case ESC:
      return starEsc(b);
    default:
      return [1, { t: 'unknown' }];
  }
}

/** Options for `tokenize`. */
export interface TokenizeOptions {
  /** Throw on an unknown command instead of emitting an `unknown` token. */
  strict?: boolean;
  /** The bytes are complete: a command cut off at the end becomes `unknown` instead of waiting. */
  final?: boolean;
}

/**
 * Splits printer bytes into tokens. Returns how many bytes were consumed; the rest (a command cut
 * off at the end) belongs in front of the next chunk.
 */
export function tokenize(buf: Buffer, type: PrinterType, options: TokenizeOptions = {}): { tokens: Token[]; consumed: number } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < buf.length) {
    // Text: every byte from 0x20 up (GB18030 lead and trail bytes are all ≥ 0x30).
    if (buf[i]! >= 0x20) {
      let j = i;
      while (j < buf.length && buf[j]! >= 0x20) j++;
      const bytes = Buffer.from(buf.subarray(i, j));
      tokens.push({ t: 'text', bytes, raw: bytes });
      i = j;
      continue;
    }
    const rest = buf.subarray(i);
    const m = type === 'star' ? starCommand(rest) : epsonCommand(rest);
    if (m === null) {
      if (!options.final) break;
      if (options.strict) throw new Error(`truncated command 0x${buf[i]!.toString(16)} at ${i}`);
      tokens.push({ t: 'unknown', raw: Buffer.from(rest) });
      i = buf.length;
      break;
    }
    const [len, body] = m;
    if (body.t === 'unknown' && options.strict) {
      throw new Error(`unknown command ${[...rest.subarray(0, 3)].map((x) => x.toString(16).padStart(2, '0')).join(' ')} at ${i}`);
    }
    tokens.push({ ...body, raw: Buffer.from(buf.subarray(i, i + len)) } as Token);
    i += len;
  }
  return { tokens, consumed: i };
}
