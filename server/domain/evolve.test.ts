import { describe, expect, expectTypeOf, it } from 'vitest';
import { copyTicket, type TicketOptionalField } from './evolve';
import type { Ticket } from './types';

/** A ticket whose every field holds a value of its own, so a field the copy drops or mixes up shows. */
function everyFieldSet(): Ticket {
  return {
    id: 't-1', number: 'A007', groupId: 'A', businessDate: '2026-11-24', serviceIds: ['svc-a', 'svc-b'], bundleId: 'b-1',
    priority: 'elderly', prioritySource: 'id-number', appointmentCode: 'APT1', applicant: { idMasked: '3301**********1234' }, state: 'serving',
    takenAt: 1, queuedAt: 2, waitedMs: 3, sortKey: 4, ordinal: 5, targetWindowId: 'w02', windowId: 'w01', staffId: 's-1',
    calledAt: 6, lastCalledAt: 7, callCount: 8, startedAt: 9, completedAt: 10, endedAt: 11, returns: 12, transfers: 13,
    outcome: 'done', caseIds: ['c-1'], endReason: '办结', issuedBy: 'kiosk-1',
  };
}

type OptionalKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never }[keyof T];

describe('copyTicket', () => {
  it('copies every field, and its arrays apart from the original', () => {
    const t = everyFieldSet();
    const c = copyTicket(t);
    expect(c).toStrictEqual(t);
    expect(Object.keys(c).sort()).toEqual(Object.keys(t).sort());
    expect(c.serviceIds).not.toBe(t.serviceIds);
    expect(c.caseIds).not.toBe(t.caseIds);
    c.callCount++;
    c.serviceIds.push('svc-c');
    expect(t.callCount).toBe(8);
    expect(t.serviceIds).toEqual(['svc-a', 'svc-b']);
  });

  it('leaves an absent optional field absent', () => {
    const { issuedBy: _, ...t } = everyFieldSet();
    const c = copyTicket(t);
    expect('issuedBy' in c).toBe(false);
    expect(c).toStrictEqual(t);
  });

  it('knows every optional field of Ticket (a new one must be copied by hand)', () => {
    expectTypeOf<OptionalKeys<Ticket>>().toEqualTypeOf<TicketOptionalField>();
  });
});
