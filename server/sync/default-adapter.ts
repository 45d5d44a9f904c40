import { httpStatusCode, syncFailure } from '../../protocol/district-errors';
import { gzipSync } from 'node:zlib';
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

/** The path of the batch endpoint under the district's base URL. */
export function batchPath(hallId: string): string {
  return `/api/v1/halls/${encodeURIComponent(hallId)}/batches`;
}

/** The JSON body of a batch (before gzip); deterministic for the same batch. */
export function batchBody(batch: OutgoingBatch, hallId: string): string {
  return JSON.stringify({
    format: BATCH_FORMAT,
    hallId,
    batchId: batch.batchId,
    records: batch.records.map((r) => ({ seq: r.seq, kind: r.kind, data: r.payload })),
  });
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
  // The pinned batch goes again, byte for byte, after a failure: its body is compressed once. Only the
  // timestamp and so the signature are new on a resend.
  let last: { batchId: string; hallId: string; body: Buffer } | null = null;
  return {
    name: 'yichuang-v1',

    encode(batch: OutgoingBatch, ctx: AdapterContext): EncodedRequest {
      if (last?.batchId !== batch.batchId || last.hallId !== ctx.hallId) {
        last = { batchId: batch.batchId, hallId: ctx.hallId, body: gzipSync(Buffer.from(batchBody(batch, ctx.hallId), 'utf8')) };
      }
      const body = last.body;
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
