/**
 * Bundles the hall server into plain JavaScript with esbuild (`npm start` runs the bundle with `node`).
 * In production no TypeScript loader runs: no transform service, no source kept per module for source
 * maps, no compile at start. Packages stay outside the bundle and are resolved from node_modules as
 * before (better-sqlite3 is native, socket.io and fastify read their own files); only our TypeScript
 * becomes one file. The bench builds its hall child the same way, so it measures what production runs.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Node's flags for the hall server (`npm start` passes the same; a test keeps the two equal). The hall's
 * live set is small (a busy day of 20,000 tickets is under 40 MB of heap), but V8's defaults size the heap
 * for throughput: a burst of commands grows a 48 MB young generation, and the garbage of calls on a long
 * queue grows the old one, resident memory never given back. A 1 MB young generation and V8's
 * size-over-speed heuristics keep the busy day's peak near 130 MB instead of 175 MB, at no take rate
 * measurable here (more frequent, shorter collections).
 */
export const HALL_SERVER_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'];

/**
 * A package's JSON data (the holiday tables) goes into the bundle: Node imports JSON from an external
 * package only with an import attribute, which esbuild does not write for an external import.
 */
const packageJsonInside: Plugin = {
  name: 'package-json-inside',
  setup(b) {
    b.onResolve({ filter: /^[^./].*\.json$/ }, (args) => ({ path: createRequire(path.join(args.resolveDir, 'x.js')).resolve(args.path) }));
  },
};

/** Bundles `entry` (a path from the project root) into `outfile`; returns the bundle's size in bytes. */
export async function buildServer(entry = 'server/cli.ts', outfile = 'dist/server/cli.mjs'): Promise<number> {
  const out = path.resolve(ROOT, outfile);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [path.resolve(ROOT, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [packageJsonInside],
    // Not minified: a stack trace in the logs points at readable code. The map beside it is for a
    // debugger; `--enable-source-maps` is left off, as it parses the map into the heap at start.
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return statSync(out).size;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildServer();
}
