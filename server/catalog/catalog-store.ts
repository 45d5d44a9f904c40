import {
  bundleSchema,
  deviceSchema,
  dispatchSettingsSchema,
  hallSchema,
  queueGroupSchema,
  serviceSchema,
  staffSchema,
  windowSchema,
  type Device,
} from '../../protocol/catalog';
import { hashPassword, hashToken } from '../auth/secrets';
import type { Catalog } from '../domain/types';
import type { Db } from '../store/database';
import type { HallSeed } from './seed';

/** Kinds of catalogue documents, one row per item. */
type Kind = 'hall' | 'group' | 'service' | 'bundle' | 'window' | 'staff' | 'device' | 'settings' | 'calendar';

export function isSeeded(db: Db): boolean {
  return !!db.prepare("SELECT 1 FROM meta WHERE key = 'seeded'").get();
}

/**
 * Writes a validated seed into an empty hall database: the catalogue, hashed passwords and device tokens.
 * One transaction: a half-seeded hall cannot happen. Passwords are hashed first (scrypt is slow on purpose).
 */
export async function seedDatabase(db: Db, seed: HallSeed, now = Date.now(), passwordCost?: number): Promise<void> {
  const passwords = new Map<string, string>();
  for (const s of seed.staff) if (s.password) passwords.set(s.id, await hashPassword(s.password, passwordCost));
  const put = db.prepare('INSERT OR REPLACE INTO catalog (kind, id, doc) VALUES (?, ?, ?)');
  const doc = (kind: Kind, id: string, value: unknown) => put.run(kind, id, JSON.stringify(value));
  db.transaction(() => {
    doc('hall', 'hall', seed.hall);
    doc('settings', 'dispatch', seed.settings);
    if (seed.calendar) doc('calendar', 'calendar', seed.calendar);
    for (const g of seed.groups) doc('group', g.id, g);
    for (const s of seed.services) doc('service', s.id, s);
    for (const b of seed.bundles) doc('bundle', b.id, b);
    for (const w of seed.windows) doc('window', w.id, w);
    for (const { password: _p, ...s } of seed.staff) doc('staff', s.id, s);
    for (const { token, ...d } of seed.devices) {
      doc('device', d.id, d);
      if (token) {
        db.prepare('INSERT OR REPLACE INTO device_tokens (token_hash, device_id, issued_at) VALUES (?, ?, ?)').run(hashToken(token), d.id, now);
      }
    }
    const cred = db.prepare('INSERT OR REPLACE INTO credentials (staff_id, password_hash, updated_at) VALUES (?, ?, ?)');
    for (const [id, hash] of passwords) cred.run(id, hash, now);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?)").run(JSON.stringify({ hall: seed.hall.id, at: now }));
  })();
}

function docs<T>(db: Db, kind: Kind, parse: (v: unknown) => T): T[] {
  // In the order the hall wrote them (seed order, new items last): the kiosk lists matters that way.
  return (db.prepare('SELECT doc FROM catalog WHERE kind = ? ORDER BY rowid').all(kind) as { doc: string }[]).map((r) => parse(JSON.parse(r.doc)));
}

/** The catalogue as the domain uses it, read back (and re-validated) from the database. */
export function readCatalog(db: Db): Catalog {
  const hall = docs(db, 'hall', (v) => hallSchema.parse(v))[0];
  const settings = docs(db, 'settings', (v) => dispatchSettingsSchema.parse(v))[0];
  if (!hall || !settings) throw new Error('the hall database has no catalogue: seed it first');
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((i) => [i.id, i]));
  return {
    hall,
    settings,
    groups: byId(docs(db, 'group', (v) => queueGroupSchema.parse(v))),
    services: byId(docs(db, 'service', (v) => serviceSchema.parse(v))),
    bundles: byId(docs(db, 'bundle', (v) => bundleSchema.parse(v))),
    windows: new Map(
      docs(db, 'window', (v) => windowSchema.parse(v))
        .sort((a, b) => a.number - b.number)
        .map((w) => [w.id, w]),
    ),
    staff: byId(docs(db, 'staff', (v) => staffSchema.parse(v))),
  };
}

export function readDevices(db: Db): Map<string, Device> {
  return new Map(docs(db, 'device', (v) => deviceSchema.parse(v)).map((d) => [d.id, d]));
}

export function readCalendarDoc(db: Db): unknown {
  const row = db.prepare("SELECT doc FROM catalog WHERE kind = 'calendar' AND id = 'calendar'").get() as { doc: string } | undefined;
  return row ? JSON.parse(row.doc) : null;
}

/** The device a token belongs to, unless revoked. Records when it was last seen. */
export function deviceForToken(db: Db, token: string, now = Date.now()): string | null {
  const hash = hashToken(token);
  const row = db.prepare('SELECT device_id FROM device_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(hash) as
    | { device_id: string }
    | undefined;
  if (!row) return null;
  db.prepare('UPDATE device_tokens SET last_seen_at = ? WHERE token_hash = ?').run(now, hash);
  return row.device_id;
}
