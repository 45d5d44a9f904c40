import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Embeds the glyphs the offline page needs. @fontsource/noto-sans-sc ships the font cut into ~100
 * woff2 slices, each with its `unicode-range`; we keep only the slices that hold one of the page's
 * characters and inline them as data: URLs (about 300 KB), so the page renders the same Chinese type
 * as the terminals on a machine without any CJK font.
 */

interface FontFace {
  ranges: Array<[number, number]>;
  file: string;
}

/** Parses a fontsource CSS file into its faces (file path relative to the CSS, and code point ranges). */
export function parseFontFaces(css: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const m of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = m[1] ?? '';
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1];
    const file = /url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/.exec(body)?.[1];
    if (!range || !file) continue;
    const ranges = range.split(',').flatMap((part): Array<[number, number]> => {
      const r = /U\+([0-9a-f]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
      if (!r?.[1]) return [];
      const lo = Number.parseInt(r[1], 16);
      return [[lo, r[2] ? Number.parseInt(r[2], 16) : lo]];
    });
    faces.push({ ranges, file });
  }
  return faces;
}

/** The faces that cover at least one of `chars`. */
export function facesFor(faces: FontFace[], chars: string): FontFace[] {
  const points = [...chars].map((c) => c.codePointAt(0) ?? 0);
  return faces.filter((f) => points.some((p) => f.ranges.some(([lo, hi]) => p >= lo && p <= hi)));
}

/** @font-face rules with the needed slices inlined, for the given fontsource CSS file (e.g. `.../400.css`). */
export function buildOfflineFontCss(cssPath: string, chars: string, read: (path: string) => Buffer = readFileSync): string {
  const faces = facesFor(parseFontFaces(read(cssPath).toString('utf8')), chars);
  return faces
    .map((f) => {
      const data = read(join(dirname(cssPath), f.file)).toString('base64');
      const range = f.ranges.map(([lo, hi]) => (lo === hi ? `U+${hex(lo)}` : `U+${hex(lo)}-${hex(hi)}`)).join(', ');
      return `@font-face { font-family: 'Noto Sans SC'; font-style: normal; font-weight: 400; font-display: block; src: url(data:font/woff2;base64,${data}) format('woff2'); unicode-range: ${range}; }`;
    })
    .join('\n');
}

function hex(n: number): string {
  return n.toString(16);
}
