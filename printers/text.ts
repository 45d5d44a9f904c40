/**
 * Text for a GB18030 thermal printer: what it can print, how wide it is, where lines break.
 *
 * The printer's own rule decides the width: a single-byte GB18030 character (ASCII) takes one column,
 * every multi-byte one takes two. That is East Asian Width with ambiguous characters counted wide
 * (UAX #11's rule for East Asian legacy encodings), and it is also right where EAW says narrow but
 * the printer prints a full-width glyph (¥, ·, —).
 */
import iconv from 'iconv-lite';
import type { PrinterCharset } from '../protocol/print';

/** Printed in place of a character the printer cannot take (in GB2312, so every printer has it). */
export const REPLACEMENT = '□';

// eslint-disable-next-line no-misleading-character-class -- a variation selector of U+E0100–E01EF is matched as its surrogate pair on purpose
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]|\udb40[\udd00-\uddef]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this strips before printing
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const HAN = /^\p{Script=Han}$/u;
const PRIVATE_USE = /^[\ue000-\uf8ff]$/;

function printable(ch: string, charset: PrinterCharset): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (PRIVATE_USE.test(ch)) return false; // user-defined GB areas print blank or garbage
  const bytes = iconv.encode(ch, 'gb18030');
  if (iconv.decode(bytes, 'gb18030') !== ch) return false; // unmappable (iconv wrote '?')
  if (bytes.length <= 2) return true;
  // Four-byte codes: only Han ideographs, and only where the printer's ROM has them.
  return charset === 'gb18030' && HAN.test(ch);
}

/**
 * Makes a string safe to send: NFC, control characters to spaces (a name must never smuggle a command
 * in), zero-width characters dropped, and every character the printer cannot take replaced by □ —
 * one character for one, so the rest of the line prints unchanged.
 */
export function sanitizeText(text: string, charset: PrinterCharset = 'gbk'): string {
  const clean = text.normalize('NFC').replace(ZERO_WIDTH, '').replace(CONTROL, ' ');
  let out = '';
  for (const ch of clean) out += printable(ch, charset) ? ch : REPLACEMENT;
  return out;
}

/** Encodes sanitised text for the printer. */
export function encodeText(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}

/** Columns one character takes on the printer (1 for ASCII, 2 for any other printable character). */
export function charColumns(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : 2;
}

/** Columns a (sanitised) string takes. */
export function textColumns(text: string): number {
  let n = 0;
  for (const ch of text) n += charColumns(ch);
  return n;
}

// Chinese line-breaking rule (禁则): these never start a line.
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕’”…,.;:?!)]}%']);

/** Splits text into tokens that should not be broken: ASCII words, or single characters. */
function tokens(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- \x00-\x7f is the ASCII range, split from the rest on purpose
  return text.match(/[\x21-\x7e]+|\s|[^\x00-\x7f]/gu) ?? [];
}

/**
 * Wraps text to lines of at most `columns` columns. ASCII words stay whole when they fit a line;
 * closing punctuation never starts a line (the character before it moves down with it).
 */
export function wrapText(text: string, columns: number): string[] {
  if (columns < 2) throw new RangeError('wrapText: need at least 2 columns');
  const lines: string[] = [];
  let cur: string[] = [];
  let width = 0;
  const push = () => {
    lines.push(cur.join('').trimEnd());
    cur = [];
    width = 0;
  };
  const place = (tok: string) => {
    const w = textColumns(tok);
    if (width + w <= columns) {
      cur.push(tok);
      width += w;
      return;
    }
    if (tok.trim() === '') return push();
    if (NO_LINE_START.has(tok) && cur.length > 1) {
      const carried = cur.pop()!;
      push();
      cur.push(carried, tok);
      width = textColumns(carried) + w;
      return;
    }
    if (width > 0) push();
    if (w <= columns) {
      cur.push(tok);
      width = w;
      return;
    }
    // A word longer than a line: cut it where it must be cut.
    for (const ch of tok) place(ch);
  };
  for (const tok of tokens(text)) place(tok);
  if (cur.length > 0 || lines.length === 0) push();
  const out = lines.filter((l, i) => l !== '' || i === 0);
  avoidOrphan(out);
  return out;
}

/** A last line of one lone Chinese character takes the character before it along (孤字). */
function avoidOrphan(lines: string[]): void {
  if (lines.length < 2) return;
  const last = [...lines[lines.length - 1]!];
  const prev = [...lines[lines.length - 2]!];
  if (last.length !== 1 || charColumns(last[0]!) !== 2 || prev.length < 3) return;
  const moved = prev[prev.length - 1]!;
  if (charColumns(moved) !== 2 || NO_LINE_START.has(moved) || NO_LINE_START.has(last[0]!)) return;
  lines[lines.length - 2] = prev.slice(0, -1).join('');
  lines[lines.length - 1] = moved + last[0];
}

/** Pads text with spaces to exactly `columns` columns (text must already fit). */
export function padColumns(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - textColumns(text)));
}
