import type { HallEvent } from '../domain/events';
import type { Catalog } from '../domain/types';
import type { Db } from '../store/database';
import { writeAudit } from './audit';
import type { Actor } from './deps';

type Line = { groupId: string; serviceIds: readonly string[]; targetWindowId: string | null };

/** A line as the manager reads it: the named window, else the matters (and their group). */
function describeLine(catalog: Catalog, l: Line): string {
  const matters = l.serviceIds.map((id) => catalog.services.get(id)?.name ?? id).join('、');
  const group = catalog.groups.get(l.groupId)?.name ?? l.groupId;
  const window = l.targetWindowId ? catalog.windows.get(l.targetWindowId)?.name ?? l.targetWindowId : null;
  return window ? `${window}（${matters}）` : `${group}：${matters}`;
}

/**
 * The audit row of a reassignment (改派): who, when, from → to, and why. Called inside the command's
 * transaction (the socket pipeline's `respond`), so the row and the event exist together or not at all.
 */
export function auditReassign(db: Db, catalog: Catalog, actor: Actor, events: readonly HallEvent[], number: string): void {
  for (const e of events) {
    if (e.type !== 'TicketReassigned') continue;
    const to: Line = { groupId: e.groupId, serviceIds: e.serviceIds, targetWindowId: e.targetWindowId };
    writeAudit(db, actor, e.at, {
      action: 'ticket.reassign',
      targetKind: 'ticket',
      targetId: e.ticketId,
      summary: `改派号票 ${number}：${describeLine(catalog, e.from)} → ${describeLine(catalog, to)}（${e.reason}）`,
      before: { number, ...e.from },
      after: { number, ...to, reason: e.reason },
    });
  }
}
