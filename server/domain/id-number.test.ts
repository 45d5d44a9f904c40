import { describe, expect, it } from 'vitest';
import { ageOn, checkCharacter, checkIdNumber, checkPhone, maskIdNumber, maskPhone } from './id-number';

describe('ID numbers (GB 11643)', () => {
  it.each([
    ['11010519491231002X', '1949-12-31'],
    ['44052419500101001X', '1950-01-01'],
    ['330102199001011234', '1990-01-01'],
  ])('accepts %s with its check character', (id, birth) => {
    const r = checkIdNumber(id, '2026-11-28');
    expect(r).toEqual({ ok: true, normalized: id, birthDate: birth });
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('33010219900101123')).toBe('4');
  });

  it.each([
    ['3301021990010112', '应为 18 位'],
    ['33010219900101123A', '前 17 位应为数字'],
    ['330102199002301233', '不是有效日期'],
    ['330102203001011233', '晚于今天'],
    ['330102199001011235', '末位应为 4'],
  ])('refuses %s saying what is wrong', (id, says) => {
    const r = checkIdNumber(id, '2026-11-28');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_ID_NUMBER');
      expect(r.error.message).toContain(says);
    }
  });

  it('accepts a lower-case x and normalises it', () => {
    expect(checkIdNumber('11010519491231002x', '2026-11-28')).toMatchObject({ ok: true, normalized: '11010519491231002X' });
  });

  it('counts age in whole years, the birthday itself included', () => {
    expect(ageOn('1966-11-28', '2026-11-28')).toBe(60);
    expect(ageOn('1966-11-29', '2026-11-28')).toBe(59);
  });

  it('masks the district and the birth date, and the middle of a phone number', () => {
    expect(maskIdNumber('330102199001011234')).toBe('3301**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(checkPhone('138-1234-5678')).toEqual({ ok: true, normalized: '13812345678' });
    expect(checkPhone('12345')).toMatchObject({ ok: false, error: { code: 'INVALID_PHONE' } });
  });
});
