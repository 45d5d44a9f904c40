import type { Statement } from 'better-sqlite3';
import type { Device } from '../../protocol/catalog';
import { hashToken } from '../auth/secrets';
import { deviceForToken } from '../catalog/catalog-store';
import type { Db } from '../store/database';
import type { Catalog } from '../domain/types';
import type { Identity, SocketCredential } from './context';

/** A staff session: the token `POST /api/login` returned, valid until it expires. */
export function staffForSession(db: Db, token: string, now: number): string | null {
  return sessionRow(db, hashToken(token), now)?.staff_id ?? null;
}

/** The two reads every command makes, prepared once per database (preparing is most of their cost). */
const statements = new WeakMap<Db, { session: Statement; device: Statement }>();
function stmts(db: Db): { session: Statement; device: Statement } {
  let s = statements.get(db);
  if (!s) {
    s = {
      session: db.prepare('SELECT staff_id, expires_at FROM sessions WHERE token_hash = ?'),
      device: db.prepare('SELECT device_id FROM device_tokens WHERE token_hash = ? AND revoked_at IS NULL'),
    };
    statements.set(db, s);
  }
  return s;
}

function sessionRow(db: Db, tokenHash: string, now: number): { staff_id: string; expires_at: number } | null {
  const row = stmts(db).session.get(tokenHash) as
    | { staff_id: string; expires_at: number }
    | undefined;
  return row && row.expires_at > now ? row : null;
}

/**
 * Resolves a handshake token to an identity: a staff session (clerk or admin) or a device token
 * (kiosk, display, evaluation pad), with the credential to check again later. A wrong, revoked or
 * expired token resolves to nothing.
 */
export function identify(
  db: Db,
  catalog: Catalog,
  devices: Map<string, Device>,
  token: unknown,
  now: number,
): { identity: Identity; credential: SocketCredential } | null {
  if (typeof token !== 'string' || token.length < 16 || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const session = sessionRow(db, tokenHash, now);
  if (session) {
    const staff = catalog.staff.get(session.staff_id);
    if (!staff) return null;
    return {
      identity: { role: staff.role, staffId: staff.id, name: staff.name },
      credential: { kind: 'session', tokenHash, expiresAt: session.expires_at },
    };
  }
  const deviceId = deviceForToken(db, token, now);
  const device = deviceId ? devices.get(deviceId) : undefined;
  if (!device) return null;
  return {
    identity: { role: device.kind, deviceId: device.id, windowId: device.windowId, name: device.name },
    credential: { kind: 'device', tokenHash, expiresAt: null },
  };
}

/**
 * Whether a socket's credential still holds: the session not ended (logout, password reset, expiry) and
 * its staff member still there in the same role; the device token not revoked and the device not deleted.
 * Read-only, cheap enough for every command.
 */
export function stillSignedIn(db: Db, catalog: Catalog, devices: Map<string, Device>, identity: Identity, credential: SocketCredential, now: number): boolean {
  if (credential.kind === 'session') {
    const session = sessionRow(db, credential.tokenHash, now);
    const staff = session ? catalog.staff.get(session.staff_id) : undefined;
    return !!staff && staff.id === identity.staffId && staff.role === identity.role;
  }
  const row = stmts(db).device.get(credential.tokenHash) as
    | { device_id: string }
    | undefined;
  return !!row && row.device_id === identity.deviceId && devices.has(row.device_id);
}
