import { describe, expect, it } from 'vitest';
import { AppointmentKeys } from './appointment-keys';

function typeAll(keys: AppointmentKeys, start: string, text: string, at: number, gap: number) {
  let code = start;
  let submit = false;
  [...text, 'Enter'].forEach((k, i) => {
    const r = keys.key(code, k, at + i * gap);
    code = r.code;
    submit ||= r.submit;
  });
  return { code, submit };
}

describe('appointment code keys', () => {
  it('takes a scanned code and submits it on the scanner Enter', () => {
    expect(typeAll(new AppointmentKeys(), '', 'yy20261124-07', 1000, 8)).toEqual({ code: 'YY20261124-07', submit: true });
  });

  it('lets a scan replace a digit tapped on the screen before it', () => {
    expect(typeAll(new AppointmentKeys(), '1', 'AB1234', 1000, 8)).toEqual({ code: 'AB1234', submit: true });
  });

  it('keeps what a person types slowly and submits it on Enter', () => {
    expect(typeAll(new AppointmentKeys(), 'AB', '12', 1000, 400)).toEqual({ code: 'AB12', submit: true });
  });

  it('deletes with Backspace and leaves other keys to the page', () => {
    const keys = new AppointmentKeys();
    expect(keys.key('AB1', 'Backspace', 0)).toEqual({ code: 'AB', submit: false, handled: true });
    expect(keys.key('AB1', 'Tab', 0).handled).toBe(false);
    expect(keys.key('AB1', '*', 0).handled).toBe(false);
  });

  it('stops at 32 characters', () => {
    expect(new AppointmentKeys().key('A'.repeat(32), 'B', 0).code).toBe('A'.repeat(32));
  });
});
