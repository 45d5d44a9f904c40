import type { Appointment, Catalog, DomainError } from '../types';
import { refusal, type PolicyResult } from './refusal';

/** What a ticket is for: its matters, the one queue group that serves them, and the bundle if it is one. */
export interface Matters {
  serviceIds: string[];
  groupId: string;
  bundleId: string | null;
}

/** What the kiosk asked for: a bundle, or matters (else the appointment's matters). */
export interface MattersAsked {
  serviceIds?: string[];
  bundleId?: string;
}

/**
 * The matters of a new ticket. A bundle (一件事) brings its own matters and group; otherwise the matters
 * asked, or the booked ones when none are asked, deduplicated, all in one queue group.
 */
export function resolveMatters(catalog: Catalog, asked: MattersAsked, booked: Appointment | undefined): PolicyResult<Matters> {
  if (asked.bundleId) {
    const bundle = catalog.bundles.get(asked.bundleId);
    if (!bundle) return { ok: false, error: refusal('UNKNOWN_BUNDLE', `一件事 ${asked.bundleId} 不存在`) };
    return { ok: true, value: { serviceIds: [...bundle.serviceIds], groupId: bundle.groupId, bundleId: bundle.id } };
  }
  const wanted = asked.serviceIds?.length ? asked.serviceIds : (booked?.serviceIds ?? []);
  const serviceIds = [...new Set(wanted)];
  if (serviceIds.length === 0) return { ok: false, error: refusal('BAD_REQUEST', '请选择要办理的事项或一件事') };
  const group = queueGroupOf(catalog, serviceIds);
  if (typeof group !== 'string') return { ok: false, error: group };
  return { ok: true, value: { serviceIds, groupId: group, bundleId: null } };
}

/** The one queue group of a set of matters: every matter must exist, and one ticket serves one group. */
export function queueGroupOf(catalog: Catalog, serviceIds: string[]): string | DomainError {
  const groups = new Set<string>();
  for (const id of serviceIds) {
    const s = catalog.services.get(id);
    if (!s) return refusal('UNKNOWN_SERVICE', `事项 ${id} 不存在`);
    groups.add(s.groupId);
  }
  if (groups.size > 1) return refusal('MIXED_GROUPS');
  return [...groups][0]!;
}
