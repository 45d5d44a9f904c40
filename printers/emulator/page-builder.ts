/**
 * Turns printed tokens into what the paper shows: lines of GB18030-decoded text with their
 * alignment, weight and size, QR codes with their decoded payload, and where the paper was cut.
 */
import iconv from 'iconv-lite';
import type { Token } from './tokenizer';

/** One printed line. `scale` is the larger of the width and height multipliers. */
export interface PrintedLine {
  kind: 'text';
  text: string;
  align: 'left' | 'center' | 'right';
  bold: boolean;
  width: number;
  height: number;
}

/** One printed QR code. */
export interface PrintedQr {
  kind: 'qr';
  /** The stored data decoded as UTF-8 (what a phone shows). */
  payload: string;
  /** The stored data as hex, for byte-exact checks. */
  hex: string;
  model: number;
  cellSize: number;
  /** 0 = L, 1 = M, 2 = Q, 3 = H. */
  correction: number;
}

/** One piece of paper: everything printed up to a cut (or up to paper end). */
export interface PrintedPage {
  index: number;
  items: (PrintedLine | PrintedQr)[];
  /** 'partial' or 'full' when the cutter cut it; null when the paper ran out first. */
  cut: 'partial' | 'full' | null;
  beeps: number;
  /** Bytes the printer did not understand (0 for our own tickets). */
  unknownBytes: number;
  printedAt: string;
}

const ALIGN = ['left', 'center', 'right', 'left'] as const;

/** Accumulates tokens into pages. */
export class PageBuilder {
  private align = 0;
  private bold = false;
  private width = 1;
  private height = 1;
  private line: Buffer[] = [];
  private qrData: Buffer = Buffer.alloc(0);
  private lineStyle: Omit<PrintedLine, 'kind' | 'text'> | null = null;
  private items: (PrintedLine | PrintedQr)[] = [];
  private qr = { model: 2, cellSize: 3, correction: 0 };
  private beeps = 0;
  private unknown = 0;
  private nextIndex = 1;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** True when something is on the paper that has not been cut off yet. */
  get hasContent(): boolean {
    return this.items.length > 0 || this.line.length > 0;
  }

  /** Lines printed on the current (uncut) page so far. */
  get linesOnPage(): number {
    return this.items.length;
  }

  /** Applies one token; returns the page it completed, if any. */
  apply(tok: Token): PrintedPage | null {
    switch (tok.t) {
      case 'text':
        this.lineStyle ??= { align: ALIGN[this.align]!, bold: this.bold, width: this.width, height: this.height };
        if (!this.bold) this.lineStyle.bold = false;
        this.lineStyle.width = Math.max(this.lineStyle.width, this.width);
        this.lineStyle.height = Math.max(this.lineStyle.height, this.height);
        this.line.push(tok.bytes);
        return null;
      case 'lf':
        this.endLine(true);
        return null;
      case 'feed':
        this.endLine(false);
        for (let i = 0; i < tok.lines; i++) this.endLine(true);
        return null;
      case 'init':
        this.align = 0;
        this.bold = false;
        this.width = this.height = 1;
        return null;
      case 'align':
        this.align = tok.value;
        return null;
      case 'bold':
        this.bold = tok.on;
        return null;
      case 'size':
        this.width = tok.width;
        this.height = tok.height;
        return null;
      case 'qrParam':
        if (tok.name === 'model') this.qr.model = tok.value;
        else if (tok.name === 'cell') this.qr.cellSize = tok.value;
        else this.qr.correction = tok.value;
        return null;
      case 'qrStore':
        this.qrData = tok.data;
        return null;
      case 'qrPrint':
        this.endLine(false);
        this.items.push({
          kind: 'qr',
          payload: this.qrData.toString('utf8'),
          hex: this.qrData.toString('hex'),
          model: this.qr.model,
          cellSize: this.qr.cellSize,
          correction: this.qr.correction,
        });
        return null;
      case 'beep':
        this.beeps++;
        return null;
      case 'unknown':
        this.unknown += tok.raw.length;
        return null;
      case 'cut':
        return this.finishPage(tok.partial ? 'partial' : 'full');
      default:
        return null;
    }
  }

  /** Ends the page without a cut (the paper ran out under the head). */
  tearOff(): PrintedPage | null {
    return this.hasContent ? this.finishPage(null) : null;
  }

  private endLine(always: boolean): void {
    if (this.line.length === 0 && !always) return;
    const text = iconv.decode(Buffer.concat(this.line), 'gb18030');
    const style = this.lineStyle ?? { align: ALIGN[this.align]!, bold: false, width: 1, height: 1 };
    this.items.push({ kind: 'text', text, ...style });
    this.line = [];
    this.lineStyle = null;
  }

  private finishPage(cut: PrintedPage['cut']): PrintedPage {
    this.endLine(false);
    // Blank feed lines at the end are paper, not content.
    while (this.items.length > 0) {
      const last = this.items[this.items.length - 1]!;
      if (last.kind === 'text' && last.text.trim() === '') this.items.pop();
      else break;
    }
    const page: PrintedPage = {
      index: this.nextIndex++,
      items: this.items,
      cut,
      beeps: this.beeps,
      unknownBytes: this.unknown,
      printedAt: this.now().toISOString(),
    };
    this.items = [];
    this.beeps = 0;
    this.unknown = 0;
    return page;
  }
}

/** The text lines of a page, for assertions and logs. */
export function pageText(page: PrintedPage): string[] {
  return page.items.filter((i): i is PrintedLine => i.kind === 'text').map((l) => l.text);
}

/** The QR payloads of a page. */
export function pageQrPayloads(page: PrintedPage): string[] {
  return page.items.filter((i): i is PrintedQr => i.kind === 'qr').map((q) => q.payload);
}
