import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudError } from '../cloud/errors';
import { DISTRICT_ERRORS, isDistrictCode, RECORD_REJECTIONS, SYNC_FAILURES, syncFailure } from './district-errors';

// The catalogue is a contract with every hall (docs/cloud-api.md): renaming a code or moving it to
// another status is a deliberate, visible change here.
describe('district error catalogue', () => {
  it('keeps its batch-level codes and statuses', () => {
    expect(Object.fromEntries(Object.entries(DISTRICT_ERRORS).map(([k, v]) => [k, v.status]))).toEqual({
      BAD_REQUEST: 400,
      HALL_MISMATCH: 400,
      BATCH_ID_MISMATCH: 400,
      UNAUTHENTICATED: 401,
      UNKNOWN_HALL: 401,
      BAD_SIGNATURE: 401,
      STALE_TIMESTAMP: 401,
      NOT_FOUND: 404,
      BATCH_CONFLICT: 409,
      BATCH_TOO_LARGE: 413,
      UNSUPPORTED_ENCODING: 415,
      INTERNAL: 500,
    });
  });

  it('keeps its record rejection codes', () => {
    expect(Object.keys(RECORD_REJECTIONS)).toEqual(['INVALID_RECORD', 'UNKNOWN_KIND', 'HALL_MISMATCH', 'CASE_CONFLICT', 'UNKNOWN_CASE']);
  });

  it("keeps the hall's own link failure codes", () => {
    expect(Object.keys(SYNC_FAILURES)).toEqual([
      'NOT_CONFIGURED',
      'NETWORK',
      'TIMEOUT',
      'BAD_REPLY',
      'NO_RECORD_ANSWERED',
      'ENCODE_FAILED',
      'SEND_FAILED',
      'INVALID_PAYLOAD',
    ]);
  });

  it('gives every code an UPPER_SNAKE name and a Chinese message', () => {
    const all = [...Object.entries(DISTRICT_ERRORS).map(([k, v]) => [k, v.message]), ...Object.entries(RECORD_REJECTIONS), ...Object.entries(SYNC_FAILURES)];
    for (const [code, message] of all) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers in the one error shape, with the detail after the message', () => {
    expect(new CloudError('UNKNOWN_HALL', 'hall-9').toBody()).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_HALL', message: '大厅未在区级平台登记: hall-9' },
    });
    expect(syncFailure('NETWORK', 'ECONNREFUSED')).toEqual({ code: 'NETWORK', message: '无法连接区级平台: ECONNREFUSED' });
  });

  it('knows its codes, HTTP_<status> included, and nothing else', () => {
    for (const code of ['BAD_SIGNATURE', 'CASE_CONFLICT', 'NETWORK', 'HTTP_502']) expect(isDistrictCode(code)).toBe(true);
    for (const code of ['WINDOW_BUSY', 'HTTP_5', 'toString', 42]) expect(isDistrictCode(code)).toBe(false);
  });
});

describe('docs/cloud-api.md', () => {
  const page = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'cloud-api.md'), 'utf8');
  /** The codes in the first column of the table that follows `heading`, in order. */
  const tableAfter = (heading: string, column = 0): string[] => {
    const start = page.indexOf(heading);
    expect(start, heading).toBeGreaterThanOrEqual(0);
    const lines = page.slice(start).split('\n').slice(1);
    const first = lines.findIndex((l) => l.startsWith('|'));
    const rows = lines.slice(first).filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('|')));
    return rows.slice(2).map((r) => r.split('|')[column + 1]!.trim().replace(/`/g, ''));
  };

  it('lists exactly the catalogued codes, each once', () => {
    expect(tableAfter('Record rejection codes:')).toEqual(Object.keys(RECORD_REJECTIONS));
    const codes = tableAfter('(`$defs/ErrorReply`.)', 1);
    const statuses = tableAfter('(`$defs/ErrorReply`.)', 0).map(Number);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.fromEntries(codes.map((c, i) => [c, statuses[i]]))).toEqual(Object.fromEntries(Object.entries(DISTRICT_ERRORS).map(([k, v]) => [k, v.status])));
    expect(tableAfter("the receiver's (`SYNC_FAILURES`")).toEqual(Object.keys(SYNC_FAILURES));
  });
});
