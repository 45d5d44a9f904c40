import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE } from '../server/http/static-files';
import { startTestHall, type TestHall } from './helpers/hall';

/**
 * The terminals' files as the hall server sends them (issue 14: every terminal draws within 500 ms from
 * a cold cache): the build's brotli or gzip copy as the browser accepts it, hashed assets cached for a
 * year, pages revalidated, and the page headers (CSP) unchanged.
 */
const KIOSK_HTML = `<!doctype html><html><head><title>自助取号</title></head><body>${'<p>取号</p>'.repeat(100)}</body></html>`;
const APP_JS = `export const catalogue = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, name: `事项${i}` })))};\n`;

let webDir: string;
let hall: TestHall;

function writeWithCopies(file: string, text: string): void {
  writeFileSync(file, text);
  writeFileSync(`${file}.br`, brotliCompressSync(Buffer.from(text)));
  writeFileSync(`${file}.gz`, gzipSync(Buffer.from(text)));
}

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'yichuang-static-'));
  mkdirSync(path.join(webDir, 'assets'));
  mkdirSync(path.join(webDir, 'voice'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>一窗</title>');
  writeWithCopies(path.join(webDir, 'kiosk.html'), KIOSK_HTML);
  writeWithCopies(path.join(webDir, 'assets', 'kiosk-Cty0mBQL.js'), APP_JS);
  writeFileSync(path.join(webDir, 'assets', 'noto-sans-sc-119-400-normal-flOVnW3A.woff2'), Buffer.alloc(2048, 7));
  writeFileSync(path.join(webDir, 'voice', 'chime.mp3'), Buffer.alloc(1024, 1));
  hall = await startTestHall({ webDir });
});

afterAll(async () => {
  await hall?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with exactly the headers given (fetch would add its own Accept-Encoding and decode). */
function get(route: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${hall.server.url}${route}`, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the terminals as the hall server sends them', () => {
  it('sends the brotli copy of a script to a browser that accepts brotli, with its own type', async () => {
    const r = await get('/assets/kiosk-Cty0mBQL.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/^(?:text|application)\/javascript/);
    expect(brotliDecompressSync(r.body).toString()).toBe(APP_JS);
    expect(r.body.length).toBeLessThan(APP_JS.length / 3);
  });

  it('sends the gzip copy when brotli is not accepted, and plain bytes when nothing is', async () => {
    const gz = await get('/assets/kiosk-Cty0mBQL.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS);
    const plain = await get('/assets/kiosk-Cty0mBQL.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
  });

  it('caches hashed assets for a year and says the answer depends on the accepted encoding', async () => {
    for (const route of ['/assets/kiosk-Cty0mBQL.js', '/assets/noto-sans-sc-119-400-normal-flOVnW3A.woff2']) {
      const r = await get(route, { 'accept-encoding': 'br' });
      expect(r.status, route).toBe(200);
      expect(r.headers['cache-control'], route).toBe(IMMUTABLE_CACHE);
      expect(String(r.headers.vary), route).toMatch(/accept-encoding/i);
    }
  });

  it('revalidates pages and unhashed files on every load, and answers 304 to a browser that has them', async () => {
    const page = await get('/kiosk', { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe(REVALIDATE_CACHE);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(brotliDecompressSync(page.body).toString()).toBe(KIOSK_HTML);
    const again = await get('/kiosk', { 'accept-encoding': 'br', 'if-none-match': String(page.headers.etag) });
    expect(again.status).toBe(304);

    const clip = await get('/voice/chime.mp3', { 'accept-encoding': 'br' });
    expect(clip.status).toBe(200);
    expect(clip.headers['content-encoding']).toBeUndefined();
    expect(clip.headers['cache-control']).toBe(REVALIDATE_CACHE);
  });

  it('serves a page that has no compressed copy as it is', async () => {
    const r = await get('/', { 'accept-encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString()).toContain('一窗');
  });
});
