import { gzipSync } from 'node:zlib';
import { createDefaultAdapter } from '../../server/sync/default-adapter';
import { batchIdOf, signBatch } from '../../protocol/district-signature';
import { HEADERS } from '../../protocol/district';
import { TEST_HALL_ID, TEST_HALL_KEY } from '../../server/sync/test-support/fixtures';

/** A record as a test puts it in a batch: any data, even invalid. */
export interface RawRecord {
  seq: number;
  kind: string;
  data: unknown;
}

/** A request as `app.inject` takes it. */
export interface SignedRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  payload: Buffer;
}

/** A batch request signed like the hall's default adapter, with a batch id from its records. */
export function signedBatch(records: RawRecord[], opts: { hallId?: string; key?: string; now?: number } = {}): SignedRequest {
  const hallId = opts.hallId ?? TEST_HALL_ID;
  const batchId = batchIdOf(
    hallId,
    records.map((r) => ({ id: r.seq, kind: r.kind, payload: JSON.stringify(r.data) })),
  );
  const req = createDefaultAdapter().encode(
    { batchId, records: records.map((r) => ({ seq: r.seq, kind: r.kind as 'case', caseId: '', payload: r.data })) },
    { url: 'http://x', hallId, key: opts.key ?? TEST_HALL_KEY, now: opts.now ?? Date.now() },
  );
  return { method: 'POST', url: new URL(req.url).pathname, headers: req.headers, payload: Buffer.from(req.body) };
}

/** A request with any body bytes, signed correctly, for the envelope checks after the signature. */
export function signedRaw(
  json: string | Buffer,
  opts: { hallId?: string; batchId?: string; encoding?: string; gzip?: boolean; now?: number } = {},
): SignedRequest {
  const hallId = opts.hallId ?? TEST_HALL_ID;
  const batchId = opts.batchId ?? 'a'.repeat(32);
  const timestamp = String(opts.now ?? Date.now());
  const raw = typeof json === 'string' ? Buffer.from(json) : json;
  const body = opts.gzip === false ? raw : gzipSync(raw);
  return {
    method: 'POST',
    url: `/api/v1/halls/${hallId}/batches`,
    headers: {
      'content-type': 'application/json',
      'content-encoding': opts.encoding ?? (opts.gzip === false ? 'identity' : 'gzip'),
      [HEADERS.batchId]: batchId,
      [HEADERS.timestamp]: timestamp,
      [HEADERS.signature]: signBatch(TEST_HALL_KEY, { hallId, batchId, timestamp }, body),
    },
    payload: body,
  };
}
