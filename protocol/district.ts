import { z } from 'zod';
import { caseEvaluationUpdateSchema, caseRecordSchema } from './case-record';

/**
 * The district wire's format (docs/cloud-api.md): what the hall's default adapter (server/sync) sends and
 * what the reference receiver (cloud/) accepts. Environment-neutral (zod only) and on neither side of
 * the wire, so both import it; the JSON Schema in docs/ is generated from it. Its error codes are
 * `district-errors.ts`.
 */

/** The `format` field of every batch body; a breaking change of the format gets a new version. */
export const BATCH_FORMAT = 'yichuang.case-batch.v1';

/** Most records a receiver takes in one batch; more is refused with 413 BATCH_TOO_LARGE. */
export const MAX_BATCH_RECORDS = 1000;

/** HTTP header names (lower case, as Node presents them). */
export const HEADERS = {
  batchId: 'x-yichuang-batch-id',
  timestamp: 'x-yichuang-timestamp',
  signature: 'x-yichuang-signature',
} as const;

/** A batch id: the first 32 hex digits of a SHA-256 over the hall id and the batch's records. */
export const batchIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

/** A record's sequence number: the hall's outbox id, rising in sending order. */
export const seqSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** One record of a batch, strictly typed: a completed case or an evaluation that came after its case. */
export const batchRecordSchema = z.discriminatedUnion('kind', [
  z.object({ seq: seqSchema, kind: z.literal('case'), data: caseRecordSchema }),
  z.object({ seq: seqSchema, kind: z.literal('evaluation'), data: caseEvaluationUpdateSchema }),
]);

/** A whole batch body (before gzip), strictly typed: the contract a district validates against. */
export const caseBatchSchema = z.object({
  format: z.literal(BATCH_FORMAT),
  hallId: z.string().min(1).max(64),
  batchId: batchIdSchema,
  records: z.array(batchRecordSchema).min(1).max(MAX_BATCH_RECORDS),
});

/**
 * The envelope the receiver checks first. Records stay `unknown` here so that one bad record is
 * rejected on its own (with its reason) instead of refusing the whole batch.
 */
export const batchEnvelopeSchema = z
  .object({
    format: z.literal(BATCH_FORMAT),
    hallId: z.string().min(1).max(64),
    batchId: batchIdSchema,
    records: z.array(z.object({ seq: seqSchema, kind: z.string().max(40), data: z.unknown() })).min(1),
  })
  .refine((b) => new Set(b.records.map((r) => r.seq)).size === b.records.length, {
    message: 'seq must be unique within a batch',
    path: ['records'],
  });
export type BatchEnvelope = z.infer<typeof batchEnvelopeSchema>;

/** Why one record was refused; the hall keeps it aside (dead letter) with this code and message. */
export const recordRejectionSchema = z.object({
  seq: seqSchema,
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/).max(40),
  message: z.string().max(2000),
});
export type RecordRejection = z.infer<typeof recordRejectionSchema>;

/** The receiver's answer to a batch it took (HTTP 200). Every record is either accepted or rejected. */
export const batchReplySchema = z.object({
  ok: z.literal(true),
  batchId: batchIdSchema,
  accepted: z.array(seqSchema),
  rejected: z.array(recordRejectionSchema),
  /** True when the batch had been received before and this is the stored answer again. */
  replayed: z.boolean(),
  receivedAt: z.string().datetime({ offset: true }),
});
export type BatchReply = z.infer<typeof batchReplySchema>;

/** The receiver's answer to a batch it refused as a whole (any non-2xx status). */
export const errorReplySchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string().max(40), message: z.string().max(2000) }),
});
