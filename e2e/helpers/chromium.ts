import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

/**
 * Which Chromium the browser tests and the bench drive: the system's where there is one (CI installs
 * Debian's), otherwise the one `npm install` brought (`@sparticuz/chromium`, a brotli-packed
 * headless Chromium inside the npm package), so `npm install && npm test` is the whole set-up.
 */
export interface ChromiumBinary {
  executablePath: string;
  /** Where it came from, for the test log. */
  source: 'CHROMIUM_PATH' | 'system' | 'npm';
  /** Extra environment for the browser process (the npm build's own fontconfig file). */
  env: Record<string, string>;
}

/** Debian, Ubuntu and Google's names for a system Chromium, in the order we prefer them. */
export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Unpacked once per package version; `node_modules/.cache` goes away with node_modules. */
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'yichuang-chromium');

let found: Promise<ChromiumBinary> | null = null;

/**
 * The Chromium to launch. CHROMIUM_PATH wins (and must exist: a typo should fail, not silently test
 * another browser); then the first system Chromium; then the npm one, unpacked on first use.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = SYSTEM_CHROMIUMS): Promise<ChromiumBinary> {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (!existsSync(explicit)) return Promise.reject(new Error(`CHROMIUM_PATH=${explicit} does not exist`));
    return Promise.resolve({ executablePath: explicit, source: 'CHROMIUM_PATH', env: {} });
  }
  const system = candidates.find((p) => existsSync(p));
  if (system) return Promise.resolve({ executablePath: system, source: 'system', env: {} });
  found ??= unpackNpmChromium(CACHE).catch((e: unknown) => {
    found = null;
    throw e;
  });
  return found;
}

/** The folder of `@sparticuz/chromium` (its `exports` hide package.json, so walk up from its entry). */
function packageDir(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  while (!existsSync(path.join(dir, 'bin', 'chromium.br'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('@sparticuz/chromium is installed without its bin/chromium.br');
    dir = up;
  }
  return dir;
}

/**
 * Unpacks the npm Chromium into `cacheRoot/<version>/`: the binary, its SwiftShader libraries beside it
 * (as the package lays them out) and its fonts with a fontconfig file of our own (the package's points
 * at Lambda's folders). The package's own `executablePath()` unpacks into the shared temp folder and
 * takes any half-written `/tmp/chromium` as done; here a partial unpack lives under a private name and
 * is renamed into place only when complete, so parallel or interrupted runs never see half a browser.
 */
export async function unpackNpmChromium(cacheRoot: string, pkgDir: string = packageDir()): Promise<ChromiumBinary> {
  const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const target = path.join(cacheRoot, version);
  const binary = { executablePath: path.join(target, 'chromium'), source: 'npm' as const, env: { FONTCONFIG_FILE: path.join(target, 'fonts.conf') } };
  if (existsSync(path.join(target, 'complete'))) return binary;

  mkdirSync(cacheRoot, { recursive: true });
  const partial = path.join(cacheRoot, `${version}.partial-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(partial);
  try {
    const bin = path.join(pkgDir, 'bin');
    await pipeline(createReadStream(path.join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(path.join(partial, 'chromium'), { mode: 0o755 }));
    await untarBrotli(path.join(bin, 'swiftshader.tar.br'), partial);
    mkdirSync(path.join(partial, 'fonts'));
    await untarBrotli(path.join(bin, 'fonts.tar.br'), path.join(partial, 'fonts'));
    writeFileSync(
      path.join(partial, 'fonts.conf'),
      // Only the package's own fonts (Open Sans, for Latin fallback): the terminals self-host their CJK
      // type, and a test must not pass on one machine because of a font another lacks.
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${path.join(target, 'fonts')}</dir>\n  <cachedir>${path.join(target, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    writeFileSync(path.join(partial, 'complete'), `${version}\n`);
    try {
      renameSync(partial, target);
    } catch (e) {
      // Another process finished first: its copy is as good as ours.
      if (!existsSync(path.join(target, 'complete'))) throw e;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return binary;
}

/**
 * `tar -x` of a brotli-compressed tarball (tar is in every Debian base system; Node has brotli). The
 * tarball is decompressed to a file first: tar stops reading at the end-of-archive marker, so piping
 * into it fails (EPIPE, "Premature close") when padding follows the marker and tar exits first.
 */
export async function untarBrotli(file: string, into: string): Promise<void> {
  const tarball = path.join(into, `.${path.basename(file, '.br')}`);
  await pipeline(createReadStream(file), createBrotliDecompress(), createWriteStream(tarball));
  try {
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-x', '--no-same-owner', '-f', tarball, '-C', into], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      tar.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      tar.once('error', reject);
      tar.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar -x ${path.basename(file)} failed (${code}): ${stderr.trim()}`))));
    });
  } finally {
    rmSync(tarball, { force: true });
  }
}

/**
 * The flags every launch uses. Headless without a sandbox (the tests run as root in CI); no GPU;
 * none of Chromium's calls home, which a closed network refuses many times a second; audio may play
 * without a gesture, as in the Electron shell, so the display's announcements really play.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];
