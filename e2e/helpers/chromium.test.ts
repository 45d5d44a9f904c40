import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium, unpackNpmChromium, untarBrotli } from './chromium';

const tmp = mkdtempSync(path.join(tmpdir(), 'yichuang-chromium-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('which Chromium the browser tests use', () => {
  it('takes CHROMIUM_PATH first and refuses one that does not exist', async () => {
    const fake = path.join(tmp, 'my-chromium');
    writeFileSync(fake, '');
    await expect(findChromium({ CHROMIUM_PATH: fake }, [])).resolves.toMatchObject({ executablePath: fake, source: 'CHROMIUM_PATH' });
    await expect(findChromium({ CHROMIUM_PATH: path.join(tmp, 'missing') }, [fake])).rejects.toThrow(/does not exist/);
  });

  it('prefers the first system Chromium that exists over the npm one', async () => {
    const second = path.join(tmp, 'chromium-browser');
    writeFileSync(second, '');
    const found = await findChromium({}, [path.join(tmp, 'no-such-chromium'), second]);
    expect(found).toEqual({ executablePath: second, source: 'system', env: {} });
  });
});

// Run everywhere, also where a system Chromium exists, so CI keeps the bare machine's path tested.
describe('the Chromium npm installs', () => {
  const cache = path.join(tmp, 'cache');

  it('unpacks a tarball whose padding runs on after the end-of-archive marker', async () => {
    // tar stops reading at the marker; bytes after it (the packages' tarballs have padding) must not
    // turn a complete unpack into a failed one.
    const src = path.join(tmp, 'tar-src');
    mkdirSync(src);
    writeFileSync(path.join(src, 'fonts.conf'), '<fontconfig/>');
    const tar = execFileSync('tar', ['-c', '-C', src, 'fonts.conf']);
    const br = path.join(tmp, 'padded.tar.br');
    writeFileSync(br, brotliCompressSync(Buffer.concat([tar, Buffer.alloc(8 * 1024 * 1024)])));
    const into = path.join(tmp, 'tar-out');
    mkdirSync(into);
    await untarBrotli(br, into);
    expect(readFileSync(path.join(into, 'fonts.conf'), 'utf8')).toBe('<fontconfig/>');
    expect(execFileSync('ls', ['-A', into], { encoding: 'utf8' }).trim()).toBe('fonts.conf');
  });

  it('unpacks once into a folder of its own, complete or not at all', async () => {
    const first = await unpackNpmChromium(cache);
    expect(first.source).toBe('npm');
    expect(statSync(first.executablePath).mode & 0o111).not.toBe(0);
    expect(existsSync(path.join(path.dirname(first.executablePath), 'libGLESv2.so'))).toBe(true);
    expect(execFileSync(first.executablePath, ['--version'], { encoding: 'utf8' })).toMatch(/Chromium \d+/);
    // The second call finds the finished copy and leaves no partial folder behind.
    const again = await unpackNpmChromium(cache);
    expect(again).toEqual(first);
    expect(execFileSync('ls', [cache], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
  });

  it('renders a page with its own fonts and plays audio without a gesture', async () => {
    const binary = await unpackNpmChromium(cache);
    const browser = await chromium.launch({ executablePath: binary.executablePath, env: { ...process.env, ...binary.env }, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="p" style="font: 20px sans-serif">A001 请到 1 号窗口</p>');
      // The text is drawn with the package's Open Sans: fontconfig found the fonts through our file.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#p' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(fonts.map((f) => f.familyName)).toContain('Open Sans');
      const audio = (await page.evaluate(`(async () => {
        const ctx = new AudioContext();
        const src = ctx.createBufferSource();
        src.buffer = ctx.createBuffer(1, 2205, 44100);
        src.connect(ctx.destination);
        await new Promise((ended) => { src.onended = ended; src.start(); });
        return ctx.state;
      })()`)) as string;
      expect(audio).toBe('running');
    } finally {
      await browser.close();
    }
  });
});
