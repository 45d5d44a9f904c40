import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { lookupHash, type HallKeys } from './keys';

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's baseline), 64-byte keys. */
const N = 32768;
const R = 8;
const P = 1;
const KEYLEN = 64;

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEYLEN, { ...opts, maxmem: 128 * N * R * 2 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * `scrypt$N$r$p$salt$hash`, all the parameters kept with the hash so they can be raised later.
 * `cost` lowers N for test halls only (seeding 20 demo staff at full cost takes seconds).
 */
export async function hashPassword(password: string, cost = N): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N: cost, r: R, p: P });
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Tokens (device and session) are stored only as their SHA-256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Look-up hash of personal data (ID and phone numbers): HMAC-SHA256 under the hall's lookup key, which
 * lives in the key file outside the database (server/auth/keys.ts), so the same person can be found again
 * without the number being stored, and the hashes in a copied `hall.db` cannot be searched back to numbers.
 */
export function personalHash(value: string, keys: HallKeys): string {
  return lookupHash(keys, value);
}
