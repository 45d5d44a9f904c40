import type { RecordRejection } from '../../protocol/district';

/**
 * The seam between the outbox and a district's case-exchange format. The sync service owns the outbox,
 * ordering, batching, retries and bookkeeping; an adapter only turns a batch into an HTTP request and
 * the answer into "which records were accepted, which rejected and why". A province's own format is
 * another implementation of this interface, without touching the outbox.
 */
export interface CaseExchangeAdapter {
  /** A short name for logs and status, e.g. `yichuang-v1`. */
  readonly name: string;
  /** Builds the request for one batch. Called again for every resend (a fresh timestamp and signature). */
  encode(batch: OutgoingBatch, ctx: AdapterContext): EncodedRequest;
  /**
   * Optional: does ahead of time the part of `encode` that does not depend on the moment (building and
   * compressing the body), off the event loop where it can. The service calls it for the batch it will
   * send next while the current one is in flight, and before `encode`; it must never throw a reason to
   * refuse a batch (`encode` does that), only leave the work to `encode`.
   */
  prepare?(batch: OutgoingBatch, ctx: AdapterContext): Promise<void>;
  /**
   * Reads the receiver's answer. Returns the per-record outcome of a batch the receiver took, or throws
   * a `BatchRefusedError` when it took none of it (the batch stays and is retried with backoff).
   */
  decode(response: ReceivedResponse, batch: OutgoingBatch): BatchOutcome;
}

/** One outbox row on its way out. */
export interface OutgoingRecord {
  seq: number;
  kind: 'case' | 'evaluation';
  caseId: string;
  /** The parsed JSON (a CaseRecord or CaseEvaluationUpdate); from the outbox, parsed on first use. */
  readonly payload: unknown;
  /**
   * The payload's JSON exactly as the outbox holds it (checked to be JSON when the batch was composed),
   * for an adapter that writes JSON: it goes into the body as it is, without a parse and a stringify.
   */
  readonly json?: string;
  /** The same JSON as UTF-8 bytes, as the outbox stores it: an adapter writing UTF-8 copies them as they are. */
  readonly bytes?: Uint8Array;
}

/** A batch: the oldest outbox rows in order, and the stable id the service computed for them. */
export interface OutgoingBatch {
  batchId: string;
  records: readonly OutgoingRecord[];
}

/** What an adapter may know about the hall and the moment. */
export interface AdapterContext {
  url: string;
  hallId: string;
  key: string;
  /** Milliseconds since the epoch, from the service's clock. */
  now: number;
}

/** An HTTP request, ready for `fetch`. */
export interface EncodedRequest {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The answer as received: status, headers (lower-case names) and the raw body. */
export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Per-record outcome. A record in neither list stays in the outbox and goes again. */
export interface BatchOutcome {
  accepted: number[];
  rejected: RecordRejection[];
}

/**
 * The receiver took none of the batch (or the answer could not be read). `tooLarge` tells the service
 * to split the batch; everything else is retried with backoff.
 */
export class BatchRefusedError extends Error {
  readonly code: string;
  readonly status: number | null;
  readonly tooLarge: boolean;
  constructor(code: string, message: string, opts: { status?: number | null; tooLarge?: boolean } = {}) {
    super(message);
    this.name = 'BatchRefusedError';
    this.code = code;
    this.status = opts.status ?? null;
    this.tooLarge = opts.tooLarge ?? false;
  }
}
