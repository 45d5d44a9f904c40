import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BatchRefusedError, type OutgoingBatch } from './adapter';
import { batchIdOfBytes, utf16Length } from './batch-bytes';
import { batchBody, createDefaultAdapter } from './default-adapter';
import { batchIdOf, signBatch, verifyBatchSignature } from '../../protocol/district-signature';
import { TEST_HALL_ID, TEST_HALL_KEY, makeCaseRecord, makeEvaluationUpdate } from './test-support/fixtures';
import { BATCH_FORMAT, HEADERS, caseBatchSchema } from '../../protocol/district';

const rows = [1, 2].map((i) => ({ id: i, kind: 'case', payload: JSON.stringify(makeCaseRecord(i)) }));
const batch: OutgoingBatch = {
  batchId: batchIdOf(TEST_HALL_ID, rows),
  records: rows.map((r) => ({ seq: r.id, kind: 'case', caseId: makeCaseRecord(r.id).caseId, payload: JSON.parse(r.payload) })),
};
const ctx = { url: 'http://127.0.0.1:9/', hallId: TEST_HALL_ID, key: TEST_HALL_KEY, now: 1_760_000_000_000 };
const adapter = createDefaultAdapter();
const json = (status: number, body: unknown) => ({ status, headers: {}, body: Buffer.from(JSON.stringify(body)) });

describe('batch ids', () => {
  it('gives the same rows the same id and any change another', () => {
    expect(batchIdOf(TEST_HALL_ID, rows)).toBe(batchIdOf(TEST_HALL_ID, rows.map((r) => ({ ...r }))));
    expect(batchIdOf(TEST_HALL_ID, rows)).toMatch(/^[0-9a-f]{32}$/);
    expect(batchIdOf(TEST_HALL_ID, rows.slice(0, 1))).not.toBe(batch.batchId);
    expect(batchIdOf('other-hall', rows)).not.toBe(batch.batchId);
    expect(batchIdOf(TEST_HALL_ID, [{ ...rows[0]!, id: 9 }, rows[1]!])).not.toBe(batch.batchId);
    expect(batchIdOf(TEST_HALL_ID, [{ ...rows[0]!, payload: rows[0]!.payload.replace('户口', '户籍') }, rows[1]!])).not.toBe(
      batch.batchId,
    );
  });
});

describe('batch ids from the stored bytes', () => {
  it('are the ids batchIdOf gives for the same rows, whatever the characters', () => {
    const texts = [
      JSON.stringify(makeCaseRecord(1)),
      JSON.stringify({ comment: '办事很快 😀👍 €', s: 'a"b\\c\n' }),
      JSON.stringify({ lone: '\ud800' }),
      '{}',
    ];
    const asRows = texts.map((t, i) => ({ id: i + 7, kind: i % 2 ? 'evaluation' : 'case', payload: t }));
    const asBytes = asRows.map((r) => ({ id: r.id, kind: r.kind, bytes: Buffer.from(r.payload) }));
    // A lone surrogate is stored as U+FFFD: compare with the text as it reads back.
    const readBack = asBytes.map((r) => ({ id: r.id, kind: r.kind, payload: Buffer.from(r.bytes).toString('utf8') }));
    expect(batchIdOfBytes(TEST_HALL_ID, asBytes)).toBe(batchIdOf(TEST_HALL_ID, readBack));
    expect(readBack.slice(0, 2)).toEqual(asRows.slice(0, 2));
    for (const t of texts) expect(utf16Length(Buffer.from(t))).toBe(Buffer.from(t).toString('utf8').length);
  });
});

describe('default adapter', () => {
  it('encodes a signed gzip JSON batch that matches the documented schema', () => {
    const req = adapter.encode(batch, ctx);
    expect(req.url).toBe(`http://127.0.0.1:9/api/v1/halls/${TEST_HALL_ID}/batches`);
    expect(req.headers['content-encoding']).toBe('gzip');
    expect(req.headers[HEADERS.batchId]).toBe(batch.batchId);
    expect(req.headers[HEADERS.timestamp]).toBe(String(ctx.now));
    const body = caseBatchSchema.parse(JSON.parse(gunzipSync(req.body).toString('utf8')));
    expect(body.records.map((r) => r.seq)).toEqual([1, 2]);
    const parts = { hallId: TEST_HALL_ID, batchId: batch.batchId, timestamp: String(ctx.now) };
    expect(verifyBatchSignature(TEST_HALL_KEY, parts, req.body, req.headers[HEADERS.signature]!)).toBe(true);
  });

  it('puts the stored JSON into the body byte for byte as stringifying the parsed records did', () => {
    // Quotes, a line break, a tab, an emoji (two UTF-16 units), a lone surrogate, Chinese: escapes included.
    const tricky = { ...makeCaseRecord(3, { level: 2 }), staffId: 's"1\\', bundleName: '套餐\n一\t😀\ud800' };
    const stored = [
      { seq: 11, kind: 'case' as const, data: tricky },
      { seq: 12, kind: 'evaluation' as const, data: makeEvaluationUpdate(3, 5) },
    ].map((r) => ({ seq: r.seq, kind: r.kind, caseId: r.data.caseId, json: JSON.stringify(r.data), payload: r.data }));
    const fromOutbox = stored.map(({ json: _json, ...r }) => ({ ...r, bytes: Buffer.from(JSON.stringify(r.payload)) }));
    const earlier = JSON.stringify({
      format: BATCH_FORMAT,
      hallId: TEST_HALL_ID,
      batchId: batch.batchId,
      records: stored.map((r) => ({ seq: r.seq, kind: r.kind, data: JSON.parse(r.json) as unknown })),
    });
    expect(batchBody({ batchId: batch.batchId, records: fromOutbox }, TEST_HALL_ID).toString('utf8')).toBe(earlier);
    expect(batchBody({ batchId: batch.batchId, records: stored }, TEST_HALL_ID).toString('utf8')).toBe(earlier);
    // Without the stored JSON (another source of batches) the parsed payload is written.
    const parsedOnly = stored.map(({ json: _json, ...r }) => r);
    expect(batchBody({ batchId: batch.batchId, records: parsedOnly }, TEST_HALL_ID).toString('utf8')).toBe(earlier);
  });

  it('compresses a body made ahead by prepare to the same bytes encode makes, and signs each attempt afresh', async () => {
    const ahead = createDefaultAdapter();
    await ahead.prepare!(batch, ctx);
    const prepared = ahead.encode(batch, ctx);
    const direct = createDefaultAdapter().encode(batch, ctx);
    expect(Buffer.from(prepared.body).equals(Buffer.from(direct.body))).toBe(true);
    const later = ahead.encode(batch, { ...ctx, now: ctx.now + 1 });
    expect(later.body).toBe(prepared.body);
    expect(later.headers[HEADERS.signature]).not.toBe(prepared.headers[HEADERS.signature]);
  });

  it('makes a signature that fails under another key, time, batch, hall or body', () => {
    const body = Buffer.from('abc');
    const parts = { hallId: 'h', batchId: 'b', timestamp: '1' };
    const sig = signBatch(TEST_HALL_KEY, parts, body);
    expect(verifyBatchSignature(TEST_HALL_KEY, parts, body, sig)).toBe(true);
    expect(verifyBatchSignature('another-key-0123456789', parts, body, sig)).toBe(false);
    expect(verifyBatchSignature(TEST_HALL_KEY, { ...parts, timestamp: '2' }, body, sig)).toBe(false);
    expect(verifyBatchSignature(TEST_HALL_KEY, { ...parts, batchId: 'c' }, body, sig)).toBe(false);
    expect(verifyBatchSignature(TEST_HALL_KEY, { ...parts, hallId: 'g' }, body, sig)).toBe(false);
    expect(verifyBatchSignature(TEST_HALL_KEY, parts, Buffer.from('abd'), sig)).toBe(false);
    expect(verifyBatchSignature(TEST_HALL_KEY, parts, body, 'v1=zz')).toBe(false);
  });

  it('reads accepted and rejected records from a valid answer', () => {
    const out = adapter.decode(
      json(200, {
        ok: true,
        batchId: batch.batchId,
        accepted: [1],
        rejected: [{ seq: 2, code: 'INVALID_RECORD', message: 'x' }],
        replayed: false,
        receivedAt: new Date(ctx.now).toISOString(),
      }),
      batch,
    );
    expect(out).toEqual({ accepted: [1], rejected: [{ seq: 2, code: 'INVALID_RECORD', message: 'x' }] });
  });

  it.each([
    ['a refusal body', json(401, { ok: false, error: { code: 'BAD_SIGNATURE', message: '签名无效' } }), 'BAD_SIGNATURE', false],
    ['a bare 502', { status: 502, headers: {}, body: Buffer.from('Bad Gateway') }, 'HTTP_502', false],
    ['a 413', json(413, { ok: false, error: { code: 'BATCH_TOO_LARGE', message: '批次过大' } }), 'BATCH_TOO_LARGE', true],
    ['a 200 that is not JSON', { status: 200, headers: {}, body: Buffer.from('<html>') }, 'BAD_REPLY', false],
    ['a 200 of the wrong shape', json(200, { ok: true, accepted: 'all' }), 'BAD_REPLY', false],
    [
      'an answer for another batch',
      json(200, { ok: true, batchId: 'f'.repeat(32), accepted: [1, 2], rejected: [], replayed: false, receivedAt: '2026-01-01T00:00:00Z' }),
      'BAD_REPLY',
      false,
    ],
  ] as const)('refuses the whole batch on %s', (_name, res, code, tooLarge) => {
    try {
      adapter.decode(res, batch);
      expect.unreachable('decode should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(BatchRefusedError);
      expect((e as BatchRefusedError).code).toBe(code);
      expect((e as BatchRefusedError).tooLarge).toBe(tooLarge);
    }
  });
});
