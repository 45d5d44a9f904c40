import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { DEMO_TICKET } from './demo-ticket';
import type { TicketLayout } from './layout';
import { previewTicketPng, renderPreviewPng } from './preview';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'printing');

async function pixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

const oneLine = (text: string): TicketLayout => ({
  paperWidthMm: 58,
  columns: 32,
  dotsPerLine: 384,
  ops: [{ op: 'text', text, align: 'left', bold: false, scale: 1 }],
});

describe('ticket preview', () => {
  it.each([
    [58, 384],
    [80, 576],
  ] as const)('draws the %i mm demo ticket one pixel per printer dot and saves it as an artifact', async (mm, dots) => {
    const png = previewTicketPng(DEMO_TICKET, { paperWidthMm: mm });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `demo-ticket-${mm}mm.png`), png);
    const { width, height } = await pixels(png);
    expect(width).toBe(dots + 32);
    expect(height).toBeGreaterThan(width);
  });

  it('draws real Chinese glyphs from the bundled font, not the same missing-glyph box for each', async () => {
    const a = await pixels(renderPreviewPng(oneLine('政')));
    const b = await pixels(renderPreviewPng(oneLine('务')));
    const ink = (p: typeof a) => p.data.filter((v, i) => i % 4 === 0 && v < 128).length;
    expect(ink(a)).toBeGreaterThan(40);
    let differing = 0;
    for (let i = 0; i < a.data.length; i += 4) if ((a.data[i]! < 128) !== (b.data[i]! < 128)) differing++;
    expect(differing).toBeGreaterThan(40);
  });

  it('shows a replaced rare character as □, as the printer prints it', async () => {
    const rare = await pixels(previewTicketPng({ ...DEMO_TICKET, hallName: '𠀀' }, { paperWidthMm: 58 }));
    const box = await pixels(previewTicketPng({ ...DEMO_TICKET, hallName: '□' }, { paperWidthMm: 58 }));
    expect(Buffer.from(rare.data).equals(Buffer.from(box.data))).toBe(true);
  });
});
