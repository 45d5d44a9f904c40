import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Nothing in the shell hands a URL to the OS. (Which files may import Electron at runtime, only the
 * adapter and the preload entry, is a boundary rule in `.dependency-cruiser.cjs`, checked by
 * `npm run lint:deps`; test/boundaries.test.ts shows it bites.)
 */

const root = import.meta.dirname;

/** A file's code without its comments. */
function code(file: string): string {
  return readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('shell layering', () => {
  it('never opens anything externally', () => {
    const offenders = sources(root).filter((f) => /openExternal|openPath|shell\.open/.test(code(f)));
    expect(offenders).toEqual([]);
  });
});
