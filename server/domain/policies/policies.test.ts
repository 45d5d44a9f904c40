import { describe, expect, it } from 'vitest';
import type { DispatchSettings, Service } from '../../../protocol/catalog';
import { demoCatalog } from '../test-support';
import type { Appointment } from '../types';
import { useAppointment } from './appointment';
import { queueGroupOf, resolveMatters } from './matters';
import { ticketNumber } from './numbering';
import { priorityBonusMs, priorityOf, type PriorityInput } from './priority';
import { checkQuota, type Taken } from './quota';

const catalog = demoCatalog();
const MIN = 60_000;

describe('matters policy', () => {
  const booked: Appointment = { code: 'Y1', serviceIds: ['svc-retire'], date: '2026-11-24', slotStart: 0, slotEnd: 0, usedByTicketId: null };
  it.each([
    { when: 'a bundle is asked', asked: { bundleId: 'bdl-after-death' }, booked: undefined,
      value: { groupId: 'A', bundleId: 'bdl-after-death', serviceIds: ['svc-death-cancel', 'svc-pension-stop', 'svc-funeral-subsidy'] } },
    { when: 'matters repeat', asked: { serviceIds: ['svc-sscard', 'svc-sscard', 'svc-retire'] }, booked: undefined,
      value: { groupId: 'A', bundleId: null, serviceIds: ['svc-sscard', 'svc-retire'] } },
    { when: 'nothing is asked but an appointment is booked', asked: {}, booked,
      value: { groupId: 'A', bundleId: null, serviceIds: ['svc-retire'] } },
    { when: 'matters are asked beside an appointment', asked: { serviceIds: ['svc-invoice'] }, booked,
      value: { groupId: 'B', bundleId: null, serviceIds: ['svc-invoice'] } },
  ])('resolves the matters when $when', ({ asked, booked: b, value }) => {
    const r = resolveMatters(catalog, asked, b);
    expect(r).toEqual({ ok: true, value: { ...value, serviceIds: expect.arrayContaining(value.serviceIds) } });
    if (r.ok) expect(r.value.serviceIds).toHaveLength(value.serviceIds.length);
  });

  it.each([
    { when: 'the bundle does not exist', asked: { bundleId: 'bdl-none' }, code: 'UNKNOWN_BUNDLE' },
    { when: 'nothing is asked and nothing booked', asked: { serviceIds: [] }, code: 'BAD_REQUEST' },
    { when: 'a matter does not exist', asked: { serviceIds: ['svc-sscard', 'svc-none'] }, code: 'UNKNOWN_SERVICE' },
    { when: 'the matters belong to two queue groups', asked: { serviceIds: ['svc-sscard', 'svc-invoice'] }, code: 'MIXED_GROUPS' },
  ])('refuses when $when', ({ asked, code }) => {
    expect(resolveMatters(catalog, asked, undefined)).toMatchObject({ ok: false, error: { code } });
  });

  it('names the one group of matters, or refuses with a message', () => {
    expect(queueGroupOf(catalog, ['svc-pickup'])).toBe('C');
    expect(queueGroupOf(catalog, ['svc-none'])).toEqual({ code: 'UNKNOWN_SERVICE', message: '事项 svc-none 不存在' });
  });
});

describe('appointment policy', () => {
  const slotStart = Date.parse('2026-11-24T02:00:00Z');
  const slot: Appointment = { code: 'Y1', serviceIds: ['svc-retire'], date: '2026-11-24', slotStart, slotEnd: slotStart + 30 * MIN, usedByTicketId: null };
  it.each([
    { when: 'well before the slot', at: slotStart - 11 * MIN, onTime: false },
    { when: 'at the start of the grace', at: slotStart - 10 * MIN, onTime: true },
    { when: 'inside the slot', at: slotStart + 5 * MIN, onTime: true },
    { when: 'at the end of the grace', at: slotStart + 40 * MIN, onTime: true },
    { when: 'after the grace', at: slotStart + 40 * MIN + 1, onTime: false },
  ])('is on time $when: $onTime', ({ at, onTime }) => {
    expect(useAppointment(slot, '2026-11-24', at, 10)).toEqual({ ok: true, value: { appointmentCode: 'Y1', onTime } });
  });

  it.each([
    { when: 'it was used', appt: { ...slot, usedByTicketId: 't9' }, code: 'APPOINTMENT_USED' },
    { when: 'it is for another day', appt: { ...slot, date: '2026-11-25' }, code: 'APPOINTMENT_NOT_TODAY' },
  ])('refuses when $when', ({ appt, code }) => {
    expect(useAppointment(appt, '2026-11-24', slotStart, 10)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('priority policy', () => {
  const base: PriorityInput = { onTimeAppointment: false, elderlyAge: 60 };
  it.each<{ when: string; input: Partial<PriorityInput>; priority: string; source: string }>([
    { when: 'nothing is said', input: {}, priority: 'none', source: 'none' },
    { when: '"none" is declared', input: { declared: 'none' }, priority: 'none', source: 'none' },
    { when: 'a class is declared', input: { declared: 'pregnant' }, priority: 'pregnant', source: 'declared' },
    { when: 'the appointment is on time, over a declared class', input: { onTimeAppointment: true, declared: 'military' }, priority: 'appointment', source: 'appointment' },
    { when: 'the ID says 60 on the day', input: { age: 60 }, priority: 'elderly', source: 'id-number' },
    { when: 'the ID says 59 (60 tomorrow)', input: { age: 59 }, priority: 'none', source: 'none' },
    { when: 'a class is declared and the ID says elderly', input: { declared: 'disabled', age: 86 }, priority: 'disabled', source: 'declared' },
    { when: 'the appointment is on time and the ID says elderly', input: { onTimeAppointment: true, age: 86 }, priority: 'appointment', source: 'appointment' },
  ])('gives $priority ($source) when $when', ({ input, priority, source }) => {
    expect(priorityOf({ ...base, ...input })).toEqual({ priority, prioritySource: source });
  });

  const settings = { priorityBonusMinutes: { elderly: 30, disabled: 45, military: 20, pregnant: 40, appointment: 60 } } as DispatchSettings;
  it.each([
    { priority: 'none', ms: 0 },
    { priority: 'elderly', ms: 30 * MIN },
    { priority: 'appointment', ms: 60 * MIN },
  ] as const)('gives $priority a head start of $ms ms', ({ priority, ms }) => {
    expect(priorityBonusMs(settings, priority)).toBe(ms);
  });
});

describe('quota policy', () => {
  const capped = { id: 'svc-x', name: '某事项', dailyCap: 10, appointmentShare: 0.3 } as Service;
  const services = new Map<string, Service>([['svc-x', capped], ['svc-free', { id: 'svc-free', name: '不限', appointmentShare: 0 } as Service]]);
  it.each<{ when: string; taken: Taken; byAppointment: boolean; refused: string | null }>([
    { when: 'a walk-in fits the walk-in share', taken: { walkIn: 6, appointment: 0 }, byAppointment: false, refused: null },
    { when: 'the walk-in share is used', taken: { walkIn: 7, appointment: 0 }, byAppointment: false, refused: '「某事项」今日现场号已满，余下号源留给预约' },
    { when: 'an appointment comes after the walk-in share is used', taken: { walkIn: 7, appointment: 2 }, byAppointment: true, refused: null },
    { when: 'an appointment comes with the whole cap used', taken: { walkIn: 7, appointment: 3 }, byAppointment: true, refused: '「某事项」今日号源已满' },
  ])('answers $refused when $when', ({ taken, byAppointment, refused }) => {
    const r = checkQuota(services, new Map([['svc-x', taken]]), ['svc-free', 'svc-x'], byAppointment);
    expect(r).toEqual(refused === null ? null : { code: 'QUOTA_EXHAUSTED', message: refused });
  });

  it('lets a matter without a cap through however many were taken', () => {
    expect(checkQuota(services, new Map([['svc-free', { walkIn: 10_000, appointment: 0 }]]), ['svc-free'], false)).toBeNull();
  });
});

describe('numbering policy', () => {
  it.each([
    { group: 'A', issued: 0, digits: 3, number: 'A001' },
    { group: 'B', issued: 11, digits: 4, number: 'B0012' },
    { group: 'C', issued: 999, digits: 3, number: 'C1000' },
  ])('numbers the next $group ticket after $issued as $number', ({ group, issued, digits, number }) => {
    expect(ticketNumber(group, issued, digits)).toBe(number);
  });
});
