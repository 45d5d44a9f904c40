import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createDefaultAdapter } from './default-adapter';
import { JSON_SCHEMA_PATH, cloudBatchJsonSchema, cloudBatchJsonSchemaText } from './json-schema';
import { batchIdOf } from '../../protocol/district-signature';
import { TEST_HALL_ID, TEST_HALL_KEY, makeCaseRecord, makeEvaluationUpdate } from './test-support/fixtures';

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(JSON_SCHEMA_PATH, 'utf8')));
}

function encodedBody(records: { seq: number; kind: 'case' | 'evaluation'; payload: unknown }[]): unknown {
  const rows = records.map((r) => ({ id: r.seq, kind: r.kind, payload: JSON.stringify(r.payload) }));
  const req = createDefaultAdapter().encode(
    { batchId: batchIdOf(TEST_HALL_ID, rows), records: records.map((r) => ({ ...r, caseId: 'x' })) },
    { url: 'http://127.0.0.1', hallId: TEST_HALL_ID, key: TEST_HALL_KEY, now: Date.now() },
  );
  return JSON.parse(gunzipSync(req.body).toString('utf8'));
}

describe('the published JSON Schema (docs/cloud-batch.schema.json)', () => {
  it('is the one generated from the code (run `npx tsx server/sync/json-schema.ts` after a format change)', () => {
    expect(readFileSync(JSON_SCHEMA_PATH, 'utf8')).toBe(cloudBatchJsonSchemaText());
    expect(cloudBatchJsonSchema().$ref).toBe('#/$defs/CaseBatch');
  });

  it('accepts a batch the hall sends, cases and evaluation updates alike', () => {
    const validate = validator();
    const body = encodedBody([
      { seq: 1, kind: 'case', payload: makeCaseRecord(1, { level: 4 }) },
      { seq: 2, kind: 'evaluation', payload: makeEvaluationUpdate(0, 5) },
    ]);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['an unmasked ID number', { applicantIdMasked: '330102199001011234' }],
    ['an unknown outcome', { outcome: 'lost' }],
    ['a time without offset', { takenAt: '2026-03-02T09:00:00' }],
    ['no matters', { serviceIds: [] }],
  ])('refuses a case with %s', (_name, over) => {
    const validate = validator();
    expect(validate(encodedBody([{ seq: 1, kind: 'case', payload: { ...makeCaseRecord(1), ...over } }]))).toBe(false);
  });
});
