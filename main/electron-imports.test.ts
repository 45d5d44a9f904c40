import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shell's layering, enforced: only the adapter (main process) and the preload entry touch
 * Electron at runtime; everything else takes ports and runs under plain Node. And nothing in the
 * shell hands a URL to the OS.
 */

const root = import.meta.dirname;

/** A file's code without its comments (good enough for import lines, which hold no `//`). */
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

// `import type ... from 'electron'` is erased; any other import or require of 'electron' is runtime.
const runtimeElectron = /^\s*(import\s+(?!type\b)[^;]*from\s+['"]electron['"]|import\s+['"]electron['"]|.*require\(\s*['"]electron['"]\s*\))/m;

describe('shell layering', () => {
  it('imports electron at runtime only in electron-adapter.ts and preload.ts', () => {
    const offenders = sources(root)
      .filter((f) => runtimeElectron.test(code(f)))
      .map((f) => relative(root, f))
      .sort();
    expect(offenders).toEqual(['electron-adapter.ts', 'preload.ts']);
  });

  it('never opens anything externally', () => {
    const offenders = sources(root).filter((f) => /openExternal|openPath|shell\.open/.test(code(f)));
    expect(offenders).toEqual([]);
  });
});
