import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HERE = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : sources(p);
    return /\.(ts|vue)$/.test(d.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

describe('the simulator module boundary', () => {
  it('imports only the domain and the protocol (and itself) outside its tests', () => {
    const bad: string[] = [];
    for (const file of sources(HERE).filter((f) => !f.endsWith('.test.ts'))) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) {
          bad.push(`${path.relative(ROOT, file)} imports package ${spec}`);
          continue;
        }
        const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
        if (!/^(server\/simulation|server\/domain|protocol)\//.test(target)) bad.push(`${path.relative(ROOT, file)} imports ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('is imported only by the estimate service, the planner and the bench', () => {
    const allowed = /^(server\/simulation|server\/estimates|bench)\//;
    const bad: string[] = [];
    for (const dir of ['server', 'protocol', 'renderer', 'printers', 'main', 'cloud', 'test', 'e2e', 'scripts']) {
      for (const file of sources(path.join(ROOT, dir))) {
        const from = path.relative(ROOT, file);
        if (allowed.test(from)) continue;
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) continue;
          const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
          if (target.startsWith('server/simulation')) bad.push(`${from} imports ${target}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
