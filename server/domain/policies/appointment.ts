import type { Appointment } from '../types';
import { refusal, type PolicyResult } from './refusal';

const MINUTE = 60_000;

/** A usable appointment: its code goes on the ticket; only an on-time arrival earns the appointment class. */
export interface AppointmentUse {
  appointmentCode: string;
  onTime: boolean;
}

/**
 * Whether a booked appointment (预约) may be used for a ticket now: once, on its own date; on time means
 * within its slot widened by the hall's grace minutes on both sides.
 */
export function useAppointment(booked: Appointment, businessDate: string, now: number, graceMinutes: number): PolicyResult<AppointmentUse> {
  if (booked.usedByTicketId) return { ok: false, error: refusal('APPOINTMENT_USED') };
  if (booked.date !== businessDate) return { ok: false, error: refusal('APPOINTMENT_NOT_TODAY', `预约日期为 ${booked.date}，不是今天`) };
  const grace = graceMinutes * MINUTE;
  return { ok: true, value: { appointmentCode: booked.code, onTime: now >= booked.slotStart - grace && now <= booked.slotEnd + grace } };
}
