import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database';

/**
 * The hall's personal-data keys. One random master key lives in a key file OUTSIDE the hall database
 * (`hall.db` alone, a copied backup or a stolen disk image of the data folder, gives no key), and two keys
 * are derived from it with HKDF-SHA256, one per use, so neither use can weaken the other:
 * - `lookup`: the HMAC-SHA256 key of the look-up hashes of ID and phone numbers;
 * - `contact`: the AES-256-GCM key of the phone numbers the notifier keeps until a ticket ends;
 * - `callback`: the AES-256-GCM key of the phone numbers kept for a 差评 callback (差评回访) after the
 *   ticket has ended: a key of its own, so a number moved between the two tables cannot be opened there.
 * Losing the key file means old look-up hashes no longer match and queued notices cannot be sent
 * (docs/privacy.md, "The key file").
 */
export interface HallKeys {
  readonly lookup: Buffer;
  readonly contact: Buffer;
  readonly callback: Buffer;
  /** An HMAC of a fixed label under the lookup key: tells a start that the key changed, reveals nothing of it. */
  readonly fingerprint: string;
  /** The key file's path, or 'memory' for a key that lives only as long as the process. */
  readonly source: string;
}

const HEADER = 'yichuang-hall-key v1';
const MASTER_BYTES = 32;

/** Derives the use keys from the master key (HKDF-SHA256, a distinct `info` per use). */
export function deriveKeys(master: Buffer, source: string): HallKeys {
  if (master.length !== MASTER_BYTES) throw new Error(`the hall key must be ${MASTER_BYTES} bytes, got ${master.length}`);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  const lookup = derive('yichuang/personal-lookup/hmac-sha256/v1');
  const contact = derive('yichuang/notify-contact/aes-256-gcm/v1');
  const callback = derive('yichuang/callback-contact/aes-256-gcm/v1');
  const fingerprint = createHmac('sha256', lookup).update('yichuang key fingerprint').digest('hex').slice(0, 16);
  return { lookup, contact, callback, fingerprint, source };
}

/** A key for this process only (unit tests, a hall started without a key file): nothing it made survives a restart. */
export function ephemeralKeys(): HallKeys {
  return deriveKeys(randomBytes(MASTER_BYTES), 'memory');
}

/** Where the key file goes by default: beside the data folder, in its parent, so copying `data/` does not copy it. */
export function defaultKeyFile(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), 'yichuang-hall.key');
}

function parseKeyFile(file: string, text: string): Buffer {
  const [header, body] = text.split(/\r?\n/);
  const master = Buffer.from((body ?? '').trim(), 'base64');
  if (header?.trim() !== HEADER || master.length !== MASTER_BYTES) {
    throw new Error(`the key file ${file} is not a Yichuang hall key (expected "${HEADER}" and ${MASTER_BYTES} bytes in base64); restore it from the backup or point YICHUANG_KEY_FILE at the right file`);
  }
  return master;
}

export interface LoadedKeys {
  keys: HallKeys;
  /** True when this start made the key file (first start, or the file was lost). */
  created: boolean;
  /** Things the operator should hear about (a key file others can read). */
  warnings: string[];
}

/**
 * Reads the key file, or creates it with mode 0600 when it does not exist. Creation is atomic: the key
 * is written to a private temporary file and hard-linked into place, so two servers starting at once
 * end up with the same key and a reader never sees half a file. A file that exists but is not a key is
 * an error: making a new key then would silently orphan every hash and sealed number made with the old one.
 */
export function loadOrCreateKeyFile(file: string): LoadedKeys {
  const warnings: string[] = [];
  const abs = path.resolve(file);
  let created = false;
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${HEADER}\n${randomBytes(MASTER_BYTES).toString('base64')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, abs);
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
    text = readFileSync(abs, 'utf8');
  }
  const master = parseKeyFile(abs, text);
  if (process.platform !== 'win32' && (statSync(abs).mode & 0o077) !== 0) {
    warnings.push(`the key file ${abs} can be read by other users: chmod 600 it`);
  }
  return { keys: deriveKeys(master, abs), created, warnings };
}

/**
 * Compares the key with the one the database was last used with (its fingerprint in `meta`) and records
 * it. 'changed' means hashes and sealed numbers made before no longer match: the key file was replaced
 * or lost. The hall keeps running either way (a lost key must not close the hall); the caller says it loudly.
 */
export function recordKeyFingerprint(db: Db, keys: HallKeys): 'first' | 'same' | 'changed' {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'personal_key_fingerprint'").get() as { value: string } | undefined;
  if (row?.value === keys.fingerprint) return 'same';
  db.prepare("INSERT INTO meta (key, value) VALUES ('personal_key_fingerprint', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(keys.fingerprint);
  return row ? 'changed' : 'first';
}

/** Look-up hash of an ID or phone number: HMAC-SHA256 under the hall's lookup key, hex. */
export function lookupHash(keys: HallKeys, value: string): string {
  return createHmac('sha256', keys.lookup).update(value).digest('hex');
}

/** Which sealing key: the notifier's (open tickets) or the callback's (差评回访 after the ticket ended). */
export type SealUse = 'contact' | 'callback';

/**
 * Seals a short secret (a phone number) with AES-256-GCM under the `use` key: `v1.<iv>.<tag>.<data>`,
 * base64url. `context` (the ticket id) is authenticated, so a sealed number moved to another row fails to open.
 */
export function seal(keys: HallKeys, plain: string, context: string, use: SealUse = 'contact'): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys[use], iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Opens a sealed secret; null when it was sealed under another key or context, or is damaged. */
export function open(keys: HallKeys, sealed: string, context: string, use: SealUse = 'contact'): string | null {
  const [v, iv, tag, data] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys[use], Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
