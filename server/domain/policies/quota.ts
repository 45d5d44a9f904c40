import type { Service } from '../../../protocol/catalog';
import type { DomainError } from '../types';
import { refusal } from './refusal';

/** Tickets taken today for one matter. */
export interface Taken {
  walkIn: number;
  appointment: number;
}

/**
 * The daily caps (号源) per matter: an appointment may use the whole cap; walk-ins only the share not kept
 * for appointments. The first matter over its cap refuses the ticket.
 */
export function checkQuota(
  services: ReadonlyMap<string, Service>,
  taken: ReadonlyMap<string, Taken>,
  serviceIds: readonly string[],
  byAppointment: boolean,
): DomainError | null {
  for (const id of serviceIds) {
    const s = services.get(id);
    if (!s?.dailyCap) continue;
    const used = taken.get(id) ?? { walkIn: 0, appointment: 0 };
    if (byAppointment) {
      if (used.walkIn + used.appointment >= s.dailyCap) return refusal('QUOTA_EXHAUSTED', `「${s.name}」今日号源已满`);
    } else if (used.walkIn >= Math.floor(s.dailyCap * (1 - s.appointmentShare))) {
      return refusal('QUOTA_EXHAUSTED', `「${s.name}」今日现场号已满，余下号源留给预约`);
    }
  }
  return null;
}
