import { z } from 'zod';
import type { ClerkCard } from '../../protocol/clerk-card';
import type { Hall } from '../hall/hall';
import type { Db } from '../store/database';
import { writeAudit } from './audit';
import type { Actor } from './deps';
import { badRequest, notFound } from './errors';

/** A photo is shown at about 240×320 on a pad or window screen: 300 KB is plenty for a JPEG of that. */
const STAFF_PHOTO_MAX_BYTES = 300 * 1024;

/** The image types a pad or screen can show, each with the bytes its files start with. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.length > 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

const photoBodySchema = z.object({
  mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  /** The file, base64 (the console reads it with FileReader). */
  data: z
    .string()
    .max(Math.ceil((STAFF_PHOTO_MAX_BYTES * 4) / 3) + 4, '照片不能大于 300 KB')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, '照片数据格式不正确'),
});

/**
 * Stores a staff member's photo: the type must be JPEG, PNG or WebP and the bytes must say so (a file
 * renamed to .jpg is refused), at most STAFF_PHOTO_MAX_BYTES. Replaces the last one; audited.
 */
export function putStaffPhoto(deps: { db: Db; hall: Hall }, actor: Actor, staffId: string, body: unknown): { updatedAt: number } {
  const staff = deps.hall.state.catalog.staff.get(staffId);
  if (!staff) throw notFound(`工作人员 ${staffId} 不存在`);
  const parsed = photoBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badRequest(issue.message, [{ path: issue.path.join('.'), message: issue.message }]);
  }
  const bytes = Buffer.from(parsed.data.data, 'base64');
  if (bytes.length > STAFF_PHOTO_MAX_BYTES) throw badRequest('照片不能大于 300 KB', [{ path: 'data', message: '照片不能大于 300 KB' }]);
  if (!SIGNATURES[parsed.data.mime]!(bytes)) throw badRequest('文件不是所选类型的图片（支持 JPG、PNG、WebP）', [{ path: 'data', message: '文件内容与图片类型不符' }]);
  const at = deps.hall.clock.now();
  deps.db.transaction(() => {
    deps.db
      .prepare('INSERT INTO staff_photos (staff_id, mime, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(staff_id) DO UPDATE SET mime = excluded.mime, data = excluded.data, updated_at = excluded.updated_at')
      .run(staffId, parsed.data.mime, bytes, at);
    writeAudit(deps.db, actor, at, { action: 'update', targetKind: 'staff-photo', targetId: staffId, summary: `更新 ${staff.name} 的照片（${Math.round(bytes.length / 1024)} KB）`, before: null, after: { mime: parsed.data.mime, bytes: bytes.length } });
  })();
  return { updatedAt: at };
}

/** Removes a staff member's photo (audited); nothing to remove is not an error. */
export function deleteStaffPhoto(deps: { db: Db; hall: Hall }, actor: Actor, staffId: string): void {
  const staff = deps.hall.state.catalog.staff.get(staffId);
  if (!staff) throw notFound(`工作人员 ${staffId} 不存在`);
  deps.db.transaction(() => {
    const gone = deps.db.prepare('DELETE FROM staff_photos WHERE staff_id = ?').run(staffId).changes;
    if (gone) writeAudit(deps.db, actor, deps.hall.clock.now(), { action: 'delete', targetKind: 'staff-photo', targetId: staffId, summary: `删除 ${staff.name} 的照片`, before: null, after: null });
  })();
}

/** The stored photo, or null. */
export function staffPhoto(db: Db, staffId: string): { mime: string; data: Buffer; updatedAt: number } | null {
  const row = db.prepare('SELECT mime, data, updated_at FROM staff_photos WHERE staff_id = ?').get(staffId) as { mime: string; data: Buffer; updated_at: number } | undefined;
  return row ? { mime: row.mime, data: row.data, updatedAt: row.updated_at } : null;
}

/** When each staff member's photo last changed (the console's staff list shows which have one). */
export function staffPhotoTimes(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT staff_id, updated_at FROM staff_photos').all() as { staff_id: string; updated_at: number }[];
  return new Map(rows.map((r) => [r.staff_id, r.updated_at]));
}

/** The clerk signed in at `windowId` now, or null when nobody is. */
export function clerkCard(deps: { db: Db; hall: Hall }, windowId: string): ClerkCard | null {
  const { state } = deps.hall;
  const w = state.windows.get(windowId);
  if (!w || !w.staffId || w.status === 'closed') return null;
  const staff = state.catalog.staff.get(w.staffId);
  if (!staff) return null;
  const photo = deps.db.prepare('SELECT updated_at FROM staff_photos WHERE staff_id = ?').get(staff.id) as { updated_at: number } | undefined;
  // The same rule as the day's figures: a rating of 3 (基本满意) or better is satisfied.
  const r = deps.db
    .prepare('SELECT COUNT(evaluation_level) AS n, COALESCE(SUM(evaluation_level >= 3), 0) AS ok FROM cases WHERE staff_id = ? AND business_date = ? AND evaluation_level IS NOT NULL')
    .get(staff.id, state.businessDate ?? '') as { n: number; ok: number };
  return {
    staffId: staff.id,
    name: staff.name,
    employeeNo: staff.employeeNo,
    photoUrl: photo ? `/api/staff/${encodeURIComponent(staff.id)}/photo?v=${photo.updated_at}` : null,
    evaluations: r.n,
    satisfactionRate: r.n > 0 ? Math.round((r.ok / r.n) * 1000) / 10 : null,
  };
}
