import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BATCH_FORMAT } from './district';

/**
 * HMAC-SHA256 signing of a batch request (docs/cloud-api.md, "Signature"), shared by the hall's sender
 * and the district receiver. The one file in protocol/ that is not environment-neutral: it needs
 * node:crypto, and both ends of the district wire run on Node (no terminal page imports it). The signed bytes are the
 * exact request body as sent (gzip bytes), prefixed with the format, hall id, batch id and timestamp, so
 * a receiver verifies before it decompresses anything and a signature cannot be moved to another hall,
 * batch or time.
 */

/** Signature scheme prefix in the header value; a new scheme gets `v2=`. */
export const SIGNATURE_SCHEME = 'v1';

/** What is signed besides the body. */
export interface SignedParts {
  hallId: string;
  batchId: string;
  /** Milliseconds since the epoch, as written in the timestamp header. */
  timestamp: string;
}

function hmac(key: string, parts: SignedParts, body: Uint8Array): Buffer {
  return createHmac('sha256', key)
    .update(`${BATCH_FORMAT}\n${parts.hallId}\n${parts.batchId}\n${parts.timestamp}\n`)
    .update(body)
    .digest();
}

/** The signature header value for a body: `v1=<64 hex digits>`. */
export function signBatch(key: string, parts: SignedParts, body: Uint8Array): string {
  return `${SIGNATURE_SCHEME}=${hmac(key, parts, body).toString('hex')}`;
}

/** True when `header` is a valid signature of the body under `key` (constant-time comparison). */
export function verifyBatchSignature(key: string, parts: SignedParts, body: Uint8Array, header: string): boolean {
  const m = /^v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!m) return false;
  const given = Buffer.from(m[1]!, 'hex');
  return timingSafeEqual(given, hmac(key, parts, body));
}

/** One outbox row as far as the batch id is concerned. */
export interface BatchIdRow {
  id: number;
  kind: string;
  /** The payload exactly as stored in the outbox. */
  payload: string;
}

/**
 * The stable batch id: the same outbox rows (ids, kinds, payloads) always give the same id, so a batch
 * resent after a lost answer is recognised by the receiver, and different rows never share an id.
 */
export function batchIdOf(hallId: string, rows: readonly BatchIdRow[]): string {
  const h = createHash('sha256').update(`${BATCH_FORMAT}\n${hallId}\n`);
  for (const r of rows) h.update(`${r.id}\t${r.kind}\t${r.payload.length}\t${r.payload}\n`);
  return h.digest('hex').slice(0, 32);
}

/** SHA-256 hex of some bytes; the receiver keeps it per batch to tell a resend from a conflict. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
