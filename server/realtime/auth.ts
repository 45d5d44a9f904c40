import type { Device } from '../../protocol/catalog';
import { hashToken } from '../auth/secrets';
import { deviceForToken } from '../catalog/catalog-store';
import type { Db } from '../store/database';
import type { Catalog } from '../domain/types';
import type { Identity } from './context';

/** A staff session: the token `POST /api/login` returned, valid until it expires. */
export function staffForSession(db: Db, token: string, now: number): string | null {
  const row = db.prepare('SELECT staff_id, expires_at FROM sessions WHERE token_hash = ?').get(hashToken(token)) as
    | { staff_id: string; expires_at: number }
    | undefined;
  return row && row.expires_at > now ? row.staff_id : null;
}

/**
 * Resolves a handshake token to an identity: a staff session (clerk or admin) or a device token
 * (kiosk, display, evaluation pad). A wrong, revoked or expired token resolves to nothing.
 */
export function identify(db: Db, catalog: Catalog, devices: Map<string, Device>, token: unknown, now: number): Identity | null {
  if (typeof token !== 'string' || token.length < 16 || token.length > 200) return null;
  const staffId = staffForSession(db, token, now);
  if (staffId) {
    const staff = catalog.staff.get(staffId);
    if (!staff) return null;
    return { role: staff.role, staffId, name: staff.name };
  }
  const deviceId = deviceForToken(db, token, now);
  const device = deviceId ? devices.get(deviceId) : undefined;
  if (!device) return null;
  return { role: device.kind, deviceId: device.id, windowId: device.windowId, name: device.name };
}
