import type { FastifyStaticOptions } from '@fastify/static';
import path from 'node:path';

/**
 * How the hall server hands the built terminals to browsers and to the Electron shell (which loads
 * its pages from the hall server, not from files): the build writes a brotli and a gzip copy beside
 * each text file (vite.config.ts, `precompress`), sent as the browser accepts them, so nothing is
 * compressed per request. Everything under `assets/` carries a content hash in its name and is cached
 * for a year without asking again; the pages and the unhashed files (voice clips) are revalidated on
 * every load (ETag), so a new build reaches every terminal on its next load.
 */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

/** The cache policy for a file served from `root`. */
function cacheControlFor(root: string, file: string): string {
  const rel = path.relative(root, file).split(path.sep);
  return rel[0] === 'assets' && rel.length > 1 ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
}

/** @fastify/static's options for the terminals' build folder. */
export function staticFileOptions(root: string): FastifyStaticOptions {
  const abs = path.resolve(root);
  return {
    root: abs,
    prefix: '/',
    index: false,
    wildcard: true,
    preCompressed: true,
    // Our own Cache-Control below; send's default (`max-age=0`) would be written over it.
    cacheControl: false,
    setHeaders(res, file) {
      res.setHeader('cache-control', cacheControlFor(abs, file));
      // The same address answers br, gzip or plain bytes: caches must key on what was accepted.
      res.setHeader('vary', 'accept-encoding');
    },
  };
}
