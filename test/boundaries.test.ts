import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The boundary rules of `.dependency-cruiser.cjs` bite: a small tree written to a temporary folder breaks
 * each rule once (and keeps each allowance once), and the real rules must report exactly the breaks.
 * `npm run lint:deps` checks the real tree with the same rules.
 */

const repo = resolve(import.meta.dirname, '..');

const files: Record<string, string> = {
  // allowed: the contract imports zod, the domain imports the contract
  'protocol/ok.ts': "import { z } from 'zod';\nexport const ok = z.string();\n",
  'server/domain/ok.ts': "import { ok } from '../../protocol/ok';\nexport const domainOk = ok;\n",
  'server/domain/test-support.ts': "import { readFileSync } from 'node:fs';\nexport const fixture = readFileSync;\n",
  // broken: the domain does I/O; the contract imports printers and node
  'server/domain/bad-io.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'protocol/bad.ts': "import type { Job } from '../printers/types';\nimport { createHash } from 'node:crypto';\nexport type J = Job;\nexport const h = createHash;\n",
  // the renderer: printers/types.ts is allowed (import-free), the drivers, node and the server are not
  'printers/types.ts': "import { readFileSync } from 'node:fs';\nexport interface Job { text: string }\nexport const r = readFileSync;\n",
  'printers/escpos.ts': 'export const escpos = 1;\n',
  'renderer/ok.ts': "import type { Job } from '../printers/types';\nimport { ok } from '../protocol/ok';\nexport type J = Job;\nexport const o = ok;\n",
  'renderer/bad.ts':
    "import { join } from 'node:path';\nimport { escpos } from '../printers/escpos';\nimport { app } from '../server/app';\nimport { ipcRenderer } from 'electron';\nexport const all = [join, escpos, app, ipcRenderer];\n",
  'server/app.ts': 'export const app = 1;\n',
  // the shell: electron at runtime only in the adapter and the preload; `import type` anywhere
  'main/electron-adapter.ts': "import { app } from 'electron';\nexport const a = app;\n",
  'main/preload.ts': "import { contextBridge } from 'electron';\nexport const c = contextBridge;\n",
  'main/ports.ts': "import type { App } from 'electron';\nexport type A = App;\n",
  'main/window.ts': "import { BrowserWindow } from 'electron';\nexport const w = BrowserWindow;\n",
  'main/mixed.ts': "import type { App } from 'electron';\nimport { dialog } from 'electron';\nexport type A = App;\nexport const d = dialog;\n",
  // the district receiver and the hall server's layers
  'server/sync/wire.ts': 'export const wire = 1;\n',
  'cloud/bad.ts': "import { wire } from '../server/sync/wire';\nexport const w = wire;\n",
  'server/realtime/context.ts': 'export const context = 1;\n',
  'server/http/routes.ts': 'export const routes = 1;\n',
  'server/schedule/bad.ts': "import { context } from '../realtime/context';\nexport const c = context;\n",
  'server/admin/bad.ts': "import { context } from '../realtime/context';\nexport const c = context;\n",
  'server/store/bad.ts': "import { routes } from '../http/routes';\nexport const r = routes;\n",
  // the simulator: domain only; used only by the estimate service, the planner and the bench
  'server/simulation/run.ts': "import { domainOk } from '../domain/ok';\nimport { r } from '../store/bad';\nexport const run = [domainOk, r];\n",
  'server/admin/planner.ts': "import { run } from '../simulation/run';\nexport const p = run;\n",
  'server/hall/estimate.ts': "import { run } from '../simulation/run';\nexport const e = run;\n",
  'bench/plan.ts': "import { run } from '../server/simulation/run';\nexport const b = run;\n",
  'server/realtime/sim.ts': "import { run } from '../simulation/run';\nexport const s = run;\n",
  // test support stays out of production code
  'server/hall/uses-test.ts': "import { fixture } from '../domain/test-support';\nexport const f = fixture;\n",
  // cycles: a runtime one is refused, one closed only by `import type` is erased and allowed
  'server/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
  'server/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  'server/c.ts': "import type { D } from './d';\nexport interface C { d?: D }\n",
  'server/d.ts': "import type { C } from './c';\nexport const d = 1;\nexport interface D { c?: C }\n",
};

let dir: string;
let result: ICruiseResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yichuang-boundaries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // zod and electron resolve as in the repository.
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const { tsConfig: _projectOnly, ...options } = await extractDepcruiseOptions(join(repo, '.dependency-cruiser.cjs'));
  const cwd = process.cwd();
  process.chdir(dir); // depcruise resolves the starting folders against the working directory
  try {
    const out = await cruise(['protocol', 'server', 'renderer', 'main', 'cloud', 'printers', 'bench'], { ...options, baseDir: dir, validate: true });
    result = out.output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('boundary rules (.dependency-cruiser.cjs)', () => {
  it('reports exactly the deliberate violations, each under its rule', () => {
    // node_modules is a symlink here: name a package by its path inside node_modules.
    const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`).sort();
    expect(found).toEqual(
      [
        'domain-is-pure: server/domain/bad-io.ts → fs',
        'protocol-is-neutral: protocol/bad.ts → printers/types.ts',
        'protocol-is-neutral: protocol/bad.ts → crypto',
        'printers-types-neutral: printers/types.ts → fs',
        'renderer-no-node: renderer/bad.ts → path',
        'renderer-stays-in-the-browser: renderer/bad.ts → printers/escpos.ts',
        'renderer-stays-in-the-browser: renderer/bad.ts → server/app.ts',
        'electron-only-in-main: renderer/bad.ts → node_modules/electron/index.js',
        'electron-only-in-the-shell-adapters: main/window.ts → node_modules/electron/index.js',
        'electron-only-in-the-shell-adapters: main/mixed.ts → node_modules/electron/index.js',
        'cloud-not-into-the-hall-server: cloud/bad.ts → server/sync/wire.ts',
        'schedule-and-admin-not-into-realtime: server/schedule/bad.ts → server/realtime/context.ts',
        'schedule-and-admin-not-into-realtime: server/admin/bad.ts → server/realtime/context.ts',
        'store-is-below-the-boundaries: server/store/bad.ts → server/http/routes.ts',
        'simulation-imports-only-the-domain: server/simulation/run.ts → server/store/bad.ts',
        'simulation-used-by-estimate-planner-bench: server/realtime/sim.ts → server/simulation/run.ts',
        'no-test-code-in-production: server/hall/uses-test.ts → server/domain/test-support.ts',
        'no-circular-in-server: server/a.ts → server/b.ts',
      ].sort(),
    );
  });

  it('fails the run when a rule is broken', () => {
    expect(result.summary.error).toBeGreaterThan(0);
  });
});
