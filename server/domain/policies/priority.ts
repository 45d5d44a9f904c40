import type { DispatchSettings, PriorityClass } from '../../../protocol/catalog';
import type { Ticket } from '../types';

const MINUTE = 60_000;

/** What decides a new ticket's class. */
export interface PriorityInput {
  /** The class chosen at the kiosk, if any. */
  declared?: Exclude<PriorityClass, 'appointment'>;
  /** An appointment used within its slot. */
  onTimeAppointment: boolean;
  /** Age in whole years on the business date, from the ID number if one was read (the birth date itself is never kept). */
  age?: number;
  elderlyAge: number;
}

/**
 * A new ticket's priority class and why: an on-time appointment first, else the class declared at the
 * kiosk, else elderly when the age read from the ID number is old enough.
 */
export function priorityOf(input: PriorityInput): Pick<Ticket, 'priority' | 'prioritySource'> {
  if (input.onTimeAppointment) return { priority: 'appointment', prioritySource: 'appointment' };
  if (input.declared && input.declared !== 'none') return { priority: input.declared, prioritySource: 'declared' };
  if (input.age !== undefined && input.age >= input.elderlyAge) {
    return { priority: 'elderly', prioritySource: 'id-number' };
  }
  return { priority: 'none', prioritySource: 'none' };
}

/** The head start a class gives in the waiting line, in ms: as if it had already waited that long. */
export function priorityBonusMs(settings: DispatchSettings, priority: PriorityClass): number {
  return priority === 'none' ? 0 : settings.priorityBonusMinutes[priority] * MINUTE;
}
