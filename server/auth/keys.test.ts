import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { defaultKeyFile, deriveKeys, ephemeralKeys, loadOrCreateKeyFile, lookupHash, open, recordKeyFingerprint, seal } from './keys';
import { personalHash } from './secrets';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'yc-keys-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the key file', () => {
  it('is created on first start with mode 0600 and read back the same on the next', () => {
    const file = path.join(tmp(), 'keys', 'yichuang-hall.key');
    const first = loadOrCreateKeyFile(file);
    expect(first.created).toBe(true);
    expect(first.warnings).toEqual([]);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadOrCreateKeyFile(file);
    expect(second.created).toBe(false);
    expect(second.keys.fingerprint).toBe(first.keys.fingerprint);
    expect(lookupHash(second.keys, '13812345678')).toBe(lookupHash(first.keys, '13812345678'));
  });

  it('lives in the parent of the data folder by default, not inside it', () => {
    const root = tmp();
    const file = defaultKeyFile(path.join(root, 'data'));
    expect(path.dirname(file)).toBe(root);
  });

  it('warns when others can read it', () => {
    if (process.platform === 'win32') return;
    const file = path.join(tmp(), 'k.key');
    loadOrCreateKeyFile(file);
    chmodSync(file, 0o644);
    expect(loadOrCreateKeyFile(file).warnings[0]).toContain('chmod 600');
  });

  it('refuses a file that is not a key instead of making a new key over it', () => {
    const file = path.join(tmp(), 'k.key');
    writeFileSync(file, 'hello\n');
    expect(() => loadOrCreateKeyFile(file)).toThrow(/not a Yichuang hall key/);
    expect(readFileSync(file, 'utf8')).toBe('hello\n');
  });

  it('ends up with one key when two starts race to create it', () => {
    const file = path.join(tmp(), 'k.key');
    const a = loadOrCreateKeyFile(file);
    const b = loadOrCreateKeyFile(file);
    expect(a.keys.fingerprint).toBe(b.keys.fingerprint);
    expect([a.created, b.created]).toEqual([true, false]);
  });
});

describe('derived keys', () => {
  it('differ per use and per master key', () => {
    const k = deriveKeys(Buffer.alloc(32, 7), 'test');
    expect(k.lookup.equals(k.contact)).toBe(false);
    expect(k.callback.equals(k.contact)).toBe(false);
    expect(k.callback.equals(k.lookup)).toBe(false);
    expect(deriveKeys(Buffer.alloc(32, 8), 'test').lookup.equals(k.lookup)).toBe(false);
  });

  it('give a keyed look-up hash that the old salted SHA-256 construction does not reproduce', () => {
    const k = ephemeralKeys();
    const h = personalHash('13812345678', k);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toBe(createHash('sha256').update('13812345678').digest('hex'));
    expect(personalHash('13812345678', ephemeralKeys())).not.toBe(h);
  });

  it('seal a phone number so that only the same key and ticket open it', () => {
    const k = ephemeralKeys();
    const sealed = seal(k, '13812345678', 'ticket-1');
    expect(sealed).not.toContain('13812345678');
    expect(open(k, sealed, 'ticket-1')).toBe('13812345678');
    expect(open(k, sealed, 'ticket-2')).toBeNull();
    expect(open(ephemeralKeys(), sealed, 'ticket-1')).toBeNull();
    expect(open(k, 'v1.garbage', 'ticket-1')).toBeNull();
    expect(seal(k, '13812345678', 'ticket-1')).not.toBe(sealed);
  });

  it('keep a callback number apart: sealed under the callback key, it does not open as a notice number nor back', () => {
    const k = ephemeralKeys();
    const forCallback = seal(k, '13812345678', 'ticket-1', 'callback');
    expect(open(k, forCallback, 'ticket-1', 'callback')).toBe('13812345678');
    expect(open(k, forCallback, 'ticket-1')).toBeNull();
    expect(open(k, seal(k, '13812345678', 'ticket-1'), 'ticket-1', 'callback')).toBeNull();
  });
});

describe('the key fingerprint in the database', () => {
  it('says first, same, then changed when the key file is replaced', () => {
    const db = openDatabase(':memory:');
    const k = ephemeralKeys();
    expect(recordKeyFingerprint(db, k)).toBe('first');
    expect(recordKeyFingerprint(db, k)).toBe('same');
    expect(recordKeyFingerprint(db, ephemeralKeys())).toBe('changed');
    const stored = JSON.stringify(db.prepare('SELECT * FROM meta').all());
    expect(stored).not.toContain(k.lookup.toString('hex'));
    expect(stored).not.toContain(k.lookup.toString('base64'));
    db.close();
  });
});
