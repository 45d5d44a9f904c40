import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../store/database';
import { hashPassword, hashToken, newToken, verifyPassword } from './secrets';

/**
 * Demo secrets: the staff passwords and device tokens written in a seed folder (the repository's demo
 * hall prints them on start, and the README lists them). On loopback they are a convenience; on a hall
 * network anyone who has read the README could sign in as the admin or issue tickets. A hall that listens
 * beyond loopback refuses to start while any of them still works, and `reset-secrets` replaces them.
 */

export interface DemoSecret {
  kind: 'staff' | 'device';
  id: string;
  /** The username or device name, for the message. */
  label: string;
}

const seedStaff = z.array(z.object({ id: z.string(), username: z.string(), password: z.string().optional() }).passthrough());
const seedDevices = z.array(z.object({ id: z.string(), name: z.string().optional(), token: z.string().optional() }).passthrough());

/** The secrets the seed folders publish; a folder or file that is missing or unreadable publishes none. */
function publishedSecrets(seedDirs: readonly string[]) {
  const staff = new Map<string, { label: string; passwords: Set<string> }>();
  const devices: { id: string; label: string; token: string }[] = [];
  for (const dir of new Set(seedDirs)) {
    for (const s of readJson(path.join(dir, 'staff.json'), seedStaff)) {
      if (!s.password) continue;
      const entry = staff.get(s.id) ?? { label: s.username, passwords: new Set<string>() };
      entry.passwords.add(s.password);
      staff.set(s.id, entry);
    }
    for (const d of readJson(path.join(dir, 'devices.json'), seedDevices)) if (d.token) devices.push({ id: d.id, label: d.name ?? d.id, token: d.token });
  }
  return { staff, devices };
}

function readJson<T>(file: string, schema: z.ZodType<T[]>): T[] {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The published secrets that still open this hall: a password still set, a token not revoked. */
export async function demoSecretsInUse(db: Db, seedDirs: readonly string[]): Promise<DemoSecret[]> {
  const { staff, devices } = publishedSecrets(seedDirs);
  const hashOf = db.prepare('SELECT password_hash FROM credentials WHERE staff_id = ?');
  const checks = [...staff].map(async ([id, s]): Promise<DemoSecret | null> => {
    const row = hashOf.get(id) as { password_hash: string } | undefined;
    if (!row) return null;
    for (const password of s.passwords) if (await verifyPassword(password, row.password_hash)) return { kind: 'staff', id, label: s.label };
    return null;
  });
  const found = (await Promise.all(checks)).filter((x): x is DemoSecret => x !== null);
  const live = db.prepare('SELECT 1 FROM device_tokens WHERE token_hash = ? AND revoked_at IS NULL');
  for (const d of devices) if (live.get(hashToken(d.token))) found.push({ kind: 'device', id: d.id, label: d.label });
  return found;
}

/** What `reset-secrets` gave in place of a demo secret: shown once, stored only as hashes. */
export interface ReplacedSecret extends DemoSecret {
  /** The new password (staff) or device token (devices). */
  secret: string;
}

/**
 * Replaces every demo secret still in use: a new random password for each such staff member (their
 * sessions end), and for each such device its demo token revoked and a new one issued. One transaction;
 * `record` is called inside it for each replacement (the audit log).
 */
export async function resetDemoSecrets(
  db: Db,
  seedDirs: readonly string[],
  now: number,
  record: (replaced: DemoSecret) => void = () => undefined,
): Promise<ReplacedSecret[]> {
  const inUse = await demoSecretsInUse(db, seedDirs);
  const { devices } = publishedSecrets(seedDirs);
  const costOf = db.prepare('SELECT password_hash FROM credentials WHERE staff_id = ?');
  const replaced = await Promise.all(
    inUse.map(async (s) => {
      const secret = s.kind === 'staff' ? newPassword() : newToken();
      if (s.kind === 'device') return { ...s, secret, hash: hashToken(secret) };
      const old = costOf.get(s.id) as { password_hash: string } | undefined;
      const cost = Number(old?.password_hash.split('$')[1]);
      return { ...s, secret, hash: await hashPassword(secret, Number.isInteger(cost) && cost > 1 ? cost : undefined) };
    }),
  );
  db.transaction(() => {
    for (const r of replaced) {
      if (r.kind === 'staff') {
        db.prepare('UPDATE credentials SET password_hash = ?, updated_at = ? WHERE staff_id = ?').run(r.hash, now, r.id);
        db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(r.id);
      } else {
        for (const d of devices.filter((x) => x.id === r.id)) {
          db.prepare('UPDATE device_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(now, hashToken(d.token));
        }
        db.prepare('INSERT INTO device_tokens (token_hash, device_id, issued_at) VALUES (?, ?, ?)').run(r.hash, r.id, now);
      }
      record(r);
    }
  })();
  return replaced.map(({ hash: _hash, ...r }) => r);
}

/** 12 characters from an alphabet without look-alikes (no 0/O, 1/l/I): read aloud or typed from paper. */
function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** Whether a listen address reaches only this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
