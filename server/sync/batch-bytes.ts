import { createHash } from 'node:crypto';
import { BATCH_FORMAT } from '../../protocol/district';

/** An outbox row as the sender reads it for a batch: the payload as its stored UTF-8 bytes. */
export interface RowBytes {
  id: number;
  kind: string;
  bytes: Uint8Array;
}

/**
 * The length in UTF-16 code units (JavaScript's `string.length`) of UTF-8 text: every byte that starts
 * a character counts one, and a four-byte character (outside the BMP) two.
 */
export function utf16Length(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/**
 * `batchIdOf` (protocol/district-signature.ts) computed from the payloads' UTF-8 bytes, without decoding
 * them into strings and encoding them again: the same id for the same rows (a test holds the two equal).
 * The hashed text is laid out in one buffer and hashed in one call.
 */
export function batchIdOfBytes(hallId: string, rows: readonly RowBytes[]): string {
  const heads = rows.map((r) => `${r.id}\t${r.kind}\t${utf16Length(r.bytes)}\t`);
  let size = 0;
  rows.forEach((r, i) => {
    size += Buffer.byteLength(heads[i]!) + r.bytes.length + 1;
  });
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  rows.forEach((r, i) => {
    at += buf.write(heads[i]!, at, 'utf8');
    buf.set(r.bytes, at);
    at += r.bytes.length;
    buf[at++] = 0x0a;
  });
  return createHash('sha256').update(`${BATCH_FORMAT}\n${hallId}\n`).update(buf).digest('hex').slice(0, 32);
}
