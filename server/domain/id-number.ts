import { refusal } from '../../protocol/errors';
import type { DomainError } from './types';

/**
 * Resident ID numbers (GB 11643-1999): 6 digits of region, 8 of birth date, 3 of sequence, 1 check
 * character computed with ISO 7064 MOD 11-2. Checked here so a mistyped number is refused with a message
 * that says which part is wrong, and the age (from the birth date) can set the elderly priority class.
 * The birth date goes no further than the boundary that checks it: neither it nor the age is kept.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdCheck = { ok: true; normalized: string; birthDate: string } | { ok: false; error: DomainError };

function refuse(message: string): IdCheck {
  return { ok: false, error: refusal('INVALID_ID_NUMBER', message) };
}

/** Validates an 18-character ID number; `today` (YYYY-MM-DD) bounds the birth date. */
export function checkIdNumber(raw: string, today: string): IdCheck {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return refuse(`身份证号码应为 18 位，当前为 ${id.length} 位`);
  if (!/^\d{17}[\dX]$/.test(id)) return refuse('身份证号码前 17 位应为数字，末位为数字或 X');
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return refuse(`身份证号码中的出生日期 ${id.slice(6, 14)} 不是有效日期`);
  }
  if (birthDate > today) return refuse(`身份证号码中的出生日期 ${birthDate} 晚于今天`);
  const expected = checkCharacter(id.slice(0, 17));
  if (id[17] !== expected) return refuse(`身份证号码校验位错误：末位应为 ${expected}，请核对号码`);
  return { ok: true, normalized: id, birthDate };
}

/** Age in whole years on `today` (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age--;
  return age;
}

/**
 * 3301**********1234: province and city, and the last four, kept; the district and the birth date hidden.
 * Hiding only the birth date (330102********1234) is not enough: the hall also knows the priority class,
 * and with the district shown only a few thousand numbers fit the mask and the check character. With the
 * district hidden too, hundreds of thousands do. No birth date or age is stored or sent beside it.
 */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}**********${id.slice(14)}`;
}

export function checkPhone(raw: string): { ok: true; normalized: string } | { ok: false; error: DomainError } {
  const phone = raw.replace(/[\s-]/g, '');
  if (!/^1[3-9]\d{9}$/.test(phone)) {
    return { ok: false, error: refusal('INVALID_PHONE', '手机号码应为 11 位，以 1 开头') };
  }
  return { ok: true, normalized: phone };
}

/** 138****5678 */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}
