import { describe, expect, it } from 'vitest';
import { COMMAND_ROLES, commandSchemas, ROLES } from './commands';
import { ERROR_CODES, HallError, isErrorCode } from './errors';

/**
 * The error catalogue is a contract with every terminal (codes are i18n keys there): removing or renaming
 * a code must be a deliberate change to this list.
 */
const PINNED = [
  'BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL',
  'DAY_NOT_OPEN', 'DAY_ALREADY_OPEN', 'HALL_CLOSED', 'ISSUING_STOPPED', 'SERVICE_NOT_TODAY',
  'INVALID_BUSINESS_DATE', 'BUSINESS_DATE_OUT_OF_RANGE', 'BUSINESS_DATE_EARLIER',
  'UNKNOWN_SERVICE', 'UNKNOWN_BUNDLE', 'MIXED_GROUPS', 'QUOTA_EXHAUSTED',
  'INVALID_ID_NUMBER', 'INVALID_PHONE', 'UNKNOWN_APPOINTMENT', 'APPOINTMENT_USED', 'APPOINTMENT_NOT_TODAY',
  'UNKNOWN_TICKET', 'TICKET_NOT_WAITING', 'TICKET_NOT_CALLED', 'TICKET_NOT_SERVING', 'TICKET_NOT_AT_WINDOW',
  'TICKET_NOT_NO_SHOW', 'RETURN_LIMIT', 'RECALL_COOLDOWN', 'NO_SHOW_TOO_EARLY', 'CANNOT_SERVE', 'REASON_REQUIRED',
  'SERVICES_REQUIRED',
  'UNKNOWN_WINDOW', 'WINDOW_NOT_SIGNED_IN', 'WINDOW_TAKEN', 'ALREADY_SIGNED_IN', 'WINDOW_BUSY', 'WINDOW_PAUSED',
  'WINDOW_NOT_PAUSED', 'NOT_ON_ROSTER',
  'UNKNOWN_CASE', 'ALREADY_EVALUATED', 'NOTHING_TO_EVALUATE',
  'PRINTER_NOT_CONFIGURED', 'TICKET_NOT_PRINTABLE', 'ALREADY_PRINTED', 'NOT_PRINTED_YET', 'REPRINT_LIMIT', 'PRINT_IN_PROGRESS',
  'CONFLICT', 'IN_USE', 'IMPORT_INVALID', 'LAST_ADMIN', 'NOT_AVAILABLE', 'INVALID_STATE',
  'BAD_CREDENTIALS', 'RATE_LIMITED',
];

describe('error catalogue', () => {
  it('holds exactly the pinned codes, each UPPER_SNAKE with a Chinese message', () => {
    expect(Object.keys(ERROR_CODES)).toEqual(PINNED);
    for (const [code, message] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('gives a typed error its catalogue message unless told otherwise', () => {
    expect(new HallError('WINDOW_BUSY').toBody()).toEqual({ code: 'WINDOW_BUSY', message: '窗口有正在办理的号票' });
    expect(isErrorCode('WINDOW_BUSY')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('gives every command a schema and at least one role', () => {
    for (const name of Object.keys(commandSchemas)) {
      const roles = COMMAND_ROLES[name as keyof typeof COMMAND_ROLES];
      expect(roles.length).toBeGreaterThan(0);
      for (const r of roles) expect(ROLES).toContain(r);
    }
    expect(Object.keys(COMMAND_ROLES).sort()).toEqual(Object.keys(commandSchemas).sort());
  });
});
