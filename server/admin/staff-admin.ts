import { z } from 'zod';
import type { StaffView } from '../../protocol/admin';
import type { Staff } from '../../protocol/catalog';
import { hashPassword } from '../auth/secrets';
import { createItem, deleteItem, upsertItem } from './catalog-admin';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { badRequest, notFound } from './errors';
import { disconnectWhere } from './sockets';
import { staffPhotoTimes } from './staff-photo';

const passwordSchema = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码最多 128 位')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');

function parsePassword(v: unknown): string {
  const p = passwordSchema.safeParse(v);
  if (!p.success) throw badRequest(p.error.issues[0]!.message, [{ path: 'password', message: p.error.issues[0]!.message }]);
  return p.data;
}

/** Staff as the console lists them: with whether a password is set and when it last changed. */
export function listStaff(ctx: AdminContext): StaffView[] {
  const creds = new Map(
    (ctx.db.prepare('SELECT staff_id, updated_at FROM credentials').all() as { staff_id: string; updated_at: number }[]).map((r) => [r.staff_id, r.updated_at]),
  );
  const signedIn = new Map<string, string>();
  for (const w of ctx.hall.state.windows.values()) if (w.staffId && w.status !== 'closed') signedIn.set(w.staffId, w.id);
  const photos = staffPhotoTimes(ctx.db);
  return [...ctx.hall.state.catalog.staff.values()].map((s) => ({
    ...s,
    passwordSet: creds.has(s.id),
    passwordUpdatedAt: creds.get(s.id) ?? null,
    windowId: signedIn.get(s.id) ?? null,
    photoUpdatedAt: photos.get(s.id) ?? null,
  }));
}

/** Creates a staff member, with a first password when one is given. */
export async function createStaff(ctx: AdminContext, actor: Actor, id: string, body: unknown): Promise<Staff> {
  const password = body && typeof body === 'object' && 'password' in body ? parsePassword((body as { password: unknown }).password) : null;
  const hash = password ? await hashPassword(password, ctx.deps.passwordCost) : null;
  const { password: _p, ...rest } = (body ?? {}) as Record<string, unknown>;
  return createItem(ctx, actor, 'staff', id, rest, () => {
    if (hash) ctx.db.prepare('INSERT OR REPLACE INTO credentials (staff_id, password_hash, updated_at) VALUES (?, ?, ?)').run(id, hash, ctx.now());
  });
}

/** Replaces a staff member's record (name, role ...); a role change ends their sessions. */
export function updateStaff(ctx: AdminContext, actor: Actor, id: string, body: unknown): Staff {
  const prior = ctx.hall.state.catalog.staff.get(id);
  const staff = upsertItem(ctx, actor, 'staff', id, body);
  if (prior && prior.role !== staff.role) endSessions(ctx, id);
  return staff;
}

/** Deletes a staff member with their password and sessions. */
export function deleteStaff(ctx: AdminContext, actor: Actor, id: string): void {
  deleteItem(ctx, actor, 'staff', id, () => {
    ctx.db.prepare('DELETE FROM credentials WHERE staff_id = ?').run(id);
    ctx.db.prepare('DELETE FROM staff_photos WHERE staff_id = ?').run(id);
    ctx.db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(id);
  });
  disconnectWhere(ctx.deps.io, (i) => i.staffId === id);
}

/** Sets a new password (scrypt); the staff member's open sessions end, so the old password stops working everywhere. */
export async function resetPassword(ctx: AdminContext, actor: Actor, id: string, body: unknown): Promise<void> {
  const staff = ctx.hall.state.catalog.staff.get(id);
  if (!staff) throw notFound(`工作人员 ${id} 不存在`);
  const password = parsePassword((body as { password?: unknown } | null)?.password);
  const hash = await hashPassword(password, ctx.deps.passwordCost);
  ctx.change(
    actor,
    () => {
      ctx.db.prepare('INSERT OR REPLACE INTO credentials (staff_id, password_hash, updated_at) VALUES (?, ?, ?)').run(id, hash, ctx.now());
      ctx.db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(id);
    },
    () => ({ action: 'staff.passwordReset', targetKind: 'staff', targetId: id, summary: `重置「${staff.name}」的密码`, before: null, after: null }),
  );
  if (id !== actor.id) disconnectWhere(ctx.deps.io, (i) => i.staffId === id);
}

function endSessions(ctx: AdminContext, id: string): void {
  ctx.db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(id);
  disconnectWhere(ctx.deps.io, (i) => i.staffId === id);
}
