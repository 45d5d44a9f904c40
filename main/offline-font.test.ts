import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildOfflineFontCss, facesFor, parseFontFaces } from './offline-font';

const css = `
/* noto-sans-sc-[0]-400-normal */
@font-face {
  font-family: 'Noto Sans SC';
  src: url(./files/a.woff2) format('woff2');
  unicode-range: U+4e00-4e0f, U+4e2d;
}
@font-face {
  font-family: 'Noto Sans SC';
  src: url(./files/b.woff2) format('woff2');
  unicode-range: U+0000-00ff;
}
@font-face {
  font-family: 'Noto Sans SC';
  src: url(./files/c.woff2) format('woff2');
  unicode-range: U+9f00-9fff;
}`;

describe('offline font', () => {
  it('parses the faces and keeps only those holding a needed character', () => {
    const faces = parseFontFaces(css);
    expect(faces.map((f) => f.file)).toEqual(['./files/a.woff2', './files/b.woff2', './files/c.woff2']);
    expect(faces[0]?.ranges).toEqual([
      [0x4e00, 0x4e0f],
      [0x4e2d, 0x4e2d],
    ]);
    expect(facesFor(faces, '中A').map((f) => f.file)).toEqual(['./files/a.woff2', './files/b.woff2']);
  });

  it('inlines the chosen slices as data: URLs', () => {
    const files: Record<string, Buffer> = {
      '/font/400.css': Buffer.from(css),
      '/font/files/a.woff2': Buffer.from('AAA'),
      '/font/files/b.woff2': Buffer.from('BBB'),
    };
    const out = buildOfflineFontCss('/font/400.css', '中', (p) => files[p] ?? Buffer.alloc(0));
    expect(out).toContain(`url(data:font/woff2;base64,${Buffer.from('AAA').toString('base64')})`);
    expect(out).toContain('unicode-range: U+4e00-4e0f, U+4e2d');
    expect(out).not.toContain(Buffer.from('BBB').toString('base64'));
  });

  it('finds slices for the offline page in the installed Noto Sans SC', () => {
    const require = createRequire(import.meta.url);
    const cssPath = join(dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), '400.css');
    const out = buildOfflineFontCss(cssPath, '暂时无法连接大厅服务器');
    expect(out.match(/@font-face/g)?.length ?? 0).toBeGreaterThan(0);
  });
});
