import { describe, expect, it } from 'vitest';
import { CLOUD_ERRORS, CloudError, RECORD_REJECTIONS } from './errors';

// The catalogue is a contract with every hall (docs/cloud-api.md): renaming a code or moving it to
// another status is a deliberate, visible change here.
describe('receiver error catalogue', () => {
  it('keeps its batch-level codes and statuses', () => {
    expect(Object.fromEntries(Object.entries(CLOUD_ERRORS).map(([k, v]) => [k, v.status]))).toEqual({
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
    expect(Object.keys(RECORD_REJECTIONS)).toEqual([
      'INVALID_RECORD',
      'UNKNOWN_KIND',
      'HALL_MISMATCH',
      'CASE_CONFLICT',
      'UNKNOWN_CASE',
    ]);
  });

  it('answers in the one error shape, with the detail after the message', () => {
    expect(new CloudError('UNKNOWN_HALL', 'hall-9').toBody()).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_HALL', message: '大厅未在区级平台登记: hall-9' },
    });
  });
});
