import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, HALL_SERVER_NODE_FLAGS } from './build-server';

const ROOT = path.resolve(import.meta.dirname, '..');
// Under dist/ (git-ignored), where the bundle's packages resolve from node_modules as in production.
const OUT = 'dist/test-build/cli.mjs';

describe('the production bundle of the hall server', () => {
  afterAll(() => rmSync(path.join(ROOT, 'dist/test-build'), { recursive: true, force: true }));

  it('runs under plain node without a TypeScript loader, and loads exceljs only when a workbook is made', async () => {
    const bytes = await buildServer('server/cli.ts', OUT);
    expect(bytes).toBeGreaterThan(100_000);
    const code = readFileSync(path.join(ROOT, OUT), 'utf8');
    // A static import would load exceljs (25 MB resident) with the server at start.
    expect(code).not.toMatch(/from\s*["']exceljs["']/);
    expect(code).toMatch(/import\(["']exceljs["']\)/);
    // The holiday tables are inside: Node refuses a package's JSON imported without an attribute.
    expect(code).not.toMatch(/from\s*["']chinese-days/);
    const help = execFileSync(process.execPath, [path.join(ROOT, OUT), '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(help).toContain('Usage: npm start');
  }, 60_000);

  it('is started by npm start with the flags the bench measures', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(pkg.scripts.start).toContain(`node ${HALL_SERVER_NODE_FLAGS.join(' ')} dist/server/cli.mjs`);
  });
});
