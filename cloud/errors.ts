/**
 * The receiver's refusal as an exception a route throws. Codes, statuses and messages are the district
 * wire's catalogue in `protocol/district-errors.ts` (the hall's sync reads the same codes).
 */
import { DISTRICT_ERRORS, districtRefusal, type DistrictErrorCode } from '../protocol/district-errors';

/** A refusal of the whole request; the message is safe to send. */
export class CloudError extends Error {
  readonly code: DistrictErrorCode;
  readonly status: number;
  constructor(code: DistrictErrorCode, detail?: string) {
    super(districtRefusal(code, detail).message);
    this.name = 'CloudError';
    this.code = code;
    this.status = DISTRICT_ERRORS[code].status;
  }
  toBody(): { ok: false; error: { code: DistrictErrorCode; message: string } } {
    return { ok: false, error: { code: this.code, message: this.message } };
  }
}
