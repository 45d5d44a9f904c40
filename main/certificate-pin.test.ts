import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSelfSigned, fingerprintOf } from '../server/tls/self-signed';
import { certificatePolicy, normalizeFingerprint } from './certificate-pin';
import { resolveShellConfig } from './config';
import { runShell } from './shell';
import { FakeHost, ManualScheduler, MemoryFs, MemoryLogger } from './testing/fakes';

const hall = makeSelfSigned(['10.0.0.5']);
const stranger = makeSelfSigned(['10.0.0.5']);
const pin = fingerprintOf(hall.cert);
const SERVER = 'https://10.0.0.5:8443';

describe('certificate pinning', () => {
  it('accepts only the pinned certificate from the hall server, and leaves other hosts to Chromium', () => {
    const verify = certificatePolicy(SERVER, pin);
    expect(verify({ hostname: '10.0.0.5', certificatePem: hall.cert })).toBe('accept');
    expect(verify({ hostname: '10.0.0.5', certificatePem: stranger.cert })).toBe('reject');
    expect(verify({ hostname: '10.0.0.5', certificatePem: 'not a certificate' })).toBe('reject');
    expect(verify({ hostname: 'example.org', certificatePem: hall.cert })).toBe('chromium');
  });

  it('without a pin, leaves every certificate to Chromium (a self-signed one is then refused)', () => {
    const verify = certificatePolicy(SERVER, null);
    expect(verify({ hostname: '10.0.0.5', certificatePem: hall.cert })).toBe('chromium');
  });

  it('reads the fingerprint with or without colons, in any case, and needs an https server', () => {
    const bare = pin.replace(/:/g, '').toLowerCase();
    expect(normalizeFingerprint(bare)).toBe(pin);
    const fs = { readFile: () => null };
    const ok = resolveShellConfig(['--role', 'display', '--server', SERVER, '--cert-fingerprint', bare], '/none', fs);
    expect(ok).toMatchObject({ ok: true, config: { certFingerprint: pin } });
    const plain = resolveShellConfig(['--role', 'display', '--server', 'http://10.0.0.5:8080', '--cert-fingerprint', pin], '/none', fs);
    expect(plain).toMatchObject({ ok: false, error: { code: 'BAD_CONFIG' } });
    const short = resolveShellConfig(['--role', 'display', '--server', SERVER, '--cert-fingerprint', 'AB:CD'], '/none', fs);
    expect(short).toMatchObject({ ok: false, error: { code: 'BAD_CONFIG' } });
  });

  it('is installed by the shell before the first page loads', async () => {
    const host = new FakeHost();
    let policyAtFirstWindow: unknown = undefined;
    const createWindow = host.createWindow.bind(host);
    host.createWindow = (options) => {
      policyAtFirstWindow ??= host.certificatePolicy;
      return createWindow(options);
    };
    const runtime = await runShell({
      host,
      argv: ['--role', 'display', '--server', SERVER, '--device-token', 'display-token-1', '--cert-fingerprint', pin],
      env: {},
      platform: 'linux',
      executable: '/opt/Yichuang/yichuang',
      hostname: 'display-1',
      configHome: '/home/display/.config',
      fs: new MemoryFs(),
      fetch: async () => ({ status: 200 }),
      scheduler: new ManualScheduler(),
      logger: new MemoryLogger(),
      onFatal: () => undefined,
      createPrinter: () => {
        throw new Error('no printer');
      },
      preloadPath: '/opt/Yichuang/preload.cjs',
      fontCss: '',
    });
    expect(runtime).not.toBeNull();
    expect(policyAtFirstWindow).toBeTypeOf('function');
    expect(host.certificatePolicy?.({ hostname: '10.0.0.5', certificatePem: hall.cert })).toBe('accept');
    expect(host.certificatePolicy?.({ hostname: '10.0.0.5', certificatePem: stranger.cert })).toBe('reject');
  });

  it('leaves no way to ignore certificate errors anywhere in the shell', () => {
    const dir = import.meta.dirname;
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|cjs|mjs|js)$/.test(f) && !f.endsWith('.test.ts'));
    for (const file of sources) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/ignore-certificate-errors|allow-insecure-localhost|rejectUnauthorized\s*:\s*false|'certificate-error'/);
    }
  });
});
