import { httpStatusCode, syncFailure } from '../../protocol/district-errors';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import {
  BatchRefusedError,
  type AdapterContext,
  type BatchOutcome,
  type CaseExchangeAdapter,
  type EncodedRequest,
  type OutgoingBatch,
  type ReceivedResponse,
} from './adapter';
import { signBatch } from '../../protocol/district-signature';
import { BATCH_FORMAT, HEADERS, batchReplySchema, errorReplySchema } from '../../protocol/district';

const gzipAsync = promisify(gzip);

/** zlib's default level; measured against the others in docs/benchmarks.md. */
const GZIP_LEVEL = 6;

/** The path of the batch endpoint under the district's base URL. */
export function batchPath(hallId: string): string {
  return `/api/v1/halls/${encodeURIComponent(hallId)}/batches`;
}

/**
 * The JSON body of a batch (before gzip), as UTF-8; deterministic for the same batch. A record's stored
 * JSON goes in as it is (its bytes copied, never parsed): the hall writes it with JSON.stringify, so
 * this is byte for byte what stringifying the parsed records gives (a batch pinned by an earlier
 * version goes again with the same body).
 */
export function batchBody(batch: OutgoingBatch, hallId: string): Buffer {
  const head = Buffer.from(
    `{"format":${JSON.stringify(BATCH_FORMAT)},"hallId":${JSON.stringify(hallId)},"batchId":${JSON.stringify(batch.batchId)},"records":[`,
  );
  const parts = batch.records.map((r, i) => {
    const data = r.bytes ?? textOf(r);
    // JSON.stringify leaves out a key whose value is undefined.
    const key = data === undefined ? '' : ',"data":';
    return { open: `${i === 0 ? '' : ','}{"seq":${JSON.stringify(r.seq)},"kind":${JSON.stringify(r.kind)}${key}`, data };
  });
  let size = head.length + 2;
  for (const p of parts) size += Buffer.byteLength(p.open) + (p.data?.length ?? 0) + 1;
  const body = Buffer.allocUnsafe(size);
  let at = head.copy(body, 0);
  for (const p of parts) {
    at += body.write(p.open, at, 'utf8');
    if (p.data) {
      body.set(p.data, at);
      at += p.data.length;
    }
    body[at++] = 0x7d; // }
  }
  at += body.write(']}', at, 'utf8');
  return body.subarray(0, at);
}

/** A record's JSON as UTF-8 when it came without its stored bytes, or undefined for no payload. */
function textOf(r: OutgoingBatch['records'][number]): Buffer | undefined {
  const text = r.json ?? (JSON.stringify(r.payload) as string | undefined);
  return text === undefined ? undefined : Buffer.from(text, 'utf8');
}

function summarise(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The default adapter (docs/cloud-api.md): gzip JSON, HMAC-SHA256 over the body with the hall's key and
 * a timestamp, answer validated with zod. Only records the receiver named as accepted count as
 * delivered; an answer that is not the documented shape refuses the whole batch (it is resent).
 */
export function createDefaultAdapter(): CaseExchangeAdapter {
  // Bodies by batch id, compressed once: the pinned batch goes again, byte for byte, after a failure
  // (only the timestamp and so the signature are new on a resend), and the next batch's body is made
  // while the current one is in flight. Two at most: the batch in flight and the one after it.
  const bodies = new Map<string, Buffer>();
  const keyOf = (batch: OutgoingBatch, hallId: string) => `${hallId}\n${batch.batchId}`;
  function keep(key: string, body: Buffer): void {
    bodies.delete(key);
    bodies.set(key, body);
    while (bodies.size > 2) bodies.delete(bodies.keys().next().value!);
  }
  return {
    name: 'yichuang-v1',

    async prepare(batch: OutgoingBatch, ctx: AdapterContext): Promise<void> {
      const key = keyOf(batch, ctx.hallId);
      if (bodies.has(key)) return;
      try {
        // On libuv's thread pool: the compression does not hold the event loop (nor the hall's terminals).
        keep(key, await gzipAsync(batchBody(batch, ctx.hallId), { level: GZIP_LEVEL }));
      } catch {
        // Left to encode, which reports what fails.
      }
    },

    encode(batch: OutgoingBatch, ctx: AdapterContext): EncodedRequest {
      const key = keyOf(batch, ctx.hallId);
      let body = bodies.get(key);
      if (!body) {
        body = gzipSync(batchBody(batch, ctx.hallId), { level: GZIP_LEVEL });
        keep(key, body);
      }
      const timestamp = String(ctx.now);
      const base = ctx.url.replace(/\/+$/, '');
      return {
        url: `${base}${batchPath(ctx.hallId)}`,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          [HEADERS.batchId]: batch.batchId,
          [HEADERS.timestamp]: timestamp,
          [HEADERS.signature]: signBatch(ctx.key, { hallId: ctx.hallId, batchId: batch.batchId, timestamp }, body),
        },
        body,
      };
    },

    decode(res: ReceivedResponse, batch: OutgoingBatch): BatchOutcome {
      const json = parseJson(res.body);
      if (res.status < 200 || res.status >= 300) {
        const err = errorReplySchema.safeParse(json);
        const code = err.success ? err.data.error.code : httpStatusCode(res.status);
        const message = err.success
          ? err.data.error.message
          : summarise(Buffer.from(res.body).toString('utf8')) || `HTTP ${res.status}`;
        throw new BatchRefusedError(code, message, { status: res.status, tooLarge: res.status === 413 });
      }
      const reply = batchReplySchema.safeParse(json);
      if (!reply.success) {
        const bad = syncFailure('BAD_REPLY', summarise(reply.error.message));
        throw new BatchRefusedError(bad.code, bad.message, { status: res.status });
      }
      if (reply.data.batchId !== batch.batchId) {
        const bad = syncFailure('BAD_REPLY', `批次号不符 ${reply.data.batchId}`);
        throw new BatchRefusedError(bad.code, bad.message, { status: res.status });
      }
      return { accepted: reply.data.accepted, rejected: reply.data.rejected };
    },
  };
}
