import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sha256Hex, verifyBatchSignature } from '../protocol/district-signature';
import { HEADERS, MAX_BATCH_RECORDS, batchEnvelopeSchema, batchIdSchema } from '../protocol/district';
import type { HallKey } from './config';
import type { CloudDatabase } from './db/database';
import { CloudError } from './errors';
import { ingestBatch } from './ingest';

const gunzipAsync = promisify(gunzip);

/** Most bytes a request body may have on the wire, and after decompression. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
/** Bodies up to this many bytes on the wire are inflated on the event loop (see `inflate`). */
const INFLATE_INLINE_BYTES = 256 * 1024;

/** What the batch route needs. */
export interface BatchRouteDeps {
  db: CloudDatabase;
  halls: ReadonlyMap<string, HallKey>;
  now: () => number;
  maxSkewMs: number;
}

const paramsSchema = z.object({ hallId: z.string().min(1).max(64) });
const headersSchema = z.object({
  [HEADERS.batchId]: batchIdSchema,
  [HEADERS.timestamp]: z.string().regex(/^\d{1,15}$/),
  [HEADERS.signature]: z.string().max(200),
});

function summarise(e: z.ZodError): string {
  return e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

async function inflate(req: FastifyRequest, body: Buffer): Promise<Buffer> {
  const enc = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (enc === 'identity') return body;
  if (enc !== 'gzip') throw new CloudError('UNSUPPORTED_ENCODING', enc);
  try {
    // A hall's batch is some tens of KB of gzip, inflated in about a millisecond: on the thread pool
    // the hop there and back cost several times that on every batch's path. Larger bodies (up to the
    // 64 MiB cap) are inflated there, so that one request does not hold the others up for long.
    if (body.length <= INFLATE_INLINE_BYTES) return gunzipSync(body, { maxOutputLength: MAX_INFLATED_BYTES });
    return await gunzipAsync(body, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new CloudError('BATCH_TOO_LARGE');
    throw new CloudError('BAD_REQUEST', 'gzip 数据无法解压');
  }
}

/**
 * `POST /api/v1/halls/:hallId/batches`: checks, in this order, the hall, the headers, the timestamp and
 * the signature (all before decompressing a byte), then the envelope, then stores the batch and answers
 * for every record. Registered in its own scope so that its raw-body parser touches no other route.
 */
export async function registerBatchRoute(app: FastifyInstance, deps: BatchRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    // The signature covers the bytes as sent, so the body must reach us untouched.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => {
      done(null, body);
    });

    scope.post('/api/v1/halls/:hallId/batches', async (req, reply) => {
      const params = paramsSchema.safeParse(req.params);
      if (!params.success) throw new CloudError('BAD_REQUEST', summarise(params.error));
      const hallId = params.data.hallId;
      const hall = deps.halls.get(hallId);
      if (!hall) throw new CloudError('UNKNOWN_HALL', hallId);

      const h = headersSchema.safeParse(req.headers);
      if (!h.success) throw new CloudError('BAD_REQUEST', summarise(h.error));
      const batchId = h.data[HEADERS.batchId];
      const timestamp = h.data[HEADERS.timestamp];
      const now = deps.now();
      if (Math.abs(now - Number(timestamp)) > deps.maxSkewMs) {
        throw new CloudError('STALE_TIMESTAMP', `服务器时间 ${new Date(now).toISOString()}`);
      }
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new CloudError('BAD_REQUEST', '请求体为空');
      if (!verifyBatchSignature(hall.key, { hallId, batchId, timestamp }, req.body, h.data[HEADERS.signature])) {
        throw new CloudError('BAD_SIGNATURE');
      }

      const raw = await inflate(req, req.body);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new CloudError('BAD_REQUEST', '请求体不是合法的 JSON');
      }
      const env = batchEnvelopeSchema.safeParse(json);
      if (!env.success) throw new CloudError('BAD_REQUEST', summarise(env.error));
      if (env.data.hallId !== hallId) throw new CloudError('HALL_MISMATCH', env.data.hallId);
      if (env.data.batchId !== batchId) throw new CloudError('BATCH_ID_MISMATCH', env.data.batchId);
      if (env.data.records.length > MAX_BATCH_RECORDS) {
        throw new CloudError('BATCH_TOO_LARGE', `每批最多 ${MAX_BATCH_RECORDS} 条`);
      }

      const answer = await ingestBatch(deps.db, {
        hallId,
        batchId,
        bodySha256: sha256Hex(raw),
        records: env.data.records,
        now,
      });
      req.log.info(
        { hallId, batchId, accepted: answer.accepted.length, rejected: answer.rejected.length, replayed: answer.replayed },
        'batch received',
      );
      return reply.code(200).send(answer);
    });
  });
}
